"""A remote store: kg writing and reading through SPARQL 1.1 Update and Query to a real
Oxigraph server (the `oxigraph` package's `oxigraph serve`) started on 127.0.0.1."""
import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from rdflib import URIRef

from conftest import ARTICLES, free_port, serving, unavailable
from kg.build import build
from kg.maintain import remove
from kg.query import query
from kg.store import CANDIDATES_GRAPH, StoreError, open_store

OXIGRAPH = shutil.which("oxigraph")


@contextmanager
def oxigraph_serve(location):
    """An Oxigraph server on a free port of 127.0.0.1, storing in ``location``: its URL."""
    if not OXIGRAPH:
        unavailable("needs the oxigraph server (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    with serving(proc, url + "/query?query=ASK%7B%7D"):
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def test_a_first_build_into_a_server_is_a_bulk_load_of_the_same_quads(tmp_path):
    """Oxigraph server takes N-Quads at /store (its bulk loader): a first build sends a
    hundred articles a request and stores exactly what one update per article stores."""
    def everything(url):  # but the ontology's blank nodes, named anew by each load
        return {str(q) for q in open_store(url).oxigraph_quads() if "_:" not in str(q)} | set(
            open_store(url).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }").values)

    with oxigraph_serve(tmp_path / "bulk") as bulk, oxigraph_serve(tmp_path / "updates") as updates:
        assert open_store(bulk).bulk
        build([ARTICLES], store=bulk, validate=False)
        build([ARTICLES], store=updates, validate=False, bulk=False)
        assert everything(bulk) == everything(updates)
        with pytest.raises(StoreError, match="HTTP 400"):  # the server parses what it loads
            open_store(bulk).add_graphs([(URIRef("http://example.org/g"), "not N-Triples .\n")])


def test_build_query_remove_through_a_sparql_server(server, tmp_path):
    report = build([ARTICLES], store=server, validate=False)
    assert report.articles == 5 and report.triples > 3000
    posts = query("""SELECT DISTINCT ?name WHERE { ?p a kg:Post ; kg:title "厅长"@zh ;
                       org:heldBy/rdfs:label ?name }""", server)
    assert {"王启瑞", "金冬江"} <= set(posts["name"])
    # Candidate links (two namesakes) are computed on the server, in the candidates graph.
    (tmp_path / "a.txt").write_text("山西省应急管理厅厅长李建国表示,要坚持“两个至上”。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("河南省交通运输厅厅长李建国表示,要坚持“四不两直”。", encoding="utf-8")
    report = build([tmp_path], store=server, validate=False)
    assert report.candidates == 1
    linked = query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CANDIDATES_GRAPH}> {{ ?a kg:possiblySameAs ?b }} }}",
                   server)["n"][0]
    assert linked == 2 * report.candidates
    again = build([ARTICLES], store=server, validate=False)
    assert (again.articles, again.unchanged) == (0, 5)
    removed, _ = remove(["003_795bd59d1e90186d"], server)
    assert removed == ["003_795bd59d1e90186d"]
    assert "金冬江" not in set(query("SELECT ?n WHERE { ?o a kg:Official ; rdfs:label ?n }", server)["n"])


def test_cli_with_a_remote_store(server):
    out = subprocess.run([sys.executable, "-m", "kg", "query", "ASK { ?o a kg:Official }", "--store", server],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "true"


def test_kg_serve_in_front_of_a_remote_store(server):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", server, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    with serving(proc, base + "/"):
        req = urllib.request.Request(base + "/sparql?query=" + urllib.parse.quote("ASK { ?o a kg:Official }"),
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as answer:
            assert json.load(answer)["boolean"] is True
        # the explorer's reads bind their values in a VALUES block for a server
        with urllib.request.urlopen(base + "/api/search?q=" + urllib.parse.quote("王啟瑞"), timeout=30) as answer:
            (hit,) = json.load(answer)
        assert hit["label"] == "王启瑞" and hit["articles"] == 2
        with urllib.request.urlopen(base + "/api/neighbours?id=" + urllib.parse.quote(hit["id"]), timeout=30) as answer:
            assert json.load(answer)["total"] == 3
        with urllib.request.urlopen(base + hit["page"], timeout=30) as answer:
            assert "<mark>王启瑞</mark>" in answer.read().decode("utf-8")


def test_unreachable_server_is_a_one_line_error():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(url)
    out = subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES, "--store", url], capture_output=True, text=True)
    assert out.returncode == 1 and "cannot reach" in out.stderr and "Traceback" not in out.stderr


def test_import_into_a_remote_store_is_one_update_and_refuses_crafted_names(server, tmp_path):
    from kg.exchange import ExchangeError, import_file

    store = open_store(server)
    good = tmp_path / "two.trig"
    good.write_text('<http://x/g1> { <http://x/a> <http://x/p> _:b . _:b <http://x/q> "1" }\n'
                    '<http://x/g2> { <http://x/a> <http://x/p> "2" }\n', encoding="utf-8")
    report = import_file(store, good)
    assert (report.graphs, report.triples) == (2, 3)
    rows = store.query("SELECT ?v WHERE { <http://x/a> <http://x/p> ?b . ?b <http://x/q> ?v }").rows
    assert [str(r[0]) for r in rows] == ["1"]  # the blank node is one node in the union too
    before = len(store)
    evil = tmp_path / "evil.nq"
    evil.write_text('<http://x/s> <http://x/p> "o" <http://x/g\\u003E { } ; CLEAR ALL #> .\n', encoding="utf-8")
    with pytest.raises(ExchangeError):
        import_file(store, evil)
    assert len(store) == before
