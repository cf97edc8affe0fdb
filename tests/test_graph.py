"""The graph as a semantic-web engineer and a sceptical reader would check it: SHACL,
provenance down to character offsets, identity across articles, posts as of a date,
and export/import."""
import os
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import ARTICLES
from kg.build import build
from kg.maintain import remove, statistics
from kg.exchange import ExchangeError, export, import_file
from kg.query import query
from kg.store import SUMMARY_GRAPH, OxigraphStore, open_store
from kg.extract import extract_article
from kg.rdf import to_graph
from kg.read import read_article
from kg.validate import validate, validate_store
from kg.vocab import NIF, article_iri


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "store"
    report = build([ARTICLES], store=path)
    yield report
    report.store.close()


def test_seed_graph_conforms_to_the_shapes(seeds):
    assert not seeds.invalid
    report = validate_store(seeds.store)
    assert report.conforms, report.format()


def test_shapes_catch_a_broken_offset():
    graph = to_graph(extract_article(read_article(ARTICLES / "002_b1a005a795271df3.txt")))
    mention = next(graph.subjects(NIF.endIndex, None))
    end = graph.value(mention, NIF.endIndex)
    graph.set((mention, NIF.endIndex, Literal(int(end) + 1)))
    report = validate(graph)
    assert not report.conforms
    assert [v.focus for v in report.violations] == [str(mention)]
    assert "slice" in report.violations[0].message


def test_every_relation_has_evidence_sliced_to_its_mentions(seeds):
    rows = query("""
        SELECT ?ev ?text ?sb ?se ?ob ?oe ?sa ?oa ?b ?e WHERE {
          ?ev a kg:Evidence ; kg:attestedBy ?a ; nif:beginIndex ?b ; nif:endIndex ?e ;
              kg:subjectMention ?sm ; kg:objectMention ?om .
          ?a kg:text ?text .
          ?sm nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sa .
          ?om nif:beginIndex ?ob ; nif:endIndex ?oe ; nif:anchorOf ?oa .
        }""", seeds.store)
    facts = query("SELECT (COUNT(*) AS ?n) WHERE { ?ev a kg:Evidence }", seeds.store).iloc[0, 0]
    assert len(rows) == facts > 50
    for r in rows.itertuples(index=False):
        assert r.text[r.sb:r.se] == r.sa and r.text[r.ob:r.oe] == r.oa
        # The sentence the fact cites holds at least one end of it (both, when they are in
        # one sentence), and is one sentence, not a stretch of the article.
        assert (r.b <= r.sb and r.se <= r.e) or (r.b <= r.ob and r.oe <= r.e)
        assert not any(c in r.text[r.b:r.e - 1] for c in "。!?")


def test_every_asserted_relation_has_evidence(seeds):
    missing = query("""
        SELECT ?s ?p ?o WHERE {
          ?p kg:predicate ?name . ?s ?p ?o .
          FILTER NOT EXISTS { ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
        }""", seeds.store)
    assert missing.empty, missing


def test_wang_qirui_is_one_node_in_two_articles(seeds):
    res = query("""SELECT ?o (COUNT(DISTINCT ?a) AS ?n) WHERE {
                     ?o a kg:Official ; rdfs:label "王启瑞"@zh ; kg:attestedBy ?a } GROUP BY ?o""", seeds.store)
    assert len(res) == 1 and res.iloc[0]["n"] == 2


