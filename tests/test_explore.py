"""The explorer of kg serve: kg.explore's reads of a real store, the JSON and entity pages
a real server answers, and the page itself in real headless Chromium."""
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from conftest import ARTICLES, chromium, free_port, serving, wait_until
from kg import explore
from kg.build import build
from kg.vocab import ID

TRADITIONAL = "003_795bd59d1e90186d"      # the seed in traditional characters with pinyin
WANG = str(ID) + "official/山西省/王启瑞"
JIN = str(ID) + "official/河南省/金冬江"   # named only in the traditional article


@pytest.fixture(scope="module")
def store():
    return build([ARTICLES], store=None).store


def test_search_matches_any_name_after_normalisation(store):
    # typed in traditional characters, found under the simplified name
    hits = explore.search(store, "王啟瑞")
    assert [h["label"] for h in hits] == ["王启瑞"] and hits[0]["articles"] == 2
    # an alternative name (省应急管理厅 for 山西省应急管理厅) finds the entity, and says how
    hits = {h["label"]: h for h in explore.search(store, "省应急管理厅", limit=20)}
    assert hits["山西省应急管理厅"]["articles"] == 2
    # an exact name comes before names that merely contain it
    assert explore.search(store, "两个至上")[0]["label"] == "两个至上"
    assert explore.search(store, "   ") == []


def test_a_search_cannot_change_the_query(store):
    assert explore.search(store, '") } CLEAR ALL #') == []
    assert explore.search(store, "王启瑞")  # the store is whole


def test_neighbours_page_by_page(store):
    everything = explore.neighbours(store, WANG)
    assert everything["total"] == 3 and not everything["more"]
    first = explore.neighbours(store, WANG, 0, 2)
    rest = explore.neighbours(store, WANG, 2, 2)
    assert first["more"] and not rest["more"]
    assert len(first["nodes"]) == 2 and len(rest["nodes"]) == 1
    assert {n["id"] for n in first["nodes"] + rest["nodes"]} == {n["id"] for n in everything["nodes"]}
    post = next(e for e in everything["edges"] if e["predicate"] == "holdsPost")
    assert post["n"] == 4 and {d["province"] for d in post["docs"]} == {"山西省"}
    with pytest.raises(KeyError):
        explore.neighbours(store, str(ID) + "official/山西省/无此人")


def test_evidence_is_the_original_text_with_the_mention_marked(store):
    said = explore.evidence(store, JIN)
    assert said and all(s["doc"] == TRADITIONAL for s in said)
    marked = ["".join(t for t, m in s["parts"] if m) for s in said]
    assert "金冬江" in marked
    assert any("廳長" in s["sentence"] for s in said)          # as the article writes it
    assert all("".join(t for t, _ in s["parts"]) == s["sentence"] for s in said)


def test_entity_record_of_an_official(store):
    info = explore.entity(store, WANG)
    assert {p["title"] for p in info["posts"]} >= {"厅长", "党委书记"}
    assert all(p["body"] == "山西省应急管理厅" for p in info["posts"])
    predicates = {g["predicate"] for g in info["groups"]}
    assert {"holdsPost", "emphasized"} <= predicates
    assert explore.entity(store, str(ID) + "official/山西省/无此人") is None


def test_entity_paths_round_trip():
    for iri in (WANG, str(ID) + "event/山西省/a%E2%80%9Cb", str(ID) + "principle/liangge-zhishang"):
        path = explore.entity_path(iri)
        assert path.isascii() and str(explore.entity_for_path(path)) == iri


# ---------------------------------------------------------------------- the server
def _serve(store_dir):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", store_dir, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("explore") / "store"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES, "--store", store_dir, "--no-validate"],
                          capture_output=True).returncode == 0
    return store_dir


@pytest.fixture(scope="module")
def server(built):
    proc, base = _serve(built)
    with serving(proc, base + "/"):
        yield base


def get(url, accept="*/*"):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept})) as r:
        return r.headers.get("Content-Type"), r.read().decode("utf-8")


