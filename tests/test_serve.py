"""kg serve, started by the test on a free port of 127.0.0.1 and asked with a real SPARQL
client (SPARQLWrapper) and plain HTTP."""
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from conftest import ARTICLES, free_port, serving

PREFIXES = "PREFIX kg: <https://w3id.org/anquan-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def _serve_seeds(tmp_path_factory, *options):
    """Build the seeds into a fresh store and serve it with ``options``; yield its base URL."""
    store = tmp_path_factory.mktemp("serve") / "store"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES, "--store", store, "--no-validate"],
                          capture_output=True).returncode == 0
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port), *options],
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    with serving(proc, base + "/"):
        yield base


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    yield from _serve_seeds(tmp_path_factory, "--timeout", "2")


def client(base, fmt=JSON, method="GET"):
    w = SPARQLWrapper(base + "/sparql")
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w


POSTS = PREFIXES + """PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?name ?title WHERE { ?p a kg:Post ; org:heldBy/rdfs:label ?name ; kg:title ?title }"""


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json(endpoint, method):
    w = client(endpoint, JSON, method)
    w.setQuery(POSTS)
    bindings = w.query().convert()["results"]["bindings"]
    assert {"name": {"type": "literal", "value": "王启瑞", "xml:lang": "zh"},
            "title": {"type": "literal", "value": "厅长", "xml:lang": "zh"}} in bindings


def test_select_as_xml_and_csv(endpoint):
    w = client(endpoint, XML)
    w.setQuery(POSTS)
    doc = w.query().convert()
    assert "王启瑞" in doc.toxml()
    w = client(endpoint, CSV)
    w.setQuery(POSTS)
    assert "王启瑞,厅长" in w.query().convert().decode("utf-8")


def test_tsv_by_content_negotiation(endpoint):
    req = urllib.request.Request(endpoint + "/sparql", data=POSTS.encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"].startswith("text/tab-separated-values")
        assert '"王启瑞"@zh' in r.read().decode("utf-8")


def test_ask_and_construct(endpoint):
    w = client(endpoint, JSON)
    w.setQuery(PREFIXES + "ASK { ?o a kg:Official }")
    assert w.query().convert()["boolean"] is True
    w = client(endpoint, TURTLE)
    w.setQuery(PREFIXES + "CONSTRUCT { ?o rdfs:label ?n } WHERE { ?o a kg:Official ; rdfs:label ?n }")
    ttl = w.query().convert().decode("utf-8")
    assert "王启瑞" in ttl
    req = urllib.request.Request(endpoint + "/sparql?query=" + urllib.parse.quote(
        PREFIXES + "CONSTRUCT WHERE { ?o a kg:Official }"), headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"].startswith("application/n-triples")
        assert "<https://w3id.org/anquan-kg/ontology#Official> ." in r.read().decode("utf-8")


def test_updates_are_refused(endpoint):
    w = SPARQLWrapper(endpoint + "/sparql")
    w.setMethod("POST")
    w.setQuery("DELETE WHERE { ?s ?p ?o }")  # SPARQLWrapper sends it as update=
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as err:
        w.query()
    assert "403" in str(err.value)
    req = urllib.request.Request(endpoint + "/sparql", data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    # …and nothing was dropped.
    w = client(endpoint, JSON)
    w.setQuery(PREFIXES + "ASK { ?o a kg:Official }")
    assert w.query().convert()["boolean"] is True


def test_syntax_error_is_a_400_with_the_position(endpoint):
    w = client(endpoint, JSON)
    w.setQuery("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryBadFormed) as err:
        w.query()
    assert "1:" in str(err.value)


def test_slow_query_times_out(endpoint):
    w = client(endpoint, JSON)
    w.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(endpoint + "/sparql?query=" + urllib.parse.quote(w.queryString))
    assert err.value.code == 503 and time.monotonic() - started < 10


def test_root_serves_the_explorer_with_its_scripts(endpoint):
    with urllib.request.urlopen(endpoint + "/") as r:
        html = r.read().decode("utf-8")
    assert 'id="search"' in html and 'id="sparql"' in html
    for script in ("/static/vis-network.min.js", "/static/codemirror/codemirror.js", "/static/explorer.js"):
        assert f'src="{script}"' in html
        with urllib.request.urlopen(endpoint + script) as r:
            assert r.headers["Content-Type"].startswith("text/javascript") and len(r.read()) > 5000


def _request(url, method="GET", headers=None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


@pytest.fixture(scope="module")
def cors_endpoint(tmp_path_factory):
    yield from _serve_seeds(tmp_path_factory, "--cors", "https://yasgui.example")


def test_cors_preflight_and_answers_for_the_allowed_origin_only(cors_endpoint, endpoint):
    ask = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
    status, headers = _request(cors_endpoint + "/sparql", "OPTIONS", {
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]
    status, headers = _request(cors_endpoint + ask, headers={"Origin": "https://yasgui.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
    status, headers = _request(cors_endpoint + ask, headers={"Origin": "https://evil.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    # off by default: a server started without --cors lets no other page read it
    status, headers = _request(endpoint + "/sparql", "OPTIONS", {"Origin": "https://yasgui.example"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    status, headers = _request(endpoint + ask, headers={"Origin": "https://yasgui.example"})
    assert "Access-Control-Allow-Origin" not in headers
