"""Every example query answers its question on the seed graph, with the answer expected
from reading the articles."""
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT
from kg.build import build
from kg.query import query

QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"


@pytest.fixture(scope="module")
def store():
    return build([ARTICLES], store=None, validate=False).store


def rows(name, store):
    return [tuple(map(str, r)) for r in query(QUERIES / f"{name}.rq", store).itertuples(index=False)]


def test_every_query_has_a_comment_and_is_tested():
    names = {p.stem for p in QUERIES.glob("*.rq")}
    assert len(names) >= 10
    for p in QUERIES.glob("*.rq"):
        assert p.read_text(encoding="utf-8").startswith("#"), p.name
    tested = {n.removeprefix("test_").replace("_", "-") for n in globals() if n.startswith("test_")}
    assert names <= tested, names - tested


def test_posts(store):
    r = [row[:4] for row in rows("posts", store)]
    assert ("山西省委", "书记", "唐登杰", "2024-11-10") in r
    assert ("河南省应急管理厅", "厅长", "金冬江", "None") in r


def test_principles_by_citers(store):
    r = rows("principles-by-citers", store)
    assert r[0] == ("统筹发展和安全", "4")
    assert ("三管三必须", "2") in r


def test_evidence(store):
    r = rows("evidence", store)
    assert any(s == "唐登杰" and p == "presided" and "主持" in sentence for s, p, _, _, sentence in r)


def test_meetings(store):
    r = rows("meetings", store)
    assert ("党委扩大会议", "presided", "金冬江") in r
    assert any(role == "respondsTo" and "11·16" in who for _, role, who in r)


def test_as_of(store):
    assert rows("as-of", store) == [("王启瑞", "2023-01-05")]


def test_who_emphasized_sanguan_sanbixu(store):
    r = {(who, kind, doc) for who, kind, doc, _ in rows("who-emphasized-sanguan-sanbixu", store)}
    assert ("王震", "Official", "002_b1a005a795271df3") in r
    assert any(kind == "Event" and doc == "001_8357457553f7d912" for _, kind, doc in r)


def test_meetings_responding_to_accidents(store):
    (row,) = rows("meetings-responding-to-accidents", store)
    assert row[0].startswith("省委常委会扩大会议") and "“11·16”" in row[1] and row[2] == "离石区"


def test_bodies_per_province(store):
    r = dict(rows("bodies-per-province", store))
    assert set(r) == {"山西省", "河南省"} and int(r["山西省"]) > int(r["河南省"]) > 0


def test_officials_in_several_articles(store):
    r = {name: n for name, n, _ in rows("officials-in-several-articles", store)}
    assert r == {"王启瑞": "2", "习近平": "2"}


def test_attested_by_one_article(store):
    r = rows("attested-by-one-article", store)
    assert ("河南省应急管理厅", "convened", "党委扩大会议") in [x[:3] for x in r]
    assert ("金冬江", "holdsPost", "河南省应急管理厅") in [x[:3] for x in r]


def test_sentence_behind_a_fact(store):
    r = rows("sentence-behind-a-fact", store)
    assert r and all(doc == "001_8357457553f7d912" and "唐登杰主持" in s for _, doc, _, _, s in r)


def test_accidents(store):
    r = [row[:3] for row in rows("accidents", store)]
    assert ("代县精诚矿业瞒报事件", "代县", "精诚矿业") in r
    assert ("吕梁市离石区永聚煤业办公楼“11·16”重大火灾事故", "离石区", "永聚煤业") in r


def test_queries_run_from_the_command_line(tmp_path):
    store_dir = tmp_path / "s"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES, "--store", store_dir, "--no-validate"],
                          capture_output=True).returncode == 0
    out = subprocess.run([sys.executable, "-m", "kg", "query", QUERIES / "as-of.rq", "--store", store_dir],
                         capture_output=True, text=True)
    assert "王启瑞" in out.stdout


@pytest.mark.parametrize("script", ["build_query_render.py", "walkthrough.py"])
def test_example_scripts_run(script, tmp_path):
    out = subprocess.run([sys.executable, str(QUERIES.parent / script)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "山西省应急管理厅" in out.stdout and list(tmp_path.glob("*.html"))


def test_the_notebook_holds_the_walkthrough_s_cells():
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_notebook import notebook

    import nbformat

    made = notebook((QUERIES.parent / "walkthrough.py").read_text(encoding="utf-8"))
    saved = nbformat.read(QUERIES.parent / "walkthrough.ipynb", as_version=4)
    assert [(c.cell_type, c.source) for c in saved.cells] == [(c.cell_type, c.source) for c in made.cells], \
        "examples/walkthrough.ipynb is stale: python3 scripts/make_notebook.py"


def test_the_notebook_runs_in_a_real_kernel_and_shows_the_graph(tmp_path):
    import shutil

    import nbformat
    from nbclient import NotebookClient

    shutil.copy(QUERIES.parent / "walkthrough.ipynb", tmp_path)
    shutil.copytree(QUERIES, tmp_path / "queries")
    nb = nbformat.read(tmp_path / "walkthrough.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "山西省应急管理厅" in text and "王启瑞" in text
    html = [o.data["text/html"] for o in outputs if o.output_type == "execute_result" and "text/html" in o.data]
    summary, view = html
    assert "kg.Graph" in summary and "<td>Principle</td>" in summary and "Most reported" in summary
    assert view.startswith("<iframe srcdoc=") and "vis-network" in view and "王启瑞" in view
    assert (tmp_path / "walkthrough.html").exists()