def test_two_emergency_departments_stay_two_nodes(seeds):
    res = query("""SELECT DISTINCT ?b ?name WHERE {
                     ?b a kg:Body ; rdfs:label ?name . FILTER(CONTAINS(?name, "应急管理厅")) }""", seeds.store)
    assert set(res["name"]) >= {"山西省应急管理厅", "河南省应急管理厅"}
    assert res["b"].nunique() == len(res)


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_namesakes_in_two_provinces_are_two_candidates(tmp_path, kind):
    """In rdflib the candidates pass through Python; Oxigraph computes them in one update."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("山西省召开会议。山西省应急管理厅厅长李建国表示,要坚持“两个至上”。", encoding="utf-8")
    (folder / "b.txt").write_text("河南省召开会议。河南省交通运输厅厅长李建国表示,要坚持“四不两直”。", encoding="utf-8")
    report = build([folder], store=None if kind == "memory" else tmp_path / "store")
    res = query("""SELECT ?o ?other WHERE { ?o a kg:Official ; rdfs:label "李建国"@zh .
                     OPTIONAL { ?o kg:possiblySameAs ?other } }""", report.store)
    assert res["o"].nunique() == 2
    assert res["other"].notna().all() and report.candidates == 1 and len(res) == 2
    if kind == "oxigraph":  # the link is gone with the article that made it
        remove(["b"], report.store)
        assert report.store.query("ASK { ?a kg:possiblySameAs ?b }").boolean is False
        assert report.store.query("ASK { GRAPH ?g { ?a kg:possiblySameAs ?b } }").boolean is False
    report.store.close()


def test_summary_counts_articles_and_provinces_and_follows_removals(tmp_path):
    """kg:articleCount and kg:reportedIn (the summary graph) are what the articles attest,
    after a build and after a removal; each article names the province of its jurisdiction."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("湖北省召开会议。湖北省应急管理厅厅长张三表示,要坚持“两个至上”。", encoding="utf-8")
    (folder / "b.txt").write_text("武汉市召开会议。湖北省应急管理厅厅长张三强调,要坚持“两个至上”。", encoding="utf-8")
    (folder / "c.txt").write_text("江西省召开会议。江西省应急管理厅厅长李四表示,要坚持“两个至上”。", encoding="utf-8")
    store = build([folder], store=tmp_path / "store").store
    summary = """SELECT ?name ?n (GROUP_CONCAT(?pname; separator=" ") AS ?where) WHERE {
                   ?e rdfs:label ?name ; kg:articleCount ?n .
                   OPTIONAL { ?e kg:reportedIn/rdfs:label ?pname }
                 } GROUP BY ?name ?n"""

    def counts():
        return {name: (int(n), " ".join(sorted(where.split()))) for name, n, where in store.query(summary).values}
    assert counts()["两个至上"] == (3, "江西省 湖北省")
    assert counts()["张三"] == (2, "湖北省")
    assert dict(store.query("SELECT ?d ?p WHERE { ?a kg:docId ?d ; kg:province/rdfs:label ?p }").values) == {
        "a": "湖北省", "b": "湖北省", "c": "江西省"}
    remove(["a", "c"], store)
    assert counts()["两个至上"] == (1, "湖北省") and "李四" not in counts()
    store.close()


def test_as_of_query(seeds):
    # Who was 厅长 of 山西省应急管理厅 as of December 2023? (004_… dates its text to 2023-01-05)
    res = query("""
        SELECT DISTINCT ?name ?asOf WHERE {
          ?post a kg:Post ; org:role/skos:prefLabel "厅长"@zh ; org:postIn/rdfs:label "山西省应急管理厅"@zh ;
                org:heldBy/rdfs:label ?name ; kg:asOf ?asOf .
          FILTER(?asOf <= "2023-12-31"^^xsd:date)
        } ORDER BY DESC(?asOf) LIMIT 1""", seeds.store)
    assert list(res["name"]) == ["王启瑞"]
    assert str(res["asOf"][0]) == "2023-01-05"


def test_principles_thesaurus_is_in_every_store(seeds):
    res = query("""SELECT ?def WHERE { ?c skos:prefLabel "三管三必须"@zh ; skos:definition ?def }""", seeds.store)
    assert len(res) == 1 and "管行业必须管安全" in res.iloc[0, 0]


