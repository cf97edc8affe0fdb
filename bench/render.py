"""How fast the interactive page becomes usable, in headless Chromium, by graph size.

    python3 bench/render.py [--sizes 500 1000 5000] [--repeat 3]

For each size a synthetic graph of kg's shape (entity types in the seeds' proportions,
about two relations per node, each with one evidence sentence) is rendered by
``kg.render.render_html``; the page is opened from file:// and timed until vis-network
has drawn it (``window.kgReady``), then a search is timed until its node is focused.
Medians of ``--repeat`` page loads; the render time (layout + HTML) is measured once.
"""
from __future__ import annotations

import argparse
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from kg.render import render_html

TYPES = [("Principle", None, 0.35), ("Body", None, 0.24), ("Official", None, 0.18),
         ("Event", "Meeting", 0.08), ("Event", "Campaign", 0.05), ("Event", "Accident", 0.02),
         ("Place", None, 0.08)]
PREDICATES = {"Official": ["holdsPost", "presided", "attended", "emphasized"],
              "Body": ["convened", "emphasized", "partOf"], "Event": ["emphasized", "respondsTo", "occurredIn"]}


def synthetic(n: int, seed: int = 0) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    weights = [w for *_, w in TYPES]
    for i in range(n):
        t, sub, _ = rng.choices(TYPES, weights)[0]
        g.add_node(f"n{i}", type=t, subtype=sub, label=f"{t}{i}号", articles=[f"doc{rng.randrange(n // 5 + 1)}"])
    nodes = list(g.nodes)
    for _ in range(2 * n):
        a, b = rng.sample(nodes, 2)
        t = g.nodes[a]["type"]
        if t in PREDICATES:
            p = rng.choice(PREDICATES[t])
            g.add_edge(a, b, key=p, predicate=p, evidence=[{"doc": "doc1", "title": "标题", "date": "2024-01-01",
                                                           "sentence": "会议强调,要坚持“两个至上”。", "source": None}])
    return g


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {chromium}")
    print(f"{'nodes':>6} {'edges':>6} {'render s':>9} {'page MB':>8} {'ready s':>8} {'search s':>9}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        for n in args.sizes:
            g = synthetic(n)
            t = time.perf_counter()
            html = render_html(g)
            render_s = time.perf_counter() - t
            path = Path(tmp) / f"g{n}.html"
            path.write_text(html, encoding="utf-8")
            ready, search = [], []
            for _ in range(args.repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("window.kgReady === true", timeout=120_000)
                ready.append(time.perf_counter() - t)
                t = time.perf_counter()
                page.evaluate(f"focusNode('Official{next(i for i in range(n) if g.nodes[f'n{i}']['type'] == 'Official')}号')")
                page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                search.append(time.perf_counter() - t)
                page.close()
            print(f"{n:>6} {g.number_of_edges():>6} {render_s:>9.2f} {len(html) / 2**20:>8.1f} "
                  f"{statistics.median(ready):>8.2f} {statistics.median(search):>9.3f}")
        browser.close()


if __name__ == "__main__":
    main()
