"""Discovery benchmarks (JSON output); only `reachroom bench …` and benchmarks/ run them, never a request.

* ``commands.py`` — ``reachroom bench discovery`` (DB-backed index build, latency, recall, brute force, SQL) and
  ``reachroom bench relevance`` (demo data);
* ``scratch_db.py`` — writes the engine's synthetic catalogue into a scratch SQLite database, fast;
* ``engine.py`` — the engine alone on in-memory synthetic arrays (``benchmarks/bench_discovery_engine.py``).
"""
