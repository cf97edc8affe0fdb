"""Curation that survives rebuilds: decisions in curation.tsv, written by kg merge / split /
rename / drop, applied by every build, shown by the explorer, carried by kg export."""
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from conftest import ARTICLES
from kg.curate import CurationError, Decision, apply, load, parse_line
from kg.extract import extract_text
from kg.vocab import ID

# Two namesakes of our own in two provinces: a candidate pair kg does not merge.
JIANGXI = "江西省应急管理厅召开会议。江西省应急管理厅厅长张伟主持会议并讲话，强调要坚持“两个至上”。"
HUNAN = "湖南省应急管理厅召开会议。湖南省应急管理厅厅长张伟出席会议并讲话，要求落实“三管三必须”。"


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


def quads(store) -> set[str]:
    """The store's article graphs and derived graphs as N-Quads lines, without the
    ontology (its blank nodes differ from store to store) and the curation graph."""
    out = kg("export", "--store", store, "--format", "nquads").stdout.splitlines()
    return {q for q in out if not q.endswith(("/graph/ontology> .", "/graph/curation> .")) and "_:" not in q}


def query(store, sparql):
    return kg("query", sparql, "--store", store, "--format", "csv").stdout.splitlines()[1:]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    (folder / "jiangxi.txt").write_text(JIANGXI, encoding="utf-8")
    (folder / "hunan.txt").write_text(HUNAN, encoding="utf-8")
    return folder


def test_decisions_applied_to_records_keep_iris_posts_and_evidence_consistent():
    resolved = extract_text(JIANGXI, "jx")
    official = next(e for e in resolved.entities if e.canonical == "张伟")
    body = next(e for e in resolved.entities if e.canonical == "江西省应急管理厅")
    out = apply(resolved, [Decision("rename", str(official.iri), name="张伟同志"),
                           Decision("same-as", "https://w3id.org/anquan-kg/id/body/江西应急", str(body.iri), "江西应急")])
    assert official.canonical == "张伟同志" and "张伟" in official.names and official.curated is not None
    assert str(body.iri).endswith("/body/江西应急") and "江西省应急管理厅" in body.names
    dropped = apply(extract_text(JIANGXI, "jx"), [Decision("drop", str(official.iri))])
    assert "张伟" not in {e.canonical for e in dropped.entities}
    assert all("张伟" not in (r.subject.canonical, r.object.canonical) for r in dropped.relations)
    assert len(out.relations) == len(resolved.relations)


@pytest.mark.parametrize("line, problem", [
    ("merge\tkgid:a\tkgid:b", "unknown action 'merge'"),
    ("same-as\tkgid:a", "same-as needs the column other"),
    ("rename\tkgid:a", "rename needs the column name"),
    ("drop", "no entity"),
])
def test_a_line_that_is_not_a_decision_names_its_line(line, problem):
    with pytest.raises(CurationError, match=problem):
        parse_line(line, 7)
    assert str(parse_line("drop\tkgid:official/x", 3).entity) == str(ID["official/x"])


