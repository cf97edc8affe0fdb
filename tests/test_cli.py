import json
import subprocess
import sys

import pytest

from conftest import ARTICLES, CORPUS, GOLD, SHARED


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


def test_extract_json_has_the_gold_shape():
    out = kg("extract", "--format", "json", ARTICLES / "003_795bd59d1e90186d.txt")
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    rec = json.loads(line)
    assert rec["doc"] == "003_795bd59d1e90186d"
    ids = {e["id"] for e in rec["entities"]}
    for e in rec["entities"]:
        assert e["type"] in {"Official", "Body", "Event", "Principle", "Place"}
        assert e["names"] and all(isinstance(n, str) for n in e["names"])
        assert ("subtype" in e) == (e["type"] == "Event")
    for r in rec["relations"]:
        assert r["s"] in ids and r["o"] in ids
        assert ("titles" in r) == (r["p"] == "holdsPost")


def test_bad_files_are_reported_and_the_rest_extracted(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    out = kg("extract", tmp_path / "empty.txt", tmp_path / "bin.txt", ARTICLES / "002_b1a005a795271df3.txt")
    assert out.returncode == 1  # something failed, though the rest went through
    assert len(out.stdout.splitlines()) == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 2 and "empty.txt: empty file" in errors[0] and "bin.txt" in errors[1]
    assert "Traceback" not in out.stderr


# A rule bug that only one odd article triggers, injected into the real command.
BROKEN_RULE = """
import importlib, sys
extraction = importlib.import_module("kg.extract")
real = extraction.extract_article
def broken(article):
    if article.doc_id.startswith("003"):
        raise TypeError("object of type 'NoneType' has no len()")
    return real(article)
extraction.extract_article = broken
from kg.cli import main
main(sys.argv[1:], prog_name="kg")
"""


@pytest.mark.parametrize("fmt", ["json", "trig"])
def test_an_article_a_rule_fails_on_is_one_line_and_the_rest_go_on(fmt):
    out = subprocess.run([sys.executable, "-c", BROKEN_RULE, "extract", "--format", fmt, ARTICLES],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"kg: {ARTICLES / '003_795bd59d1e90186d.txt'}: extraction failed "
        "(TypeError: object of type 'NoneType' has no len()); please report it"]
    if fmt == "json":
        assert [json.loads(l)["doc"][:3] for l in out.stdout.splitlines()] == ["000", "001", "002", "004"]
    else:
        assert out.stdout.count("/article/00") >= 4 and "/article/003" not in out.stdout


def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = kg("extract", tmp_path / "empty.txt")
    assert out.returncode != 0 and "empty file" in out.stderr


def test_evaluate_prints_micro_averages():
    out = kg("evaluate", "--gold", GOLD, ARTICLES)
    assert out.returncode == 0, out.stderr
    assert "ALL (micro)" in out.stdout


def test_one_registry_of_formats_for_query_export_import_and_serve(seed_store, tmp_path):
    from kg.cli import QUERY_FORMATS
    from kg.formats import formats
    from kg.query import FORMATS
    from kg.serve import GRAPH_TYPES, RESULT_TYPES

    assert QUERY_FORMATS == FORMATS == tuple(f.name for f in formats("results"))
    assert {n for n, _ in RESULT_TYPES.values()} == {f.name for f in formats("results") if f.media_types}
    assert {n for n, _ in GRAPH_TYPES.values()} == {f.name for f in formats("graph")}
    for f in formats("graph", "dataset"):  # every file format kg writes, it reads back
        path = tmp_path / f"export{f.suffixes[0]}"
        assert kg("export", "--store", seed_store, "--format", f.name, "-o", path).returncode == 0, f.name
        back = kg("import", path, "--store", tmp_path / f"store-{f.name}")
        assert back.returncode == 0 and "imported" in back.stdout, (f.name, back.stderr)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    assert kg("build", ARTICLES, "--store", store, "--no-validate").returncode == 0
    return store


def test_query_as_xml_and_csv(seed_store):
    q = "SELECT ?n WHERE { ?o a kg:Official ; rdfs:label ?n } ORDER BY ?n LIMIT 2"
    xml = kg("query", q, "--store", seed_store, "--format", "xml")
    assert xml.returncode == 0 and "<sparql xmlns=" in xml.stdout and "<binding name=\"n\">" in xml.stdout
    csv = subprocess.run([sys.executable, "-m", "kg", "query", q, "--store", seed_store, "--format", "csv"],
                         capture_output=True)
    assert csv.returncode == 0
    lines = csv.stdout.decode("utf-8").split("\r\n")  # CSV lines end in CRLF (RFC 4180)
    assert len(lines) == 4 and lines[0] == "n" and all(lines[1:3]) and lines[3] == ""  # no blank line


def test_every_bundled_article_extracts_builds_and_conforms(tmp_path):
    n = len(list(ARTICLES.glob("*.txt")) + list(CORPUS.rglob("*.txt")))
    out = kg("extract", ARTICLES, CORPUS)
    assert out.returncode == 0 and out.stderr == ""
    assert len(out.stdout.splitlines()) == n == 19
    store = tmp_path / "all"
    built = kg("build", ARTICLES, CORPUS, "--store", store)
    assert built.returncode == 0 and "19 built" in built.stdout and "every article graph conforms" in built.stdout
    valid = kg("validate", "--store", store)
    assert valid.returncode == 0 and valid.stdout.strip() == "SHACL: conforms", valid.stdout


def test_bundled_gold_and_articles_are_those_of_the_shared_folder():
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"no shared folder at {SHARED}")
    pairs = [(GOLD / p.relative_to(SHARED / "gold"), p) for p in (SHARED / "gold").rglob("*") if p.is_file()]
    pairs += [(ARTICLES / p.name, p) for p in (SHARED / "corpus" / "seeds").glob("*.txt")]
    pairs += [(CORPUS / p.relative_to(SHARED / "corpus"), p) for set_ in ("dev2", "dev3")
              for p in (SHARED / "corpus" / set_).glob("*.txt")]
    stale = [str(ours) for ours, theirs in pairs if not ours.is_file() or ours.read_bytes() != theirs.read_bytes()]
    assert not stale, f"refresh from {SHARED}: {stale}"


