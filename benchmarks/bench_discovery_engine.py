"""Discovery engine benchmark: synthetic catalogue of N creators, Q mixed queries, recall against brute force.

    python benchmarks/bench_discovery_engine.py --creators 1000000 --queries 200 --json

Prints one JSON object (with --json) whose keys include creators, queries, build_s, index_bytes, p50_ms, p95_ms,
p99_ms, recall_at_50 and bruteforce_p95_ms. Results and the command are recorded in docs/discovery-engine.md.
"""

import argparse
import json

from reachroom.discovery.bench.engine import run_benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dim", type=int, default=128, help="embedding dimensions")
    parser.add_argument("--k", type=int, default=50, help="results per query (top-k)")
    parser.add_argument("--recall-queries", type=int, default=None,
                        help="queries also run through brute force (default: all)")
    parser.add_argument("--candidates", type=int, default=None, help="pre-ranking candidates re-scored exactly")
    parser.add_argument("--index-dir", default=None, help="where to save the index (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run_benchmark(args.creators, args.queries, seed=args.seed, dim=args.dim, k=args.k,
                           recall_queries=args.recall_queries, candidates=args.candidates,
                           index_dir=args.index_dir)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
