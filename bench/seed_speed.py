"""Time `flask --app app seed-demo --patients N` on a fresh SQLite database.

Usage (from the project root):

    .venv/bin/python bench/seed_speed.py                  # 10,000 patients, 3 runs
    .venv/bin/python bench/seed_speed.py --patients 2000 --runs 1

Each run migrates a new database in a temporary directory, then times the whole command (the demo
accounts, the demo clinic and the bulk patients) as a person would see it, and the bulk step alone
as the command reports it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def flask(*args: str, env: dict[str, str]) -> str:
    """Run a `flask --app app` command (fixed arguments, no shell) and return what it printed."""
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def run_once(patients: int) -> tuple[float, float]:
    """(seconds for the whole command, seconds for the bulk step) on a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CARESPACE_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}"}
        env.pop("CARESPACE_ENV", None)
        flask("db", "upgrade", env=env)
        started = time.perf_counter()
        output = flask("seed-demo", "--patients", str(patients), env=env)
        total = time.perf_counter() - started
    bulk = re.search(r"in ([\d.]+) s\.", output)
    return total, float(bulk.group(1)) if bulk else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [run_once(args.patients) for _ in range(args.runs)]
    for n, (total, bulk) in enumerate(results, 1):
        print(f"run {n}: seed-demo --patients {args.patients}: {total:.1f} s in all, bulk step {bulk:.1f} s")
    print(
        f"median of {args.runs}: {statistics.median(r[0] for r in results):.1f} s in all, "
        f"{statistics.median(r[1] for r in results):.1f} s bulk ({os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
