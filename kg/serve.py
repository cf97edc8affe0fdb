"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

- ``GET /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or with
  ``Content-Type: application/sparql-query``;
- results by content negotiation: SPARQL JSON (default), XML, CSV, TSV; graphs
  (CONSTRUCT, DESCRIBE) as Turtle (default), N-Triples, JSON-LD, RDF/XML;
- updates (``update=…``, ``application/sparql-update``) are refused with 403: the store
  is opened read-only and the endpoint never writes;
- every query runs under a timeout (in a child process that is killed when time is up);
- ``/`` is the interactive graph with a query box.

Bound to 127.0.0.1 unless told otherwise: the store may hold unpublished material.

>>> from kg.serve import negotiate
>>> negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.5", "select")
('csv', 'text/csv; charset=utf-8')
"""
from __future__ import annotations

import json
import os
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .query import format_result, run
from .store import QueryError, StoreError, open_store

RESULT_TYPES = {  # media type → (kg.query format, Content-Type sent)
    "application/sparql-results+json": ("json", "application/sparql-results+json; charset=utf-8"),
    "application/json": ("json", "application/sparql-results+json; charset=utf-8"),
    "application/sparql-results+xml": ("xml", "application/sparql-results+xml; charset=utf-8"),
    "application/xml": ("xml", "application/sparql-results+xml; charset=utf-8"),
    "text/csv": ("csv", "text/csv; charset=utf-8"),
    "text/tab-separated-values": ("tsv", "text/tab-separated-values; charset=utf-8"),
}
GRAPH_TYPES = {
    "text/turtle": ("turtle", "text/turtle; charset=utf-8"),
    "application/n-triples": ("nt", "application/n-triples; charset=utf-8"),
    "application/ld+json": ("jsonld", "application/ld+json; charset=utf-8"),
    "application/rdf+xml": ("xml", "application/rdf+xml; charset=utf-8"),
}


def negotiate(accept: str | None, kind: str) -> tuple[str, str]:
    """The format to answer in for an ``Accept`` header and a result kind (``select``,
    ``ask`` or ``graph``), by the client's q-values; the default when nothing matches."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    default = table["text/turtle"] if kind == "graph" else table["application/sparql-results+json"]
    offers = []
    for i, part in enumerate((accept or "").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()), 1.0)
        offers.append((-q, i, media.lower()))
    for _, _, media in sorted(offers):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class Endpoint:
    """What the handler needs: the store (a path or URL), the timeout and the page."""

    def __init__(self, store: str, timeout: float, page: str):
        self.store = store
        self.timeout = timeout
        self.page = page


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "kg-sparql"

    def log_message(self, fmt, *args):  # one line per request on stderr, as http.server does
        if not getattr(self.server, "quiet", False):
            super().log_message(fmt, *args)

    # ------------------------------------------------------------------ helpers
    def _send(self, status: int, body: str, content_type: str = "text/plain; charset=utf-8", extra=None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _answer(self, query: str | None, update: str | None = None):
        if update is not None:
            return self._send(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused\n")
        if not query:
            return self._send(HTTPStatus.BAD_REQUEST, "no query: send ?query=… or POST a query\n")
        try:
            result = run(query, self.endpoint.store, timeout=self.endpoint.timeout)
        except QueryError as e:
            status = HTTPStatus.SERVICE_UNAVAILABLE if "timed out" in str(e) else HTTPStatus.BAD_REQUEST
            return self._send(status, f"{e}\n")
        except StoreError as e:
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{e}\n")
        fmt, content_type = negotiate(self.headers.get("Accept"), result.kind)
        if result.kind == "graph":
            body = format_result(result, graph_format=fmt)
        else:
            body = format_result(result, fmt)
        self._send(HTTPStatus.OK, body, content_type)

    # ------------------------------------------------------------------ verbs
    def do_GET(self):
        url = urlparse(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(HTTPStatus.OK, self.endpoint.page, "text/html; charset=utf-8")
        if url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            return self._answer(params.get("query", [None])[0], params.get("update", [None])[0])
        self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql, the graph is /\n")

    do_HEAD = do_GET

    def do_POST(self):
        url = urlparse(self.path)
        if url.path != "/sparql":
            return self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql\n")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            return self._answer(body)
        if ctype == "application/sparql-update":
            return self._answer(None, update=body)
        if ctype == "application/x-www-form-urlencoded":
            params = parse_qs(body, keep_blank_values=True)
            return self._answer(params.get("query", [None])[0], params.get("update", [None])[0])
        self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                   "send application/sparql-query or application/x-www-form-urlencoded\n")

    def do_PUT(self):
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only\n", extra={"Allow": "GET, HEAD, POST"})

    do_DELETE = do_PATCH = do_PUT


def make_server(store, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``store`` (a directory, or the URL of a SPARQL server), not yet
    serving: call ``serve_forever()``."""
    from .render import render_html
    from .network import to_networkx

    location = str(store)  # not a Path: that would fold http://host into http:/host
    with open_store(location, read_only=True) as st:  # fails early, with a clear message
        page = render_html(to_networkx(st), query_box=True)
    handler = type("KgHandler", (Handler,), {"endpoint": Endpoint(location, timeout, page)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.quiet = quiet
    return server


def serve(store, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0) -> None:
    """Serve ``store`` until interrupted."""
    server = make_server(store, host, port, timeout)
    h, p = server.server_address[:2]
    print(f"kg: SPARQL endpoint http://{h}:{p}/sparql, graph http://{h}:{p}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
