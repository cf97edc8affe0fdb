"""The long run of tests/test_property.py: many thousands of hostile texts made from the
real articles through the whole pipeline (read, extract, resolve, RDF, SHACL, store),
then how time grows with the length of a line without punctuation.

    python3 bench/fuzz.py [--examples 5000] [--seed 0] [--sizes 10000 20000 40000 80000]

Prints every class of failure (exception and where it was raised, with the shortest text
that caused it), the slowest examples per character, and a growth table (median of 3
runs per size). Exit code 1 if anything failed.
"""
from __future__ import annotations

import argparse
import collections
import logging
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from mangle import article_text, flattened  # noqa: E402
from pipeline_check import run_pipeline  # noqa: E402


def fuzz(examples: int, random_seed: int):
    failures: collections.Counter = collections.Counter()  # "Exception at file:line: message" → count
    shortest: dict[str, str] = {}
    timings: list[tuple[float, int]] = []

    @seed(random_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(article_text)
    def one(text):
        started = time.perf_counter()
        try:
            run_pipeline(text)
        except Exception as e:  # noqa: BLE001 — counted and shown, the run goes on
            frame = traceback.extract_tb(e.__traceback__)[-1]
            key = f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno}: {str(e)[:160]}"
            failures[key] += 1
            if key not in shortest or len(text) < len(shortest[key]):
                shortest[key] = text
        timings.append((time.perf_counter() - started, len(text)))

    one()
    return failures, shortest, timings


def growth(sizes: list[int]):
    previous = prev_n = None
    print(f"{'chars':>8} {'s':>7} {'µs/char':>8}  growth")
    for n in sizes:
        text = flattened(n)
        run_pipeline(text)  # warm-up
        s = statistics.median(run_pipeline(text) for _ in range(3))
        ratio = f"×{s / previous:.2f} for ×{n / prev_n:.0f}" if previous else ""
        print(f"{n:>8} {s:>7.2f} {s / n * 1e6:>8.1f}  {ratio}", flush=True)
        previous, prev_n = s, n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000, 80_000])
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # rdflib's warnings are checked by run_pipeline itself
    started = time.perf_counter()
    failures, shortest, timings = fuzz(args.examples, args.seed) if args.examples else (collections.Counter(), {}, [])
    chars = sum(n for _, n in timings)
    print(f"examples  {len(timings)} ({chars:,} characters) in {time.perf_counter() - started:.0f} s, "
          f"seed {args.seed}")
    print(f"failures  {sum(failures.values())}")
    for key, n in failures.most_common():
        print(f"  {n:>5}  {key}\n         shortest: {shortest[key][:300]!r}")
    print("slowest per character, of 1,000 characters or more:")
    for s, n in sorted((t for t in timings if t[1] >= 1000), key=lambda t: -t[0] / t[1])[:3]:
        print(f"  {s:.2f} s  {n} chars  {s / n * 1e6:.0f} µs/char")
    print("\na line of names and titles without punctuation (tests/test_property.py):")
    growth(args.sizes)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
