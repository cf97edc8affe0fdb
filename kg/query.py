"""SPARQL over a store, answered as a pandas ``DataFrame`` or as text (table, CSV, TSV,
SPARQL 1.1 JSON results; Turtle for CONSTRUCT and DESCRIBE).

kg's prefixes (``kg:``, ``kgid:``, ``rdfs:``, ``skos:``, ``org:``, ``dcterms:``, ``nif:`` …)
are declared for every query, and the default graph is the union of all articles' graphs
(each triple once; ``GRAPH ?g { … }`` says which article states it).

>>> from kg.build import build
>>> from kg.query import query
>>> store = build(store=None).store                                      # doctest: +SKIP
>>> query("SELECT DISTINCT ?name WHERE { ?p a kg:Official ; rdfs:label ?name }", store)  # doctest: +SKIP
"""
from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rdflib import Literal, URIRef

from .formats import names
from .read import one_line
from .store import BaseStore, QueryError, Result, default_store_path, open_store
from .vocab import PREFIXES

FORMATS = names("results")


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except OSError:  # a name too long for the file system (255 bytes: ~85 Chinese characters)
        return False


def read_query(query_or_file: str) -> str:
    """The query text: ``query_or_file`` itself, or the contents of the ``.rq``/``.sparql``
    file it names."""
    if query_or_file.endswith((".rq", ".sparql")) or (
            "\n" not in query_or_file and len(query_or_file) < 300 and _is_file(query_or_file)):
        path = Path(query_or_file)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{path}: cannot read query: {getattr(e, 'strerror', None) or e}") from None
    return query_or_file


