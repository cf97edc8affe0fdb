"""Readers beside a writer: does a reader's query ever run away while a build writes?

    python3 bench/readers.py [--runs 30] [--articles 40] [--limit-mb 800] [--work DIR]

Each run copies a store of the bundled articles, starts `kg build` of --articles
generated articles into it (one transaction per article), and beside it a reader that
opens the store read-only and counts its articles, again and again, until the build
ends. The reader's resident memory is sampled every 50 ms; past --limit-mb it has met a
scan that never ends (a read-only RocksDB view whose files compaction deleted: the
query repeats the error without end), and is killed. Prints, per run, the reader's peak
and how many queries it answered, then how many runs ran away.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

READER = """
import sys
from kg.store import StoreError, open_store
n = 0
while True:
    try:
        with open_store(sys.argv[1], read_only=True) as st:
            st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Article }")
        n += 1
        print(n, flush=True)
    except StoreError:
        pass
"""


def rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def one_run(base: Path, articles: Path, store: Path, limit_mb: int) -> tuple[int, int, bool]:
    """(reader's peak RSS in MB, queries answered, whether it ran away)."""
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(base, store)
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store),
                              "--no-validate", "--no-bulk"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = store.with_suffix(".reader")
    with open(out, "w") as sink:
        reader = subprocess.Popen([sys.executable, "-c", READER, str(store)], stdout=sink, stderr=subprocess.DEVNULL)
        peak, ran_away = 0, False
        while build.poll() is None:
            peak = max(peak, rss_mb(reader.pid))
            if peak > limit_mb:
                ran_away = True
                break
            time.sleep(0.05)
        reader.kill()
        reader.wait()
    build.wait()
    answered = len(out.read_text().split())
    return peak, answered, ran_away


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--limit-mb", type=int, default=800)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench/readers"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    articles, base = args.work / "articles", args.work / "base"
    if not articles.exists():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(articles), "--count", str(args.articles)],
                       check=True, stdout=subprocess.DEVNULL)
    if not base.exists():
        subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "data" / "articles"), "--store", str(base),
                        "--no-validate", "-q"], check=True, stdout=subprocess.DEVNULL)
    print("run  reader peak MB  queries  ran away")
    away = 0
    for run in range(args.runs):
        peak, answered, ran_away = one_run(base, articles, args.work / "store", args.limit_mb)
        away += ran_away
        print(f"{run:3d}  {peak:14d}  {answered:7d}  {'yes' if ran_away else 'no'}", flush=True)
    print(f"{away} of {args.runs} runs: a reader ran away")


if __name__ == "__main__":
    main()
