"""SPARQL text kg makes: the updates that write an article's graph (keeping the default
graph the union of all graphs), and a reader's account of a query's syntax error.

Update text is made from data only through ``iri_ref`` and ``safe_ntriples``.
"""
from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox
from rdflib import URIRef

from .read import one_line


class StoreError(Exception):
    """A store that cannot be opened or written; ``str()`` is one line naming it. (Declared
    here, where update text refuses what is not data; ``kg.store`` raises it too.)"""


# SPARQL Update text is made from data only through these two functions. SPARQL expands
# \uXXXX escapes anywhere in a request before parsing it, so an IRI written as
# <http://x/\u003E> in a file closes early and what follows runs as an update (CLEAR ALL,
# LOAD <url>). Oxigraph's own parser and serialiser are strict: an IRI that is not one
# is refused, and what they write holds no escape that could close anything.

def triples_ntriples(quads: Iterable[ox.Quad]) -> str:
    """The triples of ``quads`` as Oxigraph writes N-Triples (see ``safe_ntriples``)."""
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def iri_ref(name) -> str:
    """``<name>`` for SPARQL text, once ``name`` is known to be a valid IRI; ``StoreError``
    otherwise.

    >>> iri_ref("https://w3id.org/anquan-kg/id/article/001")
    '<https://w3id.org/anquan-kg/id/article/001>'
    >>> iri_ref("http://x/> } ; CLEAR ALL ; INSERT DATA { <a")
    Traceback (most recent call last):
    kg.updates.StoreError: not a valid IRI: 'http://x/> } ; CLEAR ALL ; INSERT DATA { <a' (Invalid IRI code point '>')
    """
    try:
        return str(ox.NamedNode(str(name)))
    except ValueError as e:
        raise StoreError(f"not a valid IRI: {one_line(str(name), 120)!r} ({one_line(e)})") from None


def safe_ntriples(ntriples: str) -> str:
    """``ntriples`` as Oxigraph writes it after reading it strictly: the only form in
    which triples are pasted into SPARQL Update text. ``StoreError`` if it is not valid
    N-Triples (an IRI that is not one, an escape that makes one invalid)."""
    try:
        quads = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    except SyntaxError as e:
        raise StoreError(f"refused to write triples that are not valid N-Triples: {one_line(e)}") from None


def replace_update(name: URIRef, ntriples: str) -> str:
    """The SPARQL update that replaces graph ``name`` by ``ntriples`` and keeps the default
    graph the union of all named graphs: triples only the old graph held leave it, the new
    ones join it. One request, so one transaction.

    Why a materialised union rather than querying with the union as default graph: a
    union view repeats a triple once per graph stating it (a place's label, in every
    article naming it), and joins multiply those repeats; the default graph is a set.
    """
    # One INSERT DATA for both copies: blank nodes may not span two of them.
    ntriples = safe_ntriples(ntriples)
    return (f"{remove_update(name)} ;\n"
            f"INSERT DATA {{\n{ntriples}\nGRAPH {iri_ref(name)} {{\n{ntriples}\n}} }}")


def bulk_nquads(graphs: list[tuple[URIRef, str]], last_predicate: str | None = None) -> list[str]:
    """New graphs, each ``(name, N-Triples)``, as the N-Quads a bulk loader adds, in four
    texts to load one after the other: the graphs, their triples in the default graph
    (the union), then the same two for the triples with ``last_predicate``. A bulk load
    is no transaction: loading each article's content hash last lets a rerun find the
    articles a crash cut short (they have none) and replace them whole, and loading the
    union after the graphs leaves no triple in it that no graph states.

    >>> texts = bulk_nquads([(URIRef("http://x/g"), '<http://x/a> <http://x/p> "1" .\\n'
    ...                      '<http://x/a> <http://x/h> "2" .\\n')], "http://x/h")
    >>> print("".join(texts), end="")
    <http://x/a> <http://x/p> "1" <http://x/g> .
    <http://x/a> <http://x/p> "1" .
    <http://x/a> <http://x/h> "2" <http://x/g> .
    <http://x/a> <http://x/h> "2" .
    """
    # A line break ends every N-Triples line and nothing else (literals escape theirs), so
    # whole texts are rewritten by str.replace, not line by line: twice as fast.
    marker = f" {iri_ref(last_predicate)} " if last_predicate else None
    texts: list[list[str]] = [[], [], [], []]
    for name, ntriples in graphs:
        graph = f" {iri_ref(name)} .\n"
        ntriples = ntriples if ntriples.endswith("\n") else ntriples + "\n"
        for i, text in enumerate(_lines_apart(ntriples, marker)):
            texts[2 * i].append(text.replace(" .\n", graph))
            texts[2 * i + 1].append(text)
    return ["".join(t) for t in texts]


