"""The example queries on a store of about a million triples: Oxigraph next to rdflib's
in-memory graph, in one run.

    python3 bench/query.py [--articles 1500] [--repeat 5] [--timeout 60] [--work DIR] [--before REV]

A corpus from bench/corpus.py, plus the bundled articles (which the queries naming 唐登杰
or a seed's document id ask about), is built into an Oxigraph store (``kg build
--no-validate --jobs 2``); the same quads are loaded into an rdflib ``Dataset`` (union
default graph). Each query of examples/queries runs ``--repeat`` times on each and the
median latency (seconds, the answer serialised as SPARQL JSON and read in full) is
printed. rdflib runs each query in a forked child that is killed at ``--timeout``, shown
as ">T". ``--before REV`` also times the queries as they were at git revision REV, on the
same Oxigraph store.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent / "examples" / "queries"


class RdflibStore:
    """rdflib's in-memory engine, for the comparison only (kg's own stores are Oxigraph's):
    a Dataset whose default graph is the union, queried with kg's prefixes."""

    def __init__(self):
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)

    def query(self, text: str):
        from kg.vocab import PREFIXES

        return list(self.dataset.query(text, initNs=dict(PREFIXES)))


def timed(store, text: str) -> float:
    t = time.perf_counter()
    store.query(text)
    return time.perf_counter() - t


def median_time(store, text: str, repeat: int) -> float:
    return statistics.median(timed(store, text) for _ in range(repeat))


def query_at(rev: str, name: str) -> str | None:
    """examples/queries/NAME.rq at git revision ``rev`` (None if it did not exist)."""
    done = subprocess.run(["git", "show", f"{rev}:examples/queries/{name}.rq"], cwd=HERE.parent,
                          capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def _child(store, text, conn):
    conn.send(timed(store, text))


def timed_in_child(store, text: str, timeout: float) -> float | None:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(store, text, child))
    proc.start()
    try:
        return parent.recv() if parent.poll(timeout) else None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--before", metavar="REV", help="also time the queries as they were at this git revision")
    args = ap.parse_args()
    from kg.query import read_query
    from kg.read import bundled_articles
    from kg.store import open_store

    corpus = args.work / f"corpus-{args.articles}"
    store_dir = args.work / f"query-store-{args.articles}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(corpus), "--count", str(args.articles)],
                       check=True, stdout=subprocess.DEVNULL)
        for seed in Path(bundled_articles()).glob("*.txt"):
            shutil.copy(seed, corpus / seed.name)
    if not store_dir.exists():
        subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store_dir),
                        "--no-validate", "--jobs", "2", "-q"], check=True, stdout=subprocess.DEVNULL)
    oxi = open_store(store_dir, read_only=True)
    t = time.perf_counter()
    mem = RdflibStore()
    for s, p, o, g in oxi.quads():
        mem.dataset.graph(g).add((s, p, o))
    load = time.perf_counter() - t
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{args.articles} articles, {len(oxi)} triples (rdflib load {load:.0f} s); "
          f"median of {args.repeat} runs, seconds\n")
    before = f"at {args.before}"
    head = f"{'query':<36}" + (f"{before:>12}" if args.before else "") + f"{'oxigraph':>10}{'rdflib':>10}{'ratio':>8}"
    print(head)
    for path in sorted(QUERIES.glob("*.rq")):
        text = read_query(str(path))
        ox = median_time(oxi, text, args.repeat)
        old = ""
        if args.before:
            old_text = query_at(args.before, path.stem)
            old = f"{median_time(oxi, old_text, args.repeat):>12.3f}" if old_text else f"{'-':>12}"
        runs = []
        for _ in range(args.repeat):
            r = timed_in_child(mem, text, args.timeout)
            runs.append(r)
            if r is None or r > 10:
                break  # one slow run says enough
        if any(r is None for r in runs):
            rd, ratio = f">{args.timeout:g}", f">{args.timeout / ox:.0f}"
        else:
            med = statistics.median(runs)
            rd, ratio = f"{med:.3f}", f"{med / ox:.0f}"
        print(f"{path.stem:<36}{old}{ox:>10.3f}{rd:>10}{ratio:>8}", flush=True)

if __name__ == "__main__":
    main()
