"""kg.Graph, the Python user's view: pandas and networkx over a real store."""
import pytest

import kg
from conftest import ARTICLES


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store"
    kg.build([ARTICLES], store=path, validate=False).store.close()
    with kg.Graph(path) as g:
        yield g


def test_posts_frame(graph):
    posts = graph.posts()
    assert list(posts.columns) == ["official", "title", "body", "asOf", "article"]
    row = posts[(posts.official == "唐登杰") & (posts.title == "书记")].iloc[0]
    assert row.body == "山西省委" and str(row.asOf) == "2024-11-10" and row.article == "001_8357457553f7d912"


def test_officials_frame(graph):
    officials = graph.officials().set_index("official")
    assert officials.loc["王启瑞", "articles"] == 2
    assert "山西省应急管理厅厅长" in officials.loc["王启瑞", "titles"]


def test_principles_frame(graph):
    p = graph.principles().set_index("principle")
    assert p.loc["三管三必须", "citers"] >= 2
    assert "管行业必须管安全" in p.loc["三管三必须", "definition"]


def test_networkx(graph):
    g = graph.to_networkx()
    node = next(n for n, d in g.nodes(data=True) if d["label"] == "王启瑞")
    assert g.nodes[node]["type"] == "Official" and len(g.nodes[node]["articles"]) == 2
    edges = [d for _, _, k, d in g.out_edges(node, keys=True, data=True) if k == "holdsPost"]
    assert edges and edges[0]["evidence"][0]["sentence"]


def test_subgraph(graph):
    sub = graph.subgraph("金冬江", hops=1)
    labels = {d["label"] for _, d in sub.nodes(data=True)}
    assert {"金冬江", "河南省应急管理厅"} <= labels and "王启瑞" not in labels


def test_query_with_timeout(graph):
    assert graph.query("ASK { ?s ?p ?o }", timeout=10).iloc[0, 0]
    with pytest.raises(kg.QueryError, match="timed out"):
        graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)


def test_the_package_imports_what_it_needs_when_it_needs_it():
    """`import kg` and the store-only paths (a query, a no-op build) load neither spaCy nor
    pyvis; the verbs stay functions even after their modules are imported."""
    import subprocess
    import sys

    code = """
import sys, kg, kg.cli
from kg.maintain import statistics
from kg.query import run
print(sorted(m for m in ("spacy", "pyvis") if m in sys.modules))
import kg.render, kg.extract
print(all(callable(f) for f in (kg.build, kg.extract, kg.query, kg.render)), kg.BuildReport.__name__)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["[]", "True", "BuildReport"], out.stderr


def test_a_borrowed_store_stays_open(tmp_path):
    store = kg.build([ARTICLES / "003_795bd59d1e90186d.txt"], store=tmp_path / "s", validate=False).store
    with kg.Graph(store) as g:
        assert len(g.officials())
    assert len(store) > 0 and len(kg.query("SELECT * WHERE { ?s a kg:Official }", store))  # still usable
    store.close()


def test_a_graph_shows_itself_in_a_notebook_bounded_and_escaped(graph, tmp_path):
    card = graph._repr_html_()
    assert "<td>Official</td>" in card and "<th>entities</th>" in card and "Most reported" in card
    assert list(graph.most_reported().columns) == ["name", "entity type", "articles"]
    small = graph.view(limit=10)
    assert len(small.graph) == 10 and small.total == 132
    page = small._repr_html_()
    assert page.startswith("<p>10 of 132 nodes") and "<iframe srcdoc=\"&lt;!DOCTYPE html&gt;" in page
    assert "<script" not in page.split("srcdoc=", 1)[1]  # the page is escaped into the attribute
    focused = graph.view("王启瑞", hops=1)
    assert any(d["label"] == "王启瑞" for _, d in focused.graph.nodes(data=True))
    # Any of its names, in traditional characters too.
    assert set(graph.view("王啟瑞").graph) == set(focused.graph)
    assert set(graph.view("王啟瑞", limit=1).graph) == {"https://w3id.org/anquan-kg/id/official/山西省/王启瑞"}
    assert "https://w3id.org/anquan-kg/id/body/党中央" in graph.view("中央").graph
    # A store whose path holds markup is named escaped.
    odd = tmp_path / "<b>x"
    kg.build([ARTICLES / "004_827c7ff95fc3c37e.txt"], store=odd, validate=False).store.close()
    with kg.Graph(odd) as g:
        assert "&lt;b&gt;x" in g._repr_html_() and "<b>x" not in g._repr_html_()