def test_api_answers_json(server):
    ctype, body = get(server + "/api/search?q=" + quote("王啟瑞"))
    assert ctype.startswith("application/json") and json.loads(body)[0]["id"] == WANG
    _, body = get(server + "/api/neighbours?id=" + quote(WANG) + "&limit=2")
    assert json.loads(body)["more"] is True
    _, body = get(server + "/api/examples")
    assert len(json.loads(body)) >= 12
    for iri in (str(ID) + "official/x/y", str(ID) + "x> } CLEAR ALL { <y", "http://example.org/a"):
        with pytest.raises(urllib.error.HTTPError) as e:
            get(server + "/api/neighbours?id=" + quote(iri))
        assert e.value.code == 404


def test_entity_iris_are_dereferenceable(server):
    path = explore.entity_path(WANG)
    ctype, html = get(server + path, "text/html,application/xhtml+xml")
    assert ctype.startswith("text/html") and "<mark>王启瑞</mark>" in html and "厅长" in html
    ctype, ttl = get(server + path, "text/turtle")
    assert ctype.startswith("text/turtle") and "holdsPost" in ttl
    ctype, body = get(server + path, "application/ld+json")
    assert ctype.startswith("application/ld+json") and json.loads(body)
    _, ttl2 = get(server + path + "?format=ttl")
    assert ttl2 == ttl
    for path in ("/entity/official/nobody", "/entity/x%3E%20%7D", "/entity/"):
        with pytest.raises(urllib.error.HTTPError) as e:
            get(server + path)
        assert e.value.code == 404


@pytest.mark.parametrize("path", ["/static/../serve.py", "/static/%2e%2e/serve.py", "/static/explorer.py",
                                  "/static//etc/passwd"])
def test_static_serves_only_its_files(server, path):
    with pytest.raises(urllib.error.HTTPError) as e:
        get(server + path)
    assert e.value.code == 404


def test_pages_read_the_store_at_request_time(built, tmp_path):
    store_dir = tmp_path / "store"
    shutil.copytree(built, store_dir)
    proc, base = _serve(store_dir)
    with serving(proc, base + "/"):
        assert json.loads(get(base + "/api/search?q=" + quote("金冬江"))[1])
        removed = subprocess.run([sys.executable, "-m", "kg", "remove", TRADITIONAL, "--store", store_dir],
                                 capture_output=True, text=True)
        assert removed.returncode == 0, removed.stderr
        assert json.loads(get(base + "/api/search?q=" + quote("金冬江"))[1]) == []
        with pytest.raises(urllib.error.HTTPError):
            get(base + explore.entity_path(JIN))


# ---------------------------------------------------------------------- in Chromium
@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert not errors


def open_explorer(page, url):
    page.goto(url)
    wait_until(page, "() => window.kg && kg.ready && kg.busy === 0")


def test_search_suggests_and_opens_a_neighbourhood(server, page):
    open_explorer(page, server + "/")
    page.fill("#search", "王啟瑞")  # traditional characters
    page.wait_for_selector("#suggestions li")
    assert "王启瑞" in page.inner_text("#suggestions li") and "官员" in page.inner_text("#suggestions li")
    page.press("#search", "Enter")
    wait_until(page, "() => kg.busy === 0 && kg.nodes.length === 4")
    assert page.evaluate("() => kg.network.getSelectedNodes()") == [WANG]
    assert "山西省应急管理厅" in page.inner_text("#details")
    assert page.evaluate("() => kg.overlaps()") == 0
    assert "open=official/" in page.evaluate("() => location.hash")


def test_grow_hide_and_restore_from_the_permalink(server, page, browser):
    open_explorer(page, server + "/")
    page.fill("#search", "两个至上")
    page.wait_for_selector("#suggestions li")
    page.press("#search", "Enter")
    wait_until(page, "() => kg.busy === 0 && kg.nodes.length > 1")
    first = page.evaluate("() => kg.nodes.length")
    official = page.evaluate("() => kg.nodes.getIds().find(id => id.includes('/official/'))")
    page.evaluate("id => kg.expand(id)", official)
    wait_until(page, f"() => kg.busy === 0 && kg.nodes.length > {first}")
    grown = page.evaluate("() => kg.nodes.length")
    assert page.evaluate("() => kg.overlaps()") == 0
    page.evaluate("id => kg.hide(id)", official)
    assert page.evaluate("() => kg.hiddenCount.user") == 1
    shown = page.evaluate("() => kg.nodes.get({filter: n => !n.hidden}).length")
    link = page.url
    # the link alone gives the same view, laid out the same
    other = browser.new_page(viewport={"width": 1400, "height": 900})
    open_explorer(other, link)
    assert other.evaluate("() => kg.nodes.length") == grown
    assert other.evaluate("() => kg.nodes.get({filter: n => !n.hidden}).length") == shown
    same = "() => JSON.stringify(kg.network.getPositions())"
    assert other.evaluate(same) == page.evaluate(same)
    other.close()
    # back undoes the hide
    page.go_back()
    wait_until(page, "() => kg.busy === 0 && kg.hiddenCount.user === 0")


