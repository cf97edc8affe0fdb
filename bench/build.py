"""Build speed, memory and the cost of a rerun, on generated corpora.

    python3 bench/build.py [--sizes 1000 10000] [--jobs 1 2] [--validate] [--extract-only] [--work DIR]

For each corpus size (made by bench/corpus.py, kept in --work) and each --jobs value,
``kg build`` runs in a fresh process on a fresh store; its wall time and memory (the
process and its workers, sampled from /proc every 0.1 s) are recorded: peak RSS, peak PSS
(shared pages divided among the processes sharing them), and peak PSS in the first half
of the build, which a build whose memory is flat in the corpus keeps close to the
whole build's. Then the same build is rerun on the unchanged corpus. With
``--extract-only``, ``kg extract`` runs on each corpus too: the same extraction, no
store, to tell the memory extraction needs from the memory the store's indexes take.
One run per configuration.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional memory (bytes) of ``pid`` and its descendants. Forked
    workers share the parent's pages (spaCy's tables, the lexicons), which RSS counts once
    per process; PSS divides each shared page among its sharers, so it sums fairly."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return rss, pss


def timed_build(corpus: Path, store: Path | None, jobs: int, validate: bool) -> tuple[float, dict, str]:
    """Wall seconds, memory figures (MB: peak RSS and PSS over the whole build, and peak
    PSS over its first half — flat memory makes the two PSS figures close) and output.
    ``store=None``: ``kg extract`` instead, the same extraction with no store at all."""
    if store is None:
        cmd = [sys.executable, "-m", "kg", "extract", str(corpus), "--format", "json"]
    else:
        cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--jobs", str(jobs), "-q"]
        if not validate:
            cmd.append("--no-validate")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL if store is None else subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    samples = []
    while proc.poll() is None:
        samples.append((time.perf_counter() - t, *tree_memory(proc.pid)))
        time.sleep(0.1)
    seconds = time.perf_counter() - t
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"kg build failed: {err}")
    mb = 2**20
    memory = {"rss": max(s[1] for s in samples) / mb, "pss": max(s[2] for s in samples) / mb,
              "pss_half": max(s[2] for s in samples if s[0] <= seconds / 2) / mb}
    return seconds, memory, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, nargs="*", default=[1, 2], help="none: only --extract-only")
    ap.add_argument("--validate", action="store_true", help="keep the per-article SHACL check on")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--extract-only", action="store_true",
                    help="also run `kg extract` on each corpus: the memory of extraction without a store")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"SHACL per article: {'on' if args.validate else 'off'}")
    print(f"{'articles':>8} {'jobs':>4} {'build s':>8} {'art/s':>7} {'RSS MB':>7} {'PSS MB':>7} {'½ PSS':>6} {'triples':>9} "
          f"{'rerun s':>8} {'rerun %':>8}")
    for n in args.sizes:
        corpus = args.work / f"corpus-{n}"
        if not corpus.exists() or len(list(corpus.glob("*.txt"))) != n:
            subprocess.run([sys.executable, str(HERE / "corpus.py"), str(corpus), "--count", str(n)], check=True,
                           stdout=subprocess.DEVNULL)
        for jobs in args.jobs:
            store = args.work / f"store-{n}-{jobs}"
            shutil.rmtree(store, ignore_errors=True)
            seconds, mem, out = timed_build(corpus, store, jobs, args.validate)
            triples = next((l.split()[1] for l in out.splitlines() if l.startswith("triples")), "?")
            rerun, _, _ = timed_build(corpus, store, jobs, args.validate)
            print(f"{n:>8} {jobs:>4} {seconds:>8.1f} {n / seconds:>7.1f} {mem['rss']:>7.0f} {mem['pss']:>7.0f} "
                  f"{mem['pss_half']:>6.0f} {triples:>9} {rerun:>8.1f} {100 * rerun / seconds:>7.1f}%", flush=True)
            shutil.rmtree(store, ignore_errors=True)
        if args.extract_only:
            seconds, mem, _ = timed_build(corpus, None, 1, args.validate)
            print(f"{n:>8} {'extract only':>13} {n / seconds:>7.1f} {mem['rss']:>7.0f} {mem['pss']:>7.0f} "
                  f"{mem['pss_half']:>6.0f}", flush=True)


if __name__ == "__main__":
    main()