def _lines_apart(text: str, marker: str | None) -> tuple[str, str]:
    """``text`` without the lines holding ``marker``, and those lines."""
    kept, held, pos = [], [], 0
    while marker and (at := text.find(marker, pos)) >= 0:
        start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at) + 1
        kept.append(text[pos:start])
        held.append(text[start:end])
        pos = end
    kept.append(text[pos:])
    return "".join(kept), "".join(held)


def replace_where_update(name: URIRef, *parts: tuple[str, str]) -> str:
    """The SPARQL update that replaces a derived graph ``name`` (candidates, summary) by
    the triples each ``(template, pattern)`` of ``parts`` makes for each solution of its
    pattern (one INSERT each: evaluated apart, they need a fraction of the memory one
    pattern joining them by UNION does), keeping the default graph the union (see
    ``replace_update``). A derived graph's predicates are its own (kg:possiblySameAs,
    kg:articleCount …): no other graph states its triples, so they leave the union
    without the check ``remove_update`` makes, which costs seconds for a graph of tens of
    thousands of triples."""
    graph = iri_ref(name)
    return clear_derived_update(name) + "".join(
        f" ;\nINSERT {{ {t}\nGRAPH {graph} {{ {t} }} }} WHERE {{ {p} }}" for t, p in parts)


def clear_derived_update(name: URIRef) -> str:
    """The SPARQL update that empties a derived graph ``name`` and takes its triples out of
    the union (see ``replace_where_update`` for why no other graph is checked)."""
    graph = iri_ref(name)
    return f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} ;\nDROP SILENT GRAPH {graph}"


def remove_update(name: URIRef) -> str:
    """The SPARQL update that drops graph ``name`` and, from the default graph, the triples
    no other graph states."""
    graph = iri_ref(name)
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }} ;\n"
            f"DROP SILENT GRAPH {graph}")


def syntax_error_message(message: str, sparql: str) -> str:
    """Oxigraph's SPARQL syntax error, for a reader: the position, whether it is the end
    of the query, and what could come there — the tokens, not the character classes of
    names that the parser also lists (those run to hundreds of characters).

    >>> syntax_error_message('error at 1:8: expected one of "(", "?", [A-Z | a], "*"', "SELECT ")
    'SPARQL syntax error at 1:8 (the end of the query): expected one of "(", "?", "*", …'
    >>> syntax_error_message("error at 1:12: expected one of Prefix not found, [%]", "ASK { ?x x:y ?z }")
    'SPARQL syntax error at 1:10: unknown prefix x: (declare it with PREFIX x: <…>)'
    """
    m = re.match(r"error at (\d+):(\d+): expected (one of )?(.*)", message, re.S)
    if not m:
        return one_line(f"SPARQL syntax {message}")
    line, column = int(m.group(1)), int(m.group(2))
    lines = sparql.rstrip().split("\n")
    at_end = line >= len(lines) and column > len(lines[-1])
    items, depth, item = [], 0, ""
    for ch in m.group(4):  # split at the commas outside [character classes]
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            items.append(item.strip())
            item = ""
        else:
            item += ch
    items.append(item.strip())
    tokens = [i for i in items if i and not i.startswith("[")]
    if "Prefix not found" in tokens and 0 < line <= len(lines):
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", lines[line - 1][:column - 1])
        if name:
            prefix = name.group(1) or ""
            return (f"SPARQL syntax error at {line}:{name.start() + 1}: unknown prefix {prefix}: "
                    f"(declare it with PREFIX {prefix}: <…>)")
    listing = ", ".join(tokens[:10]) + (", …" if len(tokens) < len(items) or len(tokens) > 10 else "")
    where = f"{line}:{column}" + (" (the end of the query)" if at_end else "")
    return one_line(f"SPARQL syntax error at {where}: expected {m.group(3) or ''}{listing}")