def test_merge_rename_drop_split_survive_a_rebuild_and_undo_exactly(tmp_path, corpus):
    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    before = quads(store)
    pair = query(store, "SELECT ?a ?b WHERE { ?a kg:possiblySameAs ?b FILTER(STR(?a) < STR(?b)) }")
    assert len(pair) == 1 and "张伟" in pair[0]

    run = kg("merge", "山西省应急管理厅", "kgid:body/河南省应急管理厅", "--store", store, "--curation", cur,
             "-m", "a test of merging")
    assert run.returncode == 0 and "article(s) read again" in run.stdout, run.stderr
    assert kg("rename", "王启瑞", "王启瑞同志", "--store", store, "--curation", cur).returncode == 0
    assert kg("drop", "张闰年", "--store", store, "--curation", cur).returncode == 0
    a, b = pair[0].split(",")
    assert kg("split", a, b, "--store", store, "--curation", cur).returncode == 0
    assert kg("split", "王启瑞同志", "--article", "000_ea62d0b0afefa2f6", "--store", store,
              "--curation", cur).returncode == 0
    lines = cur.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "action\tentity\tother\tname\tcomment" and len(lines) == 6
    assert lines[1] == "same-as\tkgid:body/山西省应急管理厅\tkgid:body/河南省应急管理厅\t山西省应急管理厅\ta test of merging"

    def curated_state(s):
        return (query(s, "SELECT ?l WHERE { kgid:body/河南省应急管理厅 rdfs:label ?l }"),
                query(s, "SELECT ?l WHERE { <https://w3id.org/anquan-kg/id/official/山西省/王启瑞> rdfs:label ?l }"),
                query(s, "SELECT ?e WHERE { ?e rdfs:label ?l FILTER(?l = '张闰年'@zh) }"),
                query(s, "SELECT ?a WHERE { ?a kg:possiblySameAs ?b }"),
                sorted(query(s, "SELECT ?e WHERE { ?e a kg:Official ; rdfs:label ?l FILTER(STRSTARTS(?l, '王启瑞')) }")))
    assert len(quads(store)) > 4000  # every article's quads compared, not a few
    henan, label, dropped, candidates, split = state = curated_state(store)
    assert henan == [] and label == ["王启瑞同志"] and dropped == [] and candidates == []
    assert len(split) == 2 and any(e.endswith("/article/000_ea62d0b0afefa2f6") for e in split)
    assert query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?ev a kg:Evidence ; kg:curatedBy ?d }")[0] != "0"

    # A rebuild from nothing applies the file: the same graph.
    assert kg("build", corpus, "--store", tmp_path / "again", "--curation", cur, "-q").returncode == 0
    assert curated_state(tmp_path / "again") == state
    assert quads(tmp_path / "again") == quads(store)

    # Emptied, the file undoes every decision: exactly the graph of a build without one.
    cur.write_text("action\tentity\tother\tname\tcomment\n", encoding="utf-8")
    out = kg("build", corpus, "--store", store, "--curation", cur)
    assert out.returncode == 0 and "0 unchanged" not in out.stdout
    assert quads(store) == before


def test_a_decision_naming_nothing_or_an_odd_line_is_one_line_and_nothing_else_is_lost(tmp_path, corpus):
    cur = tmp_path / "curation.tsv"
    cur.write_text("action\tentity\tother\tname\tcomment\n"
                   "drop\tkgid:official/湖北省/无此人\t\t\tnot in these articles\n"
                   "merge\tkgid:a\tkgid:b\t\t\n", encoding="utf-8")
    out = kg("build", corpus, "--store", tmp_path / "store", "--curation", cur)
    assert out.returncode == 0 and "7 built" in out.stdout
    assert "line 2: drop kgid:official/湖北省/无此人: names no entity in the store" in out.stdout
    assert "line 3: unknown action 'merge'" in out.stdout and "Traceback" not in out.stderr
    for args, message in ((("merge", "无此人", "王启瑞"), "无此人: no entity of this name or IRI in the store"),
                          (("rename", "省应急管理厅", "x"), "省应急管理厅: names 2 entities"),
                          (("split", "王启瑞"), "give either OTHER or --article DOC")):
        run = kg(*args, "--store", tmp_path / "store", "--curation", cur)
        assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr
    assert len(cur.read_text(encoding="utf-8").splitlines()) == 3  # nothing written by a refusal


def test_a_decision_on_an_article_whose_file_is_gone_says_so(tmp_path, corpus):
    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    (corpus / "jiangxi.txt").unlink()
    run = kg("drop", "kgid:official/江西省/张伟", "--store", store, "--curation", cur)
    assert run.returncode == 0 and "jiangxi: a decision changes it, but its file is gone" in run.stderr


def test_the_explorer_marks_what_a_curation_changed(tmp_path, corpus):
    from kg import explore
    from kg.store import open_store

    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    assert kg("rename", "王启瑞", "王启瑞同志", "--store", store, "--curation", cur, "-m", "honorific").returncode == 0
    with open_store(store, read_only=True) as st:
        info = explore.entity(st, str(ID["official/山西省/王启瑞"]))
    assert info["curation"] == [{"action": "rename", "name": "王启瑞同志", "comment": "honorific"}]
    marked = [s for g in info["groups"] for i in g["items"] for s in i["sentences"] if s["curated"]]
    assert marked and all(s["curated"] == "rename" for s in marked)
    from kg.pages import entity_page
    assert "✎" in entity_page(info) and "honorific" in entity_page(info)


