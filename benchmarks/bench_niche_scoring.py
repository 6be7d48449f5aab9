"""Niche-scoring throughput: `python benchmarks/bench_niche_scoring.py` (one core, prints one JSON object).

`NicheClassifier.post_probabilities` (embedding + lexicon + term weights + head) in texts/second, best of
--repeats, each repeat with a fresh lexicon (no warm caches), on (a) --texts captions built from the
package's training corpus (the same texts as bench_embedder.py; mostly English and Norwegian) and (b) the
multilingual check set (benchmarks/data/niche_check_multilingual.csv, 11 languages, Japanese and Arabic
included) repeated to --texts captions. Run it on two checkouts to compare before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHECK_SET = ROOT / "benchmarks" / "data" / "niche_check_multilingual.csv"


def rate(clf, lexicon_cls, texts: list[str], repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        clf.lexicon = lexicon_cls()
        started = time.perf_counter()
        clf.post_probabilities(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return round(best, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=20000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    from bench_embedder import corpus_texts

    from reachroom.content.niches import Lexicon, NicheClassifier

    clf = NicheClassifier()
    corpus = corpus_texts(args.texts)
    with open(CHECK_SET, newline="", encoding="utf-8") as fh:
        check = [r["text"] for r in csv.DictReader(fh)]
    multilingual = (check * (args.texts // len(check) + 1))[: args.texts]
    # every repeated caption made distinct, so caches do not flatter the multilingual number
    multilingual = [f"{t} {i}" for i, t in enumerate(multilingual)]
    print(json.dumps({
        "texts": args.texts,
        "corpus_texts_per_second": rate(clf, Lexicon, corpus, args.repeats),
        "multilingual_texts_per_second": rate(clf, Lexicon, multilingual, args.repeats),
    }))


if __name__ == "__main__":
    main()