def test_filters_hide_and_count(server, page):
    open_explorer(page, server + "/#open=" + quote(WANG[len(str(ID)):]) + "~1")
    assert page.evaluate("() => kg.nodes.length") == 4
    page.uncheck("#types input[data-type=Principle]")
    assert page.evaluate("() => kg.hiddenCount.filters") == 2
    assert "2 by the filters" in page.inner_text("#hidden-count")
    page.check("#types input[data-type=Principle]")
    page.fill("#date-from", "2030-01-01")  # no article about 王启瑞 is that recent
    page.dispatch_event("#date-from", "change")
    assert page.evaluate("() => kg.hiddenCount.filters") == 3
    assert page.evaluate("() => kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)") == [WANG]


def test_a_principle_page_charts_its_citers_by_month(server):
    _, html = get(server + explore.entity_path(str(ID) + "principle/liangge-zhishang"), "text/html")
    assert '<svg class="chart"' in html and "2024-11: 1 citers" in html


def test_entity_page_shows_the_original_sentence(server, page):
    page.goto(server + explore.entity_path(JIN))
    assert "河南省应急管理厅" in page.inner_text("#posts")
    marks = page.locator("blockquote mark").all_inner_texts()
    assert "金冬江" in marks
    assert any("廳長" in q for q in page.locator("blockquote").all_inner_texts())


def test_editor_runs_examples_draws_graphs_and_places_errors(server, page):
    open_explorer(page, server + "/")
    page.click("button[data-tab=query]")
    wait_until(page, "() => kg.examples && kg.examples.length >= 12")
    names = page.evaluate("() => kg.examples.map(q => q.name)")
    page.select_option("#examples", str(names.index("posts")))
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && /rows/.test(document.getElementById('status').textContent)")
    assert page.locator("#results tr").count() > 5
    page.evaluate("() => kg.editor.setValue('SELECT ?o WHERE { ?o a kg:Official } LIMIT 3')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && /3 rows/.test(document.getElementById('status').textContent)")
    assert page.locator("#results a[href^='/entity/official/']").count() == 3
    page.evaluate("() => kg.editor.setValue('CONSTRUCT { ?o kg:holdsPost ?b } WHERE { ?o kg:holdsPost ?b }')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && /triples/.test(document.getElementById('status').textContent)")
    assert page.evaluate("() => kg.resultGraph.edges") > 5
    page.evaluate("() => kg.editor.setValue('SELECT ?x WHERE {\\n  ?x rdfs:label ?y .\\n  FILTER(\\n}')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && !document.getElementById('query-error').hidden")
    assert "line 4, column" in page.inner_text("#query-error")
    assert page.locator(".cm-error-mark").count() == 1
    assert page.evaluate("() => JSON.parse(localStorage.getItem('kg.history')).length") == 3  # the ones that ran
    # completion of kg's prefixes and terms
    page.evaluate("() => { kg.editor.setValue('SELECT * WHERE { ?o kg:hol'); kg.editor.focus();"
                  " kg.editor.setCursor(kg.editor.lineCount(), 0); kg.editor.execCommand('autocomplete'); }")
    page.wait_for_selector(".CodeMirror-hint")
    assert page.locator(".CodeMirror-hint").all_inner_texts() == ["kg:holdsPost"]


def test_snapshots_of_the_view(server, page):
    open_explorer(page, server + "/#open=" + quote(WANG[len(str(ID)):]) + "~1")
    png = page.evaluate("() => kg.png()")
    assert png.startswith("data:image/png;base64,") and len(png) > 2000
    svg = page.evaluate("() => kg.svg()")
    assert svg.startswith("<svg") and "王启瑞" in svg and svg.count("<circle") == 4


