"""The HTML graph: self-contained, escaped, and alive in a real headless Chromium."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ARTICLES, unavailable
from kg.build import build
from kg.render import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = ("省应急管理厅党委书记、厅长赵一平表示,要坚持“两个至上”<script>window.__pwned = 1</script>"
           "<img src=x onerror=\"window.__pwned = 2\">。\n")


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    report = build([ARTICLES, tmp / "hostile.txt"], store=None)
    assert report.articles == 6
    return render(report.store, tmp / "graph.html")


def test_html_has_no_external_resources(page_path):
    html = page_path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert not re.search(r"<(?:script|link|img|iframe)[^>]*\s(?:src|href)=(?![\"']?data:)", html)


def test_article_text_is_escaped(page_path):
    html = page_path.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    # Node text is there, escaped for a script context (JSON with \\u escapes).
    assert json.dumps("王启瑞")[1:-1] in html or "王启瑞" in html
    assert "\\u003cscript\\u003ewindow.__pwned" in html


def test_render_command_writes_the_page(tmp_path):
    store = tmp_path / "store"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES / "000_ea62d0b0afefa2f6.txt",
                           "--store", store], capture_output=True).returncode == 0
    out = subprocess.run([sys.executable, "-m", "kg", "render", "--store", store, "-o", tmp_path / "g.html"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "g.html").stat().st_size > 100_000


def test_page_works_offline_in_chromium(page_path):
    if not CHROMIUM:
        unavailable("needs Debian's chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        page.wait_for_function("typeof network !== 'undefined' && nodes.length > 0")
        n_nodes = page.evaluate("nodes.length")
        assert n_nodes == page.evaluate("network.body.data.nodes.length") > 100
        # Search focuses and selects a node, and its evidence is shown as text.
        page.fill("#search", "王启瑞")
        page.dispatch_event("#search", "change")
        assert page.evaluate("network.getSelectedNodes().length") == 1
        details = page.inner_text("#details")
        assert "王启瑞" in details and "厅长" in details
        page.fill("#search", "赵一平")
        page.dispatch_event("#search", "change")
        assert "<script>window.__pwned" in page.inner_text("#details")
        assert page.evaluate("window.__pwned") is None
        # Unticking a type in the legend hides its nodes.
        principles = page.evaluate("nodes.get({filter: n => n.etype === 'Principle'}).length")
        assert principles > 10
        page.uncheck("#legend input[data-type=Principle]")
        assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == principles
        assert page.inner_text("#counts").startswith(f"{n_nodes - principles} of {n_nodes}")
        # The layout came with the page: nodes have positions, physics is off.
        assert page.evaluate("nodes.get().every(n => typeof n.x === 'number')")
        browser.close()
    assert all(u.startswith("file://") for u in requests), requests
    assert not errors, errors


def test_focus_renders_an_ego_network(tmp_path):
    store = build([ARTICLES], store=None).store
    page = render(store, tmp_path / "ego.html", focus="王启瑞", hops=1)
    html = page.read_text(encoding="utf-8")
    m = re.search(r"new vis.DataSet\((\[.*?\])\);", html, re.S)
    nodes = json.loads(m.group(1))
    labels = {n["label"] for n in nodes}
    assert "王启瑞" in labels and "山西省应急管理厅" in labels
    assert len(nodes) < 20 and "唐登杰" not in labels


def test_focus_on_an_unknown_name_is_an_error_naming_it(tmp_path):
    store = tmp_path / "store"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES / "000_ea62d0b0afefa2f6.txt",
                           "--store", store, "--no-validate"], capture_output=True).returncode == 0
    out = subprocess.run([sys.executable, "-m", "kg", "render", "--store", store, "--focus", "无此人",
                          "-o", tmp_path / "g.html"], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr == "kg: 无此人: no node of this name, nor any whose name contains it\n"
    assert not (tmp_path / "g.html").exists()


def test_same_store_same_page(tmp_path):
    store = build([ARTICLES], store=None).store
    first, second = render(store, tmp_path / "a.html"), render(store, tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()  # same layout, same order


def test_legend_shapes_names_and_posts(page_path):
    html = page_path.read_text(encoding="utf-8")
    for shape in ("shape-dot", "shape-square", "shape-diamond", "shape-star", "shape-hexagon"):
        assert shape in html  # the legend explains shapes, not only colours
    nodes = json.loads(re.search(r"new vis\.DataSet\((\[.*?\])\);\n", html).group(1))
    body = next(n for n in nodes if n["label"] == "山西省应急管理厅")
    assert "省应急管理厅" in body["names"]  # searchable by its other names
    edges = json.loads(re.findall(r"new vis\.DataSet\((\[.*?\])\);\n", html)[1])
    post = next(e for e in edges if e["title"] == "holdsPost" and "王启瑞" in e["from"])
    assert {p["title"] for p in post["posts"]} >= {"厅长", "党委书记"} and "厅长" in post["label"]


def test_render_narrows_by_article_and_province_and_warns_when_too_large(tmp_path):
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    subprocess.run([sys.executable, str(ARTICLES.parent.parent / "bench" / "corpus.py"), corpus, "--count", "40"],
                   check=True, capture_output=True)
    assert subprocess.run([sys.executable, "-m", "kg", "build", corpus, "--store", store, "--no-validate"],
                          capture_output=True).returncode == 0

    def kg_render(*args):
        return subprocess.run([sys.executable, "-m", "kg", "render", "--store", store, "-o", tmp_path / "g.html",
                               *args], capture_output=True, text=True)

    whole = kg_render()
    assert whole.returncode == 0 and "too dense to read" in whole.stderr and "--focus" in whole.stderr
    one = kg_render("--article", sorted(p.stem for p in corpus.iterdir())[0])
    assert one.returncode == 0 and "warning" not in one.stderr
    assert 0 < (tmp_path / "g.html").read_text(encoding="utf-8").count('"etype"') < 100
    for option, name in (("--article", "no-such-article"), ("--province", "火星省"), ("--focus", "无此人")):
        failed = kg_render(option, name)
        assert failed.returncode == 1 and name in failed.stderr and "Traceback" not in failed.stderr