@pytest.mark.parametrize("args, message", [
    (["export", "-o", "{tmp}/no/such/folder/x.trig"], "x.trig: No such file or directory"),
    (["render", "-o", "{tmp}/no/such/folder/g.html"], "g.html: No such file or directory"),
    (["query", ""], "no query: give the text of a SPARQL query, or a .rq file"),
    (["query", "SELECT * WHERE { ?s foo:bar ?o }"], "unknown prefix foo:"),
    (["serve", "--port", "99999"], "99999 is not in the range 0<=x<=65535"),
    (["render", "--hops", "-1"], "-1 is not in the range x>=0"),
    (["build", "-j", "0"], "0 is not in the range x>=1"),
    (["evaluate", "{tmp}/nothing-here"], "no such file or directory"),
])
def test_a_bad_invocation_is_one_clear_line(seed_store, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    out = kg(*args, *(["--store", seed_store] if args[0] in ("export", "render", "query") else []))
    assert out.returncode in (1, 2) and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_every_command_has_help_with_an_example():
    from kg.cli import main

    for name in main.commands:
        out = kg(name, "--help")
        assert out.returncode == 0 and "Example" in out.stdout, name


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_the_entity_graph_for_gephi_and_cytoscape(seed_store, tmp_path, fmt):
    import networkx as nx

    from kg.network import to_networkx
    from kg.store import open_store

    path = tmp_path / f"seeds.{fmt}"
    out = kg("export", "--store", seed_store, "--format", fmt, "-o", path)
    assert out.returncode == 0, out.stderr
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    with open_store(seed_store, read_only=True) as st:
        graph = to_networkx(st)
    assert back.number_of_nodes() == graph.number_of_nodes() > 100
    assert back.number_of_edges() == graph.number_of_edges()
    wang = next(d for _, d in back.nodes(data=True) if d.get("label") == "王启瑞")
    assert wang["type"] == "Official" and int(wang["n_articles"]) >= 1
    assert {d.get("predicate") for *_, d in back.edges(data=True)} >= {"holdsPost", "presided"}


def test_a_long_query_on_one_line_is_a_query_not_a_file_name(seed_store):
    text = ("SELECT ?a ?title ?date ?src ?url ?by ?ret ?jur WHERE { ?a a kg:Article ; dcterms:title ?title . "
            "OPTIONAL{?a dcterms:date ?date} OPTIONAL{?a dcterms:source ?src} OPTIONAL{?a schema:url ?url} "
            "OPTIONAL{?a kg:byline ?by} OPTIONAL{?a kg:retrieved ?ret} OPTIONAL{?a kg:jurisdiction ?jur}}")
    assert 256 < len(text.encode()) < 300
    out = kg("query", text, "--store", seed_store)
    assert out.returncode == 0 and "Traceback" not in out.stderr and "003_795bd59d1e90186d" not in out.stderr
