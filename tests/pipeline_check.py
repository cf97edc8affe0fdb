"""Run the whole pipeline on one text and check what must hold for any input: no
exception, every offset slicing the original text, and time linear in the length.
Shared by ``tests/test_property.py`` and ``bench/fuzz.py``."""
from __future__ import annotations

import time

import pyoxigraph as ox

from kg.extract import extract_article
from kg.normalize import match_key, normalize_text
from kg.rdf import to_graph
from kg.read import article_from_text
from kg.validate import validate

# Articles go through at ~20 µs a character (bench/long_article.py), a line of nothing but
# names and titles at ~300 µs (every few characters a mention, each with RDF and SHACL
# to do). The bound is far above both: it catches a hang or a blow-up, not a slow day;
# test_property's ratio test and bench/fuzz.py measure the growth itself.
SECONDS_PER_CHAR = 1e-3
SECONDS_FIXED = 3.0


def run_pipeline(text: str, doc_id: str = "fuzz") -> float:
    """Read, extract, resolve, write RDF, validate and load ``text`` as one article;
    assert the invariants; return the seconds it took."""
    started = time.perf_counter()
    article = article_from_text(text, doc_id)
    resolved = extract_article(article)
    graph = to_graph(resolved)
    for e in resolved.entities:
        for m in e.mentions:
            assert 0 <= m.begin < m.end <= len(text), (e.canonical, m)
            # The original stretch says what the mention says, once normalised the same way.
            assert match_key(normalize_text(text[m.begin:m.end])) == match_key(m.text), (m.text, text[m.begin:m.end])
    for r in resolved.relations:
        for st in r.statements:
            assert 0 <= st.begin <= st.end <= len(text)
    ill_typed = [o for o in graph.objects() if getattr(o, "ill_typed", False)]
    assert not ill_typed, ill_typed  # a date that does not exist, say
    report = validate(graph, fast=True)
    assert report.conforms, report.format()
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    seconds = time.perf_counter() - started
    assert seconds <= SECONDS_FIXED + SECONDS_PER_CHAR * len(text), (len(text), seconds)
    return seconds
