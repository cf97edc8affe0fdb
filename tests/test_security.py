"""Attacks on kg, each performed for real against a real store: the attack must fail,
nothing stored may be lost, and kg must say what happened in one line."""
import subprocess
import sys

import pytest

from conftest import ARTICLES
from kg.build import build
from kg.exchange import ExchangeError, import_file
from kg.store import StoreError
from kg.updates import iri_ref, replace_update

# A graph name that closes its IRI early once SPARQL expands \u003E, and then runs updates.
CLOSE = "\\u003E"
PAYLOADS = [
    f"http://x/g{CLOSE} {{ }} ; CLEAR ALL ; INSERT DATA {{ <http://e/a> <http://e/b> <http://e/c> }} #",
    f"http://x/g{CLOSE} ; LOAD <http://127.0.0.1:9/evil.ttl> #",
    'http://x/g"quote',
    "http://x/g{brace}",
    "http://x/g with space",
    "http://x/g\\u0020tab",
]


def snapshot(store):
    return sorted(map(str, store.quads()))


@pytest.fixture()
def store(tmp_path):
    st = build([ARTICLES / "003_795bd59d1e90186d.txt"], store=tmp_path / "store", validate=False).store
    yield st
    st.close()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_a_crafted_graph_name_in_an_imported_file_is_refused(store, tmp_path, payload, fmt):
    before = snapshot(store)
    path = tmp_path / f"evil.{'nq' if fmt == 'nquads' else 'trig'}"
    if fmt == "nquads":
        path.write_text(f'<http://x/s> <http://x/p> "o" <{payload}> .\n', encoding="utf-8")
    else:
        path.write_text(f'<{payload}> {{ <http://x/s> <http://x/p> "o" }}\n', encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        import_file(store, path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert snapshot(store) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_crafted_iri_inside_triples_is_refused(store, tmp_path, payload):
    before = snapshot(store)
    path = tmp_path / "evil.ttl"
    path.write_text(f'<{payload}> <http://x/p> "o" .\n<http://x/s> <http://x/p> <{payload}> .\n', encoding="utf-8")
    with pytest.raises(ExchangeError):
        import_file(store, path)
    assert snapshot(store) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_graph_option_and_update_text_refuse_what_is_not_an_iri(store, tmp_path, payload):
    path = tmp_path / "ok.nt"
    path.write_text('<http://x/s> <http://x/p> "o" .\n', encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(ExchangeError, match="not a valid IRI"):
        import_file(store, path, graph=payload.replace(CLOSE, ">"))
    with pytest.raises(StoreError, match="not a valid IRI"):
        replace_update(payload.replace(CLOSE, ">"), '<http://x/s> <http://x/p> "o" .')
    assert snapshot(store) == before


def test_a_literal_full_of_escapes_is_stored_as_text(store, tmp_path):
    text = 'x\\u0022 } ; CLEAR ALL ; INSERT DATA { <http://e/a> <http://e/b> <http://e/c> } #'
    path = tmp_path / "odd.nt"
    path.write_text(f'<http://x/s> <http://x/p> "{text.replace(chr(92), chr(92) * 2)}" .\n', encoding="utf-8")
    before = len(store)
    import_file(store, path)
    assert len(store) == before + 1
    rows = store.query("SELECT ?o WHERE { <http://x/s> <http://x/p> ?o }").rows
    assert [str(r[0]) for r in rows] == [text]


def test_import_is_all_or_nothing(store, tmp_path):
    before = snapshot(store)
    lines = [f'<http://x/s{i}> <http://x/p> "o" <http://x/g{i}> .' for i in range(20)]
    lines[17] = '<http://x/s17> <http://x/p> "unterminated <http://x/g17> .'
    path = tmp_path / "broken.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ExchangeError, match="line 18"):
        import_file(store, path)
    assert snapshot(store) == before


def test_a_blank_node_graph_name_is_refused_clearly(store, tmp_path):
    path = tmp_path / "bnode.trig"
    path.write_text('_:g { <http://x/s> <http://x/p> "o" }\n', encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(ExchangeError, match="blank node"):
        import_file(store, path)
    assert snapshot(store) == before


@pytest.mark.parametrize("context", ['"http://127.0.0.1:9/ctx.jsonld"', '{"@import": "http://127.0.0.1:9/c.jsonld"}'])
def test_json_ld_import_never_fetches_a_remote_context(store, tmp_path, context):
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "http://x/a", "http://x/p": "n"}}', encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(ExchangeError, match="remote JSON-LD context"):
        import_file(store, path)
    assert snapshot(store) == before


def test_import_cli_refuses_in_one_line(tmp_path):
    store = tmp_path / "s"
    assert subprocess.run([sys.executable, "-m", "kg", "build", ARTICLES / "003_795bd59d1e90186d.txt",
                           "--store", store, "--no-validate"], capture_output=True).returncode == 0
    evil = tmp_path / "evil.nq"
    evil.write_text(f'<http://x/s> <http://x/p> "o" <{PAYLOADS[0]}> .\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kg", "import", evil, "--store", store], capture_output=True, text=True)
    assert out.returncode == 1 and len(out.stderr.splitlines()) == 1 and "Invalid IRI" in out.stderr
    stats = subprocess.run([sys.executable, "-m", "kg", "stats", "--store", store], capture_output=True, text=True)
    assert "articles  1" in stats.stdout


def test_iri_ref_writes_only_valid_iris():
    assert iri_ref("http://x/a#b") == "<http://x/a#b>"
    for bad in ("http://x/>", "http://x/a b", "http://x/{", 'http://x/"', "no scheme"):
        with pytest.raises(StoreError):
            iri_ref(bad)
