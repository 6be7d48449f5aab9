"""Run every benchmark script in this folder and print one JSON object keyed by script name."""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ARGS = {
    "bench_demo.py": ["--creators", "20000"],
}


def main() -> None:
    """Run bench_*.py with their default sizes; each prints one JSON object on its last line."""
    results = {}
    for script in sorted(HERE.glob("bench_*.py")):
        args = DEFAULT_ARGS.get(script.name, [])
        proc = subprocess.run([sys.executable, str(script), *args, "--json"], capture_output=True, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
        ok = proc.returncode == 0 and lines
        results[script.stem] = json.loads(lines[-1]) if ok else {"error": proc.stderr[-2000:]}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
