"""How the explorer of `kg serve` answers on a large store, in headless Chromium; and the
largest graph `kg render` draws readably.

    python3 bench/explore.py --store STORE [--samples 20]
    python3 bench/explore.py --articles 10000          # generates and builds the store first

Against a `kg serve` of the store, from a page of the explorer (times seen by the page,
fetch and drawing included):

- suggestions: typing a name (two characters of a label, or a whole label) until the list
  is shown;
- neighbourhood: opening an entity until its neighbours are drawn (typical entities drawn
  at random, and the store's three largest hubs apart);
- entity page: the navigation to /entity/… until the page is loaded;
- the twelve example queries run in the editor until their result is shown.

Then `kg render` of stores made of more and more generated articles, each page opened
from file:// and fitted to the window as it opens: the share of node labels drawn at all
on screen and the share of labels that overlap another. The whole graph is legible at
once while labels are at least 9 px and few overlap; past the size where even the fitted
overview has most labels overlapping, a drawing is a hairball (kg render warns there).
Medians; one run.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]

# Runs in the explorer page: awaits what a user's action starts, then a frame (the drawing).
TIMED = """async ([what, arg]) => {
  const t0 = performance.now();
  if (what === "suggest") { document.getElementById("search").value = arg; await kg.suggest(); }
  else if (what === "open") { kg.clear(); await kg.open(arg); }
  else if (what === "run") { kg.editor.setValue(arg); await kg.run(); }
  await new Promise(r => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}"""

# Runs in a page of `kg render`: how readable the drawing is once fitted to the window.
READABLE = """() => {
  network.fit({animation: false});
  const scale = network.getScale(), pos = network.getPositions();
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = (14 * scale) + "px sans-serif";
  const ids = nodes.getIds(), boxes = ids.map(id => {
    const w = ctx.measureText(nodes.get(id).label).width, p = network.canvasToDOM(pos[id]);
    return {x: p.x - w / 2, y: p.y + 12 * scale, w: w, h: 14 * scale};
  });
  let overlapping = 0;
  const grid = {};
  boxes.forEach((b, i) => { const k = Math.floor(b.x / 80) + ":" + Math.floor(b.y / 20); (grid[k] = grid[k] || []).push(i); });
  boxes.forEach((a, i) => {
    const gx = Math.floor(a.x / 80), gy = Math.floor(a.y / 20);
    for (let dx = -2; dx <= 2; dx++) for (let dy = -1; dy <= 1; dy++) {
      for (const j of grid[(gx + dx) + ":" + (gy + dy)] || []) {
        const b = boxes[j];
        if (j !== i && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) { overlapping++; return; }
      }
    }
  });
  return {nodes: ids.length, scale: scale, px: 14 * scale, overlap: overlapping / ids.length};
}"""


def median_ms(values) -> str:
    return f"{statistics.median(values):.0f}"


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    port = 8700 + random.randrange(200)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
                             ], stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while True:
        try:
            urllib.request.urlopen(base + "/api/search?q=x", timeout=600)
            break
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("kg serve did not start")
            time.sleep(0.2)
    print(f"kg serve ready in {time.monotonic() - started:.1f} s (name index made at start)")
    return proc, base


def sample_entities(store: Path, n: int, seed: int = 0) -> tuple[list, list]:
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        rows = st.query("SELECT ?e ?label WHERE { ?c kg:entityType ?t . ?e a ?c ; rdfs:label ?label }").values
        hubs = st.query("""SELECT ?e (COUNT(*) AS ?n) WHERE { ?ev rdf:object ?e } GROUP BY ?e
                           ORDER BY DESC(?n) LIMIT 3""").values
    rows = sorted(set(rows))
    return random.Random(seed).sample(rows, n), [h[0] for h in hubs]


def explorer(store: Path, samples: int) -> None:
    from kg.explore import entity_path
    from kg.resources import example_queries

    entities, hubs = sample_entities(store, samples)
    proc, base = serve(store)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(base + "/")
            page.evaluate("() => new Promise(r => { const t = () => kg.ready ? r() : setTimeout(t, 50); t(); })")
            timed = lambda what, arg: page.evaluate(TIMED, [what, arg])  # noqa: E731
            timed("suggest", "应急")  # warm-up
            short = [timed("suggest", label[:2]) for _, label in entities]
            whole = [timed("suggest", label) for _, label in entities]
            opened = [timed("open", e) for e, _ in entities]
            hub_ms = [timed("open", h) for h in hubs]
            pages = []
            for e, _ in entities:
                page.goto(base + entity_path(e))
                pages.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].duration"))
            hub_pages = []
            for h in hubs:
                page.goto(base + entity_path(h))
                hub_pages.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].duration"))
            page.goto(base + "/")
            page.evaluate("() => new Promise(r => { const t = () => kg.ready ? r() : setTimeout(t, 50); t(); })")
            page.click("button[data-tab=query]")
            queries = [(q["name"], timed("run", q["query"]), page.inner_text("#status")) for q in example_queries()]
            browser.close()
    finally:
        proc.terminate()
    print(f"\n{samples} entities drawn at random; hubs: the 3 most related\n")
    print("| action | median ms | max ms |\n|---|---:|---:|")
    for name, values in (("suggestions, 2 characters typed", short), ("suggestions, a whole name", whole),
                         ("neighbourhood opened and drawn", opened), ("— of a hub", hub_ms),
                         ("entity page loaded", pages), ("— of a hub", hub_pages)):
        print(f"| {name} | {median_ms(values)} | {max(values):.0f} |")
    print("\n| example query | ms | result |\n|---|---:|---|")
    for name, ms, status in queries:
        print(f"| {name} | {ms:.0f} | {status.split(' · ')[0]} |")


def render_sizes(sizes: list[int]) -> None:
    from kg.build import build
    from kg.network import to_networkx
    from kg.render import render_html

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        corpus = Path(tmp) / "corpus"
        subprocess.run([sys.executable, str(HERE / "corpus.py"), corpus, "--count", str(max(sizes))],
                       check=True, capture_output=True)
        files = sorted(corpus.iterdir())
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        print("\n| articles | nodes | scale when fitted | label px | labels overlapping |")
        print("|---:|---:|---:|---:|---:|")
        for n in sizes:
            graph = to_networkx(build(files[:n], store=None, validate=False).store)
            out = Path(tmp) / f"g{n}.html"
            out.write_text(render_html(graph), encoding="utf-8")
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(out.as_uri())
            page.wait_for_function("window.kgReady === true", timeout=120000)
            r = page.evaluate(READABLE)
            page.close()
            print(f"| {n} | {r['nodes']} | {r['scale']:.2f} | {r['px']:.1f} | {r['overlap']:.0%} |")
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a built store (else one of --articles generated articles)")
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--render-sizes", type=int, nargs="*", default=[1, 2, 5, 10, 15, 20, 40, 80])
    args = ap.parse_args()
    store = args.store
    if store is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, str(HERE / "corpus.py"), tmp / "corpus", "--count", str(args.articles)],
                       check=True)
        subprocess.run([sys.executable, "-m", "kg", "build", tmp / "corpus", "--store", tmp / "store",
                        "--no-validate", "-j", "2"], check=True)
        store = tmp / "store"
    explorer(store, args.samples)
    if args.render_sizes:
        render_sizes(args.render_sizes)


if __name__ == "__main__":
    main()
