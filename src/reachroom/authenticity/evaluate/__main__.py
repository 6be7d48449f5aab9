"""`python -m reachroom.authenticity.evaluate report|train|eval-accounts` (see docs/authenticity.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..classifier import load_model
from ..train import train_main
from ..training_data import TrainingDataMissing
from .accounts import CsvValidationError, evaluate_csv
from .report import full_report, rounded, share_report, share_table


def _json_default(o: Any) -> Any:
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(type(o))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reachroom.authenticity.evaluate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_eval = sub.add_parser("eval-accounts", help="evaluate the shipped model on a labelled follower CSV")
    p_eval.add_argument("--csv", required=True)
    p_eval.add_argument("--model-dir", default=None)
    p_eval.add_argument("--json", action="store_true")
    p_train = sub.add_parser("train", help="train on the shared data and write model.json + metadata.json")
    p_train.add_argument("--data-dir", default=None)
    p_train.add_argument("--out-dir", default=None, help="default: the packaged model directory")
    p_rep = sub.add_parser("report", help="CV, missing-column, cross-dataset and share-simulation numbers")
    p_rep.add_argument("--data-dir", default=None)
    p_rep.add_argument("--quick", action="store_true")
    p_rep.add_argument("--out", default=None, help="also write the JSON report here")
    p_share = sub.add_parser("share", help="share on synthetic mixtures, leaving one collection out (table)")
    p_share.add_argument("--data-dir", default=None)
    p_share.add_argument("--reps", type=int, default=10)
    p_share.add_argument("--out", default=None, help="also write the JSON here")
    args = parser.parse_args(argv)

    try:
        if args.cmd == "eval-accounts":
            try:
                res = evaluate_csv(Path(args.csv), load_model(args.model_dir))
            except CsvValidationError as exc:
                for e in exc.errors:
                    print(str(e), file=sys.stderr)
                return 2
            if args.json:
                print(json.dumps(rounded(res), default=_json_default))
            else:
                for k, v in rounded(res).items():
                    print(f"{k:28s} {v}")
        elif args.cmd == "train":
            print(json.dumps(rounded(train_main(args.data_dir, args.out_dir)), indent=2, default=_json_default))
        elif args.cmd == "share":
            rep = share_report(args.data_dir, reps=args.reps)
            if args.out:
                Path(args.out).write_text(json.dumps(rep, indent=2, default=_json_default) + "\n", encoding="utf-8")
            print(share_table(rep))
        else:
            rep = full_report(args.data_dir, quick=args.quick)
            text = json.dumps(rep, indent=2, default=_json_default)
            if args.out:
                Path(args.out).write_text(text + "\n", encoding="utf-8")
            print(text)
    except TrainingDataMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
