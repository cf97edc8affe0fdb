"""The README's screenshots of `kg serve`, made from the bundled articles in headless
Chromium (Debian's, with CJK fonts):

    python3 scripts/make_screenshots.py [--out docs]

writes explorer.png (a search grown into a neighbourhood), entity.png (王启瑞's
page: posts with dates, sentences from two articles, one in traditional characters) and editor.png (an example query).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def wait(page, predicate: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {predicate}")
        time.sleep(0.05)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    args.out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "kg", "build", ROOT / "data" / "articles", "--store", store, "-q"],
                       check=True, capture_output=True)
        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port)],
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=1)
                    break
                except OSError:
                    if server.poll() is not None:
                        raise SystemExit("kg serve did not start")
                    time.sleep(0.2)
            shoot(base, args.out)
        finally:
            server.terminate()


def shoot(base: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 820})
        page.goto(base + "/")
        wait(page, "() => window.kg && kg.ready")
        page.fill("#search", "两个至上")
        page.wait_for_selector("#suggestions li")
        page.keyboard.press("Enter")
        wait(page, "() => kg.busy === 0 && kg.nodes.length > 1")
        official = page.evaluate("() => kg.nodes.getIds().find(id => id.includes('/official/'))")
        page.evaluate("id => kg.expand(id)", official)
        wait(page, "() => kg.busy === 0")
        page.evaluate("() => kg.network.fit({animation: false})")
        page.evaluate("id => { kg.network.selectNodes([id]); }", official)
        page.click("#graph", position={"x": 5, "y": 5})  # nothing there: the panel keeps the node
        page.evaluate("id => kg.showEdge(kg.network.getConnectedEdges(id)[0])", official)
        wait(page, "() => kg.busy === 0")
        page.fill("#search", "应急管理")
        page.evaluate("() => kg.suggest()")
        page.wait_for_selector("#suggestions li")
        page.screenshot(path=str(out / "explorer.png"))
        page.goto(base + "/entity/official/%E5%B1%B1%E8%A5%BF%E7%9C%81/%E7%8E%8B%E5%90%AF%E7%91%9E")
        page.screenshot(path=str(out / "entity.png"))
        page.goto(base + "/")
        wait(page, "() => window.kg && kg.ready")
        page.click("button[data-tab=query]")
        wait(page, "() => kg.examples && kg.examples.length > 0")
        names = page.evaluate("() => kg.examples.map(q => q.name)")
        page.select_option("#examples", str(names.index("who-emphasized-sanguan-sanbixu")))
        page.evaluate("() => kg.run()")
        wait(page, "() => kg.busy === 0")
        page.screenshot(path=str(out / "editor.png"))
        browser.close()
    print(f"wrote {out}/explorer.png, entity.png, editor.png")


if __name__ == "__main__":
    main()