# What SPARQL's lexer sees once \u/\U escapes are expanded (as it does before parsing):
# strings, IRIs and comments, so that a keyword is only looked for outside them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOT_KEYWORDS = re.compile("|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',              # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',                       # strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',                    # IRIs (no space inside: not a comparison)
    r"#[^\n]*",                                    # comments
]))


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` has a ``SERVICE`` clause (a federated query: the server would
    send a request to the URL it names), however it is spelt.

    >>> uses_service("SELECT * { \\\\u0053ervice <http://127.0.0.1:9/> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * { ?s rdfs:label "SERVICE" } # service')
    False
    """
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    return re.search(r"(?i)\bSERVICE\b", _NOT_KEYWORDS.sub(" ", text)) is not None


UPDATE_VERBS = re.compile(r"(?i)^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                          r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b")


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL update rather than a query (its first keyword after
    the prologue), so that one sent as a query is refused as such.

    >>> is_update("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }"), is_update("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    text = _NOT_KEYWORDS.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ",
                             _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql))
    return UPDATE_VERBS.match(text) is not None


def run(sparql: str, store: str | os.PathLike | BaseStore | None = "", timeout: float | None = None,
        files: bool = True, federation: bool = True, limits: Limits | None = None) -> Result:
    """Answer ``sparql`` (a query, or with ``files`` a ``.rq`` file) from ``store`` (an
    open store, a directory, ``""`` for the default store). With ``timeout`` (seconds), a
    query still running then is stopped and ``QueryError`` raised; with ``limits`` one
    that needs more memory, or answers more results, than they allow. ``kg serve`` passes
    ``files=False``: what a request sends is query text, never the path of a file; and,
    unless told otherwise, ``federation=False``: a ``SERVICE`` clause is refused rather
    than sent to the URL it names."""
    text = read_query(str(sparql)) if files else str(sparql)
    if not text.strip():
        raise QueryError("no query: give the text of a SPARQL query" + (", or a .rq file" if files else ""))
    if not federation and uses_service(text):
        raise QueryError("federated queries (SERVICE) are refused: this endpoint sends no request "
                         "to other servers (kg serve --allow-federation allows them)", "refused")
    if timeout is not None or limits is not None:
        return _run_with_timeout(text, store, timeout, limits)
    if isinstance(store, BaseStore):
        return store.query(text)
    with open_store(store, read_only=True) as st:
        return st.query(text)


@dataclass(frozen=True)
class Limits:
    """What one query may take, besides time: memory (MB of address space the process
    answering it may grow by; Oxigraph cannot be told how much to use, the kernel can)
    and the size of its answer (rows or triples)."""

    memory_mb: int = 2048
    results: int = 1_000_000


def _vm_size_mb() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmSize:"))


def _answer_in_child(text: str, path: str, conn, limits: Limits | None) -> None:
    try:
        if limits is not None:
            import resource

            cap = (_vm_size_mb() + limits.memory_mb) * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        with open_store(path, read_only=True) as st:
            result = st.query(text)
        size = len(result)
        if limits is not None and size > limits.results:
            raise QueryError(f"the answer has {size:,} results, more than the {limits.results:,} allowed; "
                             "ask for fewer (LIMIT, or a narrower pattern)", "limit")
        conn.send(("ok", result))
    except MemoryError:
        conn.send(("error", QueryError(f"the query needed more than {limits.memory_mb} MB of memory", "limit")))
    except Exception as e:  # sent back whole, raised in the parent
        conn.send(("error", e))
    finally:
        conn.close()


def _run_with_timeout(text: str, store, timeout: float | None, limits: Limits | None = None) -> Result:
    """Oxigraph cannot interrupt a query, so a store on disk is asked from a child process
    that is killed when time is up (and, with ``limits``, that may not grow past its
    memory); an in-memory store from a thread that is abandoned."""
    path = getattr(store, "path", None) if isinstance(store, BaseStore) else (store or default_store_path())
    if path is None:
        import concurrent.futures as cf

        pool = cf.ThreadPoolExecutor(max_workers=1)
        future = pool.submit(store.query, text)
        pool.shutdown(wait=False)
        try:
            return future.result(timeout=timeout)
        except cf.TimeoutError:
            raise QueryError(f"query timed out after {timeout:g} s", "timeout") from None
    ctx = multiprocessing.get_context("fork")
    try:
        parent, child = ctx.Pipe(duplex=False)
    except OSError as e:  # out of file descriptors: this query fails, the next may not
        raise QueryError(f"cannot run the query now: {one_line(e)}", "busy") from None
    proc = None
    try:
        proc = ctx.Process(target=_answer_in_child, args=(text, str(path), child, limits), daemon=True)
        proc.start()
        child.close()
        if not parent.poll(timeout):
            raise QueryError(f"query timed out after {timeout:g} s", "timeout")
        status, value = parent.recv()
    except (EOFError, ConnectionError):  # the child died: killed for its memory, as a rule
        cap = f" (its limit is {limits.memory_mb} MB of memory)" if limits else ""
        raise QueryError(f"the query was stopped{cap}", "limit") from None
    except OSError as e:  # no process could be started
        raise QueryError(f"cannot run the query now: {one_line(e)}", "busy") from None
    finally:
        if proc is not None and proc.is_alive():
            proc.kill()
        if proc is not None and proc.pid is not None:
            proc.join()
            if proc.exitcode is not None:
                proc.close()  # its sentinel descriptor now, not when collected
        parent.close()
        child.close()
    if status == "error":
        raise value
    return value


def _python(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def to_frame(result: Result) -> pd.DataFrame:
    """A SELECT result as a ``DataFrame``: IRIs as strings, literals as Python values."""
    if result.kind == "ask":
        return pd.DataFrame({"boolean": [result.boolean]})
    if result.kind == "graph":
        return pd.DataFrame([[str(s), str(p), _python(o)] for s, p, o in result.graph],
                            columns=["subject", "predicate", "object"])
    return pd.DataFrame([[_python(t) for t in row] for row in result.rows], columns=result.variables)


def query(sparql: str, store: str | os.PathLike | BaseStore | None = "",
          timeout: float | None = None) -> pd.DataFrame:
    """Answer a SPARQL query (or ``.rq`` file) from ``store`` as a ``DataFrame``.

    >>> query("SELECT DISTINCT ?title WHERE { ?p a kg:Post ; kg:title ?title }")  # doctest: +SKIP
    """
    return to_frame(run(sparql, store, timeout))


def compact(term) -> str:
    """An IRI as a prefixed name when kg knows the prefix (``kg:Official``)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        best = max(((p, str(ns)) for p, ns in PREFIXES.items() if s.startswith(str(ns))),
                   key=lambda x: len(x[1]), default=None)
        return f"{best[0]}:{s[len(best[1]):]}" if best else f"<{s}>"
    return str(term)


def format_result(result: Result, fmt: str = "table", graph_format: str = "ttl") -> str:
    """Text of a result: ``table`` for people; ``csv``/``tsv``/``json``/``xml`` as the SPARQL
    1.1 results formats. CONSTRUCT and DESCRIBE give ``graph_format`` (Turtle by default;
    ``nt``, ``jsonld``, ``xml``) whatever ``fmt`` is."""
    if result.kind == "graph":
        return result.serialize(graph_format).decode("utf-8")
    if fmt != "table":
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        return result.serialize(fmt).decode("utf-8")
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    frame = pd.DataFrame([[compact(t) for t in row] for row in result.rows], columns=result.variables)
    if frame.empty:
        return "(no results)" if not result.variables else " ".join(result.variables) + "\n(no results)"
    with pd.option_context("display.unicode.east_asian_width", True, "display.max_rows", None,
                           "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 60):
        return frame.to_string(index=False)