def test_statistics(seeds):
    s = statistics(seeds.store)
    assert s["articles"] == 5 and s["classes"]["kg:Official"] >= 20 and s["triples"] == len(seeds.store)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_then_import_gives_the_same_store(seeds, tmp_path, fmt):
    path = tmp_path / f"seeds.{ 'nq' if fmt == 'nquads' else fmt}"
    path.write_text(export(seeds.store, fmt), encoding="utf-8")
    fresh = open_store(tmp_path / "fresh")
    import_file(fresh, path)
    graphs = lambda st: {g for *_, g in st.quads()}  # noqa: E731
    assert graphs(fresh) == graphs(seeds.store)
    for g in graphs(seeds.store):
        a, b = Graph(), Graph()
        for s, p, o, h in seeds.store.quads():
            if h == g:
                a.add((s, p, o))
        for s, p, o, h in fresh.quads():
            if h == g:
                b.add((s, p, o))
        assert isomorphic(a, b), g
    fresh.close()


def test_a_bulk_load_cut_short_is_not_read_and_the_next_build_redoes_it(tmp_path):
    """On disk the articles of a first build and the derived graphs (candidates, summary)
    are bulk loaded, which is no transaction. A build stopped while loading publishes no
    view of what it left: readers keep reading the last whole one, and the next build
    redoes the derived graphs though no article changed, which clears the mark."""
    store = tmp_path / "store"
    build([ARTICLES], store=store, validate=False).store.close()
    cut = OxigraphStore(store)
    (store / OxigraphStore.LOADING).touch()  # what a kill during the summary's load leaves
    cut.remove_graph(SUMMARY_GRAPH)
    cut.close()
    with open_store(store, read_only=True) as st:
        assert st.query("ASK { ?e kg:articleCount ?n }").boolean
    again = build([ARTICLES], store=store, validate=False)
    assert (again.articles, again.unchanged) == (0, 5) and again.store.query("ASK { ?e kg:articleCount ?n }").boolean
    again.store.close()
    assert not (store / OxigraphStore.LOADING).exists()
    with open_store(store, read_only=True) as st:
        assert st.query("ASK { ?e kg:articleCount ?n }").boolean


def test_readers_read_the_view_the_last_writer_published_and_old_views_go(tmp_path):
    """Readers never open the files a writer changes (Oxigraph: undefined behaviour, and
    a query that can grow without end): a writer publishes a view as it closes, a reader
    holds its view, and only views no reader holds are deleted."""
    store = tmp_path / "store"
    build([ARTICLES], store=store, validate=False).store.close()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Article }"
    held = open_store(store, read_only=True)
    writer = OxigraphStore(store)
    writer.remove_graph(article_iri("001_8357457553f7d912"))
    with open_store(store, read_only=True) as st:
        assert st.query(count).values == [("5",)]  # the writer has published nothing yet
    writer.close()
    with open_store(store, read_only=True) as st:
        assert st.query(count).values == [("4",)]
    assert held.query(count).values == [("5",)] and len(OxigraphStore.views(store)) == 2
    held.close()
    OxigraphStore(store).close()
    assert len(OxigraphStore.views(store)) == 1 and os.listdir(store / OxigraphStore.VIEWS) == OxigraphStore.views(store)


def test_importing_article_graphs_recomputes_what_a_build_does(tmp_path):
    """Article graphs made elsewhere (kg extract --format trig, on another machine) get
    their candidates and summary when imported, as if built here."""
    trig = subprocess.run([sys.executable, "-m", "kg", "extract", str(ARTICLES), "--format", "trig"],
                          capture_output=True, text=True, check=True).stdout
    (tmp_path / "seeds.trig").write_text(trig, encoding="utf-8")
    store = open_store(tmp_path / "store")
    import_file(store, tmp_path / "seeds.trig")
    counts = dict(store.query('SELECT ?name ?n WHERE { ?o a kg:Official ; rdfs:label ?name ; kg:articleCount ?n }').values)
    assert counts["王启瑞"] == "2" and counts["习近平"] == "2"
    store.close()


