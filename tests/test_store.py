"""Building a real Oxigraph store from the seed articles and asking it in SPARQL."""
import subprocess
import sys

import pytest

from conftest import ARTICLES
from kg.build import build
from kg.query import format_result, query, run
from kg.store import OxigraphStore, QueryError, StoreError, open_store

POSTS = """
SELECT DISTINCT ?name ?title ?body WHERE {
  ?post a kg:Post ; org:heldBy/rdfs:label ?name ; kg:title ?title ; org:postIn/rdfs:label ?body .
}
"""


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("stores") / "seeds"
    out = kg("build", ARTICLES, "--store", path)
    assert out.returncode == 0, out.stderr
    assert "articles  5 built" in out.stdout
    return path


def test_sparql_over_the_built_store_returns_the_posts(store_dir):
    posts = query(POSTS, store_dir)
    rows = set(map(tuple, posts.itertuples(index=False)))
    assert ("王启瑞", "厅长", "山西省应急管理厅") in rows
    assert ("王启瑞", "党委书记", "山西省应急管理厅") in rows
    assert ("金冬江", "厅长", "河南省应急管理厅") in rows


def test_one_official_node_attested_by_two_articles(store_dir):
    res = query("""SELECT ?o (COUNT(DISTINCT ?a) AS ?n) WHERE {
                     ?o a kg:Official ; rdfs:label "王启瑞"@zh ; kg:attestedBy ?a } GROUP BY ?o""", store_dir)
    assert len(res) == 1 and res.iloc[0]["n"] == 2


def test_posts_are_dated_by_their_article(store_dir):
    # 001_… is dated 2024-11-10 (发布时间); 唐登杰 is 书记 of 山西省委 in it.
    res = query("""SELECT DISTINCT ?date WHERE { ?post a kg:Post ; kg:title "书记"@zh ;
                     org:heldBy/rdfs:label "唐登杰"@zh ; org:postIn/rdfs:label "山西省委"@zh ;
                     kg:asOf ?date }""", store_dir)
    assert [str(d) for d in res["date"]] == ["2024-11-10"]


def test_mention_offsets_slice_the_original_text(store_dir):
    res = query("""SELECT ?text ?b ?e ?anchor WHERE {
        ?m a kg:Mention ; nif:referenceContext ?a ; nif:beginIndex ?b ; nif:endIndex ?e ;
           nif:anchorOf ?anchor . ?a kg:text ?text }""", store_dir)
    assert len(res) > 100
    for text, b, e, anchor in res.itertuples(index=False):
        assert text[b:e] == anchor


def test_rebuilding_skips_unchanged_articles(store_dir):
    before = len(OxigraphStore(store_dir, read_only=True))
    out = kg("build", ARTICLES, "--store", store_dir)
    assert out.returncode == 0, out.stderr
    assert "0 built, 5 unchanged" in out.stdout
    assert len(OxigraphStore(store_dir, read_only=True)) == before


def test_query_command_formats(store_dir, tmp_path):
    rq = tmp_path / "posts.rq"
    rq.write_text(POSTS)
    table = kg("query", rq, "--store", store_dir)
    assert table.returncode == 0, table.stderr
    assert "王启瑞" in table.stdout and "山西省应急管理厅" in table.stdout
    csv = kg("query", rq, "--store", store_dir, "--format", "csv")
    assert csv.stdout.splitlines()[0] == "name,title,body"
    js = kg("query", POSTS, "--store", store_dir, "--format", "json")
    import json
    doc = json.loads(js.stdout)
    assert doc["head"]["vars"] == ["name", "title", "body"]
    assert {"type": "literal", "value": "金冬江", "xml:lang": "zh"} in [b["name"] for b in doc["results"]["bindings"]]


def test_sparql_syntax_error_is_one_line(store_dir):
    out = kg("query", "SELECT ?x WHERE { ?x", "--store", store_dir)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "syntax error at 1:" in out.stderr
    with pytest.raises(QueryError):
        run("SELECT ?x WHERE { ?x", open_store(None))


def test_bad_files_are_reported_and_the_others_built(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    good = tmp_path / "good.txt"
    good.write_text((ARTICLES / "003_795bd59d1e90186d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = kg("build", tmp_path, "--store", tmp_path / "store")
    assert out.returncode == 0, out.stderr
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("kg: ") for e in errors)
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("binary.txt: binary file" in e for e in errors)
    assert "1 built" in out.stdout and "2 unreadable" in out.stdout
    assert len(query(POSTS, tmp_path / "store")) > 0


def test_store_errors_are_one_line(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = kg("build", ARTICLES / "003_795bd59d1e90186d.txt", "--store", afile)
    assert out.returncode == 1 and "is a file" in out.stderr and "Traceback" not in out.stderr
    out = kg("query", "ASK {}", "--store", tmp_path / "nothing")
    assert out.returncode == 1 and "no store here" in out.stderr
    with pytest.raises(StoreError):
        open_store(afile)


def test_in_memory_store_answers_like_oxigraph(store_dir):
    memory = build([ARTICLES], store=None)
    assert memory.articles == 5
    mem = query(POSTS, memory.store).sort_values(["name", "title", "body"]).reset_index(drop=True)
    disk = query(POSTS, store_dir).sort_values(["name", "title", "body"]).reset_index(drop=True)
    assert mem.equals(disk)


def test_construct_prints_turtle(store_dir):
    res = run("CONSTRUCT { ?o rdfs:label ?n } WHERE { ?o a kg:Official ; rdfs:label ?n }", store_dir)
    ttl = format_result(res)
    assert "@prefix" in ttl and "王启瑞" in ttl