def test_entity_negotiation_follows_the_client(server):
    path = server + explore.entity_path(WANG)
    assert get(path, "text/html;q=0.1, text/turtle")[0].startswith("text/turtle")
    assert get(path, "application/json")[0].startswith("application/ld+json")
    assert get(path, "*/*")[0].startswith("text/html")
    with pytest.raises(urllib.error.HTTPError) as e:
        get(path + "?format=bogus")
    assert e.value.code == 400 and "ttl" in e.value.read().decode()


def test_bad_requests_of_the_api_are_client_errors(server):
    with pytest.raises(urllib.error.HTTPError) as e:
        get(server + "/api/evidence?id=" + quote(WANG) + "&other=garbage")
    assert e.value.code == 404
    req = urllib.request.Request(server + "/sparql", data=b"INSERT DATA { <http://x/a> <http://x/b> 1 }",
                                 headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 403 and "read-only" in e.value.read().decode()


def test_links_that_name_nothing_or_too_much(server, page):
    # an entity no longer in the store, then one that is; an absurd page count
    local = quote(WANG[len(str(ID)):])
    open_explorer(page, server + f"/#open=official/nowhere/nobody~1,{local}~500")
    assert page.evaluate("() => kg.nodes.length") == 4
    assert page.evaluate("() => kg.state()").endswith("~1")  # the pages there are, not the 500 asked for
    assert "王启瑞" in page.inner_text("#details")  # the last node opened is shown


def test_enter_opens_what_the_box_holds(server, page):
    open_explorer(page, server + "/")
    page.fill("#search", "应急")
    page.wait_for_selector("#suggestions li")
    page.evaluate("() => { document.getElementById('search').value = '王启瑞'; }")  # no suggestions for it yet
    page.press("#search", "Enter")
    wait_until(page, "() => kg.busy === 0 && kg.nodes.length > 0")
    assert page.evaluate("() => kg.network.getSelectedNodes()") == [WANG]


def test_filters_and_pins_travel_in_the_link(server, page, browser):
    open_explorer(page, server + "/#open=" + quote(WANG[len(str(ID)):]) + "~1")
    page.uncheck("#types input[data-type=Principle]")
    page.evaluate("id => kg.pin(id)", WANG)
    page.evaluate("id => kg.hide(id)", WANG)
    assert "Unhide all" in page.inner_text("#hidden-count")
    link = page.url
    assert "off=Principle" in link and "pin=" in link
    other = browser.new_page(viewport={"width": 1400, "height": 900})
    open_explorer(other, link)
    assert not other.is_checked("#types input[data-type=Principle]")
    assert other.evaluate("() => kg.hiddenCount") == page.evaluate("() => kg.hiddenCount")
    assert other.evaluate("id => kg.nodes.get(id).fixed", WANG) is True
    other.click("#hidden-count button")
    assert other.evaluate("() => kg.hiddenCount.user") == 0
    other.close()


def test_result_tables_link_entities_only_and_survive_odd_iris(server, page):
    open_explorer(page, server + "/")
    page.click("button[data-tab=query]")
    page.evaluate("() => kg.editor.setValue('SELECT ?a WHERE { ?a a kg:Article } LIMIT 2')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && /2 rows/.test(document.getElementById('status').textContent)")
    assert page.locator("#results a[href^='/entity/']").count() == 0
    page.evaluate("() => kg.editor.setValue('SELECT ?x WHERE { BIND(kgid:official\\\\/%E4 AS ?x) }')")
    page.evaluate("() => kg.editor.setValue('SELECT ?x WHERE { BIND(<' + 'https://w3id.org/anquan-kg/id/official/%E4> AS ?x) }')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && /1 rows/.test(document.getElementById('status').textContent)")
    assert "official/%E4" in page.inner_text("#results")
    page.evaluate("() => kg.editor.setValue('SELECT ?x WHERE {')")
    page.click("#run")
    wait_until(page, "() => kg.busy === 0 && !document.getElementById('query-error').hidden")
    assert page.inner_text("#results") == ""  # the last answer is not left under the error
