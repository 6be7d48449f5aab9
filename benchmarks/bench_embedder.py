"""Benchmark the offline embedder and the niche classifier: `python benchmarks/bench_embedder.py [--json]`.

Texts are realistic captions built from the package's own training corpus (hand-written captions with
hashtags, ~100-300 characters), so the benchmark runs without any external data. It uses ONE core
(TOKENIZERS_PARALLELISM=false), measures texts/second for embedding alone and for full niche classification
(embedding + lexicon + head), and extrapolates the time to profile the 20k-creator demo and 1M creators at
--posts-per-creator posts each. Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def corpus_texts(n: int, seed: int = 0) -> list[str]:
    path = ROOT / "src" / "reachroom" / "content" / "data" / "niche_corpus.txt"
    caps, tags = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "[")):
            continue
        if " | " in line:
            tags += [t.strip().replace(" ", "") for t in line.split("|") if t.strip()]
        else:
            caps.append(line)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = " ".join(rng.sample(caps, rng.choice([1, 1, 2, 3])))
        text += " " + " ".join("#" + rng.choice(tags) for _ in range(rng.choice([0, 3, 8, 15])))
        out.append(text.strip())
    return out


def best_rate(fn, texts: list[str], repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        fn(texts)
        elapsed = time.perf_counter() - start
        best = max(best, len(texts) / elapsed)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=20000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--posts-per-creator", type=int, default=12)
    ap.add_argument("--json", action="store_true", help="(accepted for run_all.py; output is always JSON)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from reachroom.content.embedder import get_embedder
    from reachroom.content.niches import get_classifier

    emb = get_embedder()
    load_embedder_s = time.perf_counter() - t0
    clf = get_classifier()
    load_total_s = time.perf_counter() - t0
    texts = corpus_texts(args.texts)
    emb.encode(texts[:500])  # warm up
    embed_rate = best_rate(emb.encode, texts, args.repeats)
    classify_rate = best_rate(clf.post_probabilities, texts, max(1, args.repeats - 1))
    ppc = args.posts_per_creator
    result = {
        "embedder": emb.version,
        "dims": emb.dim,
        "model_bytes": sum(p.stat().st_size for p in emb.model_dir.iterdir() if p.is_file()),
        "threads": 1,
        "n_texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "load_seconds": {"embedder": round(load_embedder_s, 3), "embedder_and_head": round(load_total_s, 3)},
        "embed_texts_per_second": round(embed_rate, 1),
        "classify_texts_per_second": round(classify_rate, 1),
        "posts_per_creator": ppc,
        "profile_20k_creators_seconds": round(20_000 * ppc / classify_rate, 1),
        "profile_1m_creators_hours": round(1_000_000 * ppc / classify_rate / 3600, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