def test_decisions_travel_with_an_export(tmp_path, corpus):
    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    assert kg("rename", "王启瑞", "王启瑞同志", "--store", store, "--curation", cur).returncode == 0
    assert kg("export", "--store", store, "-o", tmp_path / "kg.trig").returncode == 0
    assert kg("import", tmp_path / "kg.trig", "--store", tmp_path / "copy").returncode == 0
    printed = kg("curation", "--store", tmp_path / "copy").stdout
    assert printed.splitlines() == cur.read_text(encoding="utf-8").splitlines()
    assert load(cur)[0].name == "王启瑞同志"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def test_in_the_browser_curated_facts_carry_a_mark(tmp_path, corpus):
    from conftest import chromium, free_port, serving, wait_until
    from kg import explore

    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    assert kg("rename", "王启瑞", "王启瑞同志", "--store", store, "--curation", cur, "-m", "honorific").returncode == 0
    assert kg("merge", "山西省应急管理厅", "kgid:body/河南省应急管理厅", "--store", store, "--curation", cur).returncode == 0
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    wang = str(ID["official/山西省/王启瑞"])
    with serving(proc, base + "/"), chromium() as browser:
        gone = base + explore.entity_path(str(ID["body/河南省应急管理厅"]))
        with pytest.raises(urllib.error.HTTPError) as moved:
            urllib.request.build_opener(NoRedirect).open(gone)
        assert moved.value.code == 301 and moved.value.headers["Location"] == explore.entity_path(
            str(ID["body/山西省应急管理厅"]))
        page = browser.new_page()
        page.goto(gone)
        assert "same-as" in page.inner_text("#curation") and "河南省应急管理厅" in page.inner_text("body")
        page.goto(base + explore.entity_path(wang))
        assert "rename → 王启瑞同志 — honorific" in page.inner_text("#curation")
        assert page.locator("blockquote.curated .curated-mark").count() >= 1
        page.goto(base + "/")
        wait_until(page, "() => window.kg && kg.ready && kg.busy === 0")
        page.fill("#search", "王启瑞同志")
        page.wait_for_selector("#suggestions li")
        page.press("#search", "Enter")
        wait_until(page, "() => kg.busy === 0 && kg.nodes.length > 1")
        edge = page.evaluate("(w) => kg.edges.get().find(e => e.from === w).id", wang)
        page.evaluate("(id) => kg.showEdge(id)", edge)
        page.wait_for_selector("#details blockquote")
        assert page.locator("#details blockquote.curated").count() >= 1
        assert page.locator("#details blockquote.curated").first.get_attribute("title") == \
            "changed by a curation decision (rename)"


def test_a_second_decision_on_the_same_thing_replaces_the_first(tmp_path, corpus):
    store, cur = tmp_path / "store", tmp_path / "curation.tsv"
    assert kg("build", corpus, "--store", store, "-q").returncode == 0
    assert kg("rename", "王启瑞", "王启瑞同志", "--store", store, "--curation", cur).returncode == 0
    assert kg("rename", "王启瑞同志", "王启瑞厅长", "--store", store, "--curation", cur).returncode == 0
    lines = cur.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith("rename\tkgid:official/山西省/王启瑞\t\t王启瑞厅长")
    assert query(store, "SELECT ?l WHERE { <https://w3id.org/anquan-kg/id/official/山西省/王启瑞> rdfs:label ?l }") \
        == ["王启瑞厅长"]
    run = kg("split", "王启瑞厅长", "--article", "nosuchdoc", "--store", store, "--curation", cur)
    assert run.returncode == 1 and "nosuchdoc: no article of this document id" in run.stderr
    # A split is a decision, not a pair of namesakes to judge.
    assert kg("split", "王启瑞厅长", "--article", "000_ea62d0b0afefa2f6", "--store", store,
              "--curation", cur).returncode == 0
    assert query(store, "SELECT ?a WHERE { ?a kg:possiblySameAs ?b FILTER(CONTAINS(STR(?a), '王启瑞')) }") == []


def test_a_hand_written_line_must_name_entities_by_iri(tmp_path, corpus):
    cur = tmp_path / "curation.tsv"
    cur.write_text("drop\t张闰年\nsame-as kgid:a kgid:b\n", encoding="utf-8")
    out = kg("build", corpus, "--store", tmp_path / "store", "--curation", cur)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "line 1: '张闰年' is not an IRI" in out.stdout and "columns are separated by tabs" in out.stdout