def test_nquads_shards_imported_make_the_store_a_build_makes(tmp_path):
    """Shards extracted elsewhere (``kg extract --format nquads``, an article at a time)
    and imported — each of new articles, in bulk, and one again, a graph at a time —
    give the quads a build of the same articles gives, and a build after them finds
    every article unchanged."""
    files = sorted(ARTICLES.glob("*.txt"))
    shards = []
    for i, part in enumerate((files[:3], files[3:])):
        text = subprocess.run([sys.executable, "-m", "kg", "extract", *map(str, part), "--format", "nquads"],
                              capture_output=True, text=True, check=True).stdout
        assert text.count(" .\n") == len(text.splitlines())  # lines, nothing else: they concatenate
        shards.append(tmp_path / f"part-{i}.nq")
        shards[-1].write_text(text, encoding="utf-8")
    with open_store(tmp_path / "imported") as st:
        for shard in shards + shards[:1]:
            import_file(st, shard)
    build([ARTICLES], store=tmp_path / "built", validate=False).store.close()

    def quads(path):
        with open_store(path, read_only=True) as st:  # the ontology's blank nodes differ by label only
            return {line for line in export(st, "nquads").splitlines() if "_:" not in line}
    assert quads(tmp_path / "imported") == quads(tmp_path / "built")
    again = build([ARTICLES], store=tmp_path / "imported", validate=False)
    assert (again.articles, again.unchanged) == (0, 5)
    again.store.close()


def test_turtle_and_jsonld_exports_parse(seeds):
    for fmt, rdflib_format in (("ttl", "turtle"), ("jsonld", "json-ld")):
        g = Graph().parse(data=export(seeds.store, fmt), format=rdflib_format)
        assert (None, URIRef("https://w3id.org/anquan-kg/ontology#holdsPost"), None) in g


def test_malformed_import_is_refused_whole(tmp_path):
    store = open_store(None)
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/anquan-kg/ontology#> .\nkg:a kg:b kg:c .\nkg:d kg:e", encoding="utf-8")
    with pytest.raises(ExchangeError, match="bad.ttl: not valid ttl"):
        import_file(store, bad)
    assert len(store) == 0


def test_import_error_names_the_line_in_plain_text(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:c .\nex:d ex:e ex:f .\n",
                   encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kg", "import", bad, "--store", tmp_path / "s"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and len(out.stderr.splitlines()) == 1
    assert "bad.ttl: not valid ttl" in out.stderr and "line 3" in out.stderr
    assert "b'" not in out.stderr and "\\n" not in out.stderr

def test_cli_validate_export_import(tmp_path):
    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)

    assert kg("build", ARTICLES / "001_8357457553f7d912.txt", "--store", tmp_path / "a").returncode == 0
    out = kg("validate", "--store", tmp_path / "a")
    assert out.returncode == 0 and "conforms" in out.stdout
    assert kg("export", "--store", tmp_path / "a", "-o", tmp_path / "a.trig").returncode == 0
    out = kg("import", tmp_path / "a.trig", "--store", tmp_path / "b")
    assert out.returncode == 0 and "imported" in out.stdout
    out = kg("stats", "--store", tmp_path / "b")
    assert "articles  1" in out.stdout and "kg:Official" in out.stdout
    (tmp_path / "bad.trig").write_text("<a> <b> .", encoding="utf-8")
    out = kg("import", tmp_path / "bad.trig", "--store", tmp_path / "b")
    assert out.returncode == 1 and "bad.trig" in out.stderr and "Traceback" not in out.stderr


def test_article_dates_are_days_that_compare_and_times_stand_apart(tmp_path):
    # One article gives a time (发布时间 2024-11-10 03:16:29), the others a day or none: a
    # filter on the day must find the timed one too.
    from kg import Graph, build

    build([ARTICLES], store=tmp_path / "s", validate=False).store.close()
    with Graph(tmp_path / "s") as g:
        rows = g.query('SELECT ?a ?i WHERE { ?a dcterms:date ?d OPTIONAL { ?a dcterms:issued ?i } '
                       'FILTER(?d >= "2024-11-01"^^xsd:date) }')
        assert [str(t).replace(" ", "T") for t in rows["i"]] == ["2024-11-10T03:16:29"]
        assert g.query("SELECT (COUNT(*) AS ?n) WHERE { ?a dcterms:date ?d FILTER(DATATYPE(?d) != xsd:date) }")["n"][0] == 0
