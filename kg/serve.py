"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

- ``GET /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or with
  ``Content-Type: application/sparql-query``;
- results by content negotiation: SPARQL JSON (default), XML, CSV, TSV; graphs
  (CONSTRUCT, DESCRIBE) as Turtle (default), N-Triples, JSON-LD, RDF/XML;
- updates (``update=…``, ``application/sparql-update``) are refused with 403: the store
  is opened read-only and the endpoint never writes;
- every query runs under a timeout (in a child process that is killed when time is up);
- ``/`` is the explorer: search, a graph grown from what is found, filters and a SPARQL
  editor; ``/entity/…`` is an entity's page (HTML, or Turtle / JSON-LD by ``Accept``): the
  entity ``kgid:X`` is answered at ``/entity/X``; ``/api/…`` is the JSON the explorer reads
  (``kg.explore``); every request reads the store as it is then;
- CORS for browser clients elsewhere only for the origins ``kg serve --cors`` names (GET,
  POST and the OPTIONS preflight on /sparql).

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
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .formats import formats
from .query import Limits, format_result, is_update, run
from .read import one_line
from .resources import example_queries
from . import explore, pages
from .store import BaseStore, OxigraphStore, QueryError, StoreError, open_store
from .vocab import ID

# media type → (kg format, Content-Type sent), from kg.formats: what kg query and kg export
# offer is what the endpoint negotiates.
RESULT_TYPES = {m: (f.name, f.content_type) for f in formats("results") for m in f.media_types}
GRAPH_TYPES = {m: (f.name, f.content_type) for f in formats("graph") for m in f.media_types}
ENTITY_FORMATS = {f.name: (f.name, f.content_type) for f in formats("graph")}  # /entity/…?format=
HTML = ("html", "text/html; charset=utf-8")
ENTITY_TYPES = {"text/html": HTML, "application/xhtml+xml": HTML, "application/json": GRAPH_TYPES["application/ld+json"],
                **GRAPH_TYPES}


def negotiate(accept: str | None, kind: str) -> tuple[str, str]:
    """The format to answer in for an ``Accept`` header and a result kind (``select``,
    ``ask``, ``graph``, or ``entity`` — a page or a graph), by the client's q-values; the
    default when nothing matches.

    >>> negotiate("text/html;q=0.1, text/turtle", "entity")[0], negotiate(None, "entity")[0]
    ('ttl', 'html')
    """
    table = {"graph": GRAPH_TYPES, "entity": ENTITY_TYPES}.get(kind, RESULT_TYPES)
    default = {"graph": table.get("text/turtle"), "entity": table.get("text/html")}.get(
        kind, table.get("application/sparql-results+json"))
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


@dataclass
class Endpoint:
    """What the handler needs: the store (a path or URL), a reader of it, and the limits."""

    store: str
    reader: StoreReader
    timeout: float = 30.0
    limits: Limits = field(default_factory=Limits)
    max_body: int = 1 << 20            # bytes of a POST body
    federation: bool = False           # whether SERVICE may send requests elsewhere
    hosts: frozenset | None = None     # Host header values accepted; None: any
    csp: str = ""                      # Content-Security-Policy of the pages
    cors: frozenset = frozenset()      # origins whose pages may read /sparql ("*": any); none by default


# What a failed query answers, by whose the fault is (QueryError.reason).
QUERY_ERROR_STATUS = {"invalid": HTTPStatus.BAD_REQUEST, "refused": HTTPStatus.FORBIDDEN,
                      "limit": HTTPStatus.UNPROCESSABLE_ENTITY, "timeout": HTTPStatus.SERVICE_UNAVAILABLE,
                      "busy": HTTPStatus.SERVICE_UNAVAILABLE}

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def allowed_hosts(host: str, port: int, extra=()) -> frozenset | None:
    """The ``Host`` headers a server bound to ``host`` answers: on a loopback address, only
    loopback names (a web page elsewhere that makes its own name resolve to 127.0.0.1 —
    DNS rebinding — gets 403); bound to a public interface, any, unless ``extra`` names them.

    >>> sorted(allowed_hosts("127.0.0.1", 8000))[:2]
    ['127.0.0.1', '127.0.0.1:8000']
    """
    if host not in LOOPBACK_NAMES and not host.startswith("127.") and not extra:
        return None
    names = set(extra) | ({host, *LOOPBACK_NAMES} if host in LOOPBACK_NAMES or host.startswith("127.") else {host})
    return frozenset(names | {f"{n}:{port}" for n in names})


def content_security_policy() -> str:
    """The pages run only the scripts this server sends as files (no inline script, no
    eval) and fetch only from it; no frames, no forms elsewhere, no plugins."""
    return ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


class StoreReader:
    """The store as every request should see it: a local store's read-only handle is kept
    while its files stay as they are and opened again once a build or ``kg remove`` has
    changed them (one directory listing per request instead of a 40 ms open), so a page
    is never stale; a SPARQL server is asked afresh anyway."""

    def __init__(self, location: str):
        self.location = location
        self._lock = threading.Lock()
        self._state: tuple | None = None
        self._store: BaseStore | None = None
        self._index: tuple | None = None   # (state, NameIndex)

    def _state_now(self) -> tuple | None:
        if self.location.startswith(("http://", "https://")):
            return None
        views = OxigraphStore.views(self.location)
        if views:  # a writer publishes a new one as it closes
            return (views[-1],)
        try:
            with os.scandir(self.location) as entries:
                return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()))
        except OSError:  # gone, or not a directory: opening it says which, in one line
            return ("unreadable",)

    def store(self) -> BaseStore:
        with self._lock:
            state = self._state_now()
            if self._store is None or state != self._state:
                self._store = open_store(self.location, read_only=True)
                self._state = state
            return self._store

    def prepare(self) -> None:
        """Open the store once (a bad one fails here, in one line), make its name index
        and let the handle go: a server only asked SPARQL holds none of its files open
        (each query opens the store in a process of its own)."""
        self.search("", 1)
        with self._lock:
            if self._store is not None and self._state is not None:
                self._store.close()
                self._store = None

    def search(self, text: str, limit: int) -> list[dict]:
        """Suggestions for ``text``: from a name index of the store as it is now (made
        again once its files change), or, for a SPARQL server, by a query."""
        store = self.store()
        if self._state is None:
            return explore.search(store, text, limit)
        with self._lock:  # one index made at a time; the others wait for it
            if self._index is None or self._index[0] != self._state:
                self._index = (self._state, explore.NameIndex.of(store))
            index = self._index[1]
        return index.search(text, limit)


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "kg-sparql"
    timeout = 30  # seconds a client may take to send its request (slow clients hold a thread)

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
        self.send_header("X-Content-Type-Options", "nosniff")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", self.endpoint.csp)
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Referrer-Policy", "no-referrer")
        for k, v in {**self._cors_headers(), **(extra or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _cors_headers(self) -> dict[str, str]:
        """Access-Control-Allow-Origin on /sparql for a page of an origin the user allowed
        (kg serve --cors): off by default, as any page a user visits could otherwise read
        the store on their machine."""
        headers = getattr(self, "headers", None)  # absent when the request line itself failed
        origin = headers.get("Origin") if headers is not None else None
        allowed = self.endpoint.cors
        if not origin or urlparse(getattr(self, "path", "")).path != "/sparql" or not ("*" in allowed or origin in allowed):
            return {}
        return {"Access-Control-Allow-Origin": "*" if "*" in allowed else origin, "Vary": "Origin"}

    def _answer(self, query: str | None, update: str | None = None):
        if update is not None:
            return self._send(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused\n")
        if not query:
            return self._send(HTTPStatus.BAD_REQUEST, "no query: send ?query=… or POST a query\n")
        if is_update(query):
            return self._send(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused\n")
        try:
            result = run(query, self.endpoint.store, timeout=self.endpoint.timeout, files=False,
                         federation=self.endpoint.federation, limits=self.endpoint.limits)
        except QueryError as e:
            return self._send(QUERY_ERROR_STATUS.get(e.reason, HTTPStatus.BAD_REQUEST), f"{one_line(e)}\n")
        except StoreError as e:  # the store cannot answer now (out of descriptors, being rebuilt …)
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{one_line(e)}\n")
        fmt, content_type = negotiate(self.headers.get("Accept"), result.kind)
        if result.kind == "graph":
            body = format_result(result, graph_format=fmt)
        else:
            body = format_result(result, fmt)
        self._send(HTTPStatus.OK, body, content_type)

    def _host_refused(self) -> bool:
        hosts = self.endpoint.hosts
        if hosts is None or (self.headers.get("Host") or "").lower() in hosts:
            return False
        self._send(HTTPStatus.FORBIDDEN, "unexpected Host header: this server answers only the names it "
                                         "is bound to (kg serve --allow-host adds one)\n")
        return True

    def _body(self) -> str | None:
        """The request body, or None once an error has been answered."""
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self._send(HTTPStatus.LENGTH_REQUIRED if length is None else HTTPStatus.BAD_REQUEST,
                       "send a Content-Length with the body\n" if length is None else "bad Content-Length\n")
            return None
        if int(length) > self.endpoint.max_body:
            self.close_connection = True  # the body is not read
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       f"request body over {self.endpoint.max_body:,} bytes (kg serve --max-body)\n")
            return None
        return self.rfile.read(int(length)).decode("utf-8", errors="replace")

    def handle_one_request(self):
        """One request; a failure kg did not foresee is answered 500 in one line (and
        logged in one line), never a dropped connection or a traceback."""
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as e:  # noqa: BLE001
            self.close_connection = True
            message = f"internal error: {type(e).__name__}: {one_line(e)}"
            print(f"kg: {message}", file=sys.stderr)
            try:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message + "\n")
            except OSError:
                pass

    # ------------------------------------------------------------------ verbs
    def do_GET(self):
        if self._host_refused():
            return
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path == "/sparql":
            return self._answer(params.get("query"), params.get("update"))
        if url.path in ("/", "/index.html"):
            return self._send(HTTPStatus.OK, pages.explorer_page(), "text/html; charset=utf-8")
        if url.path.startswith("/static/"):
            return self._static(url.path[len("/static/"):])
        if url.path.startswith("/api/"):
            return self._read(lambda store: self._api(store, url.path[len("/api/"):], params))
        if url.path.startswith("/entity/"):
            return self._read(lambda store: self._entity(store, url.path, params.get("format")))
        self._send(HTTPStatus.NOT_FOUND, "not found: the explorer is /, the endpoint /sparql, "
                                         "entities /entity/…\n")

    def _static(self, name: str):
        path = pages.STATIC.get(name)
        if path is None:
            return self._send(HTTPStatus.NOT_FOUND, "not found\n")
        kind = "text/css" if name.endswith(".css") else "text/javascript" if name.endswith(".js") else "text/plain"
        self._send(HTTPStatus.OK, path.read_text(encoding="utf-8"), f"{kind}; charset=utf-8",
                   extra={"Cache-Control": "max-age=3600"})

    def _read(self, answer):
        """Answer from the store as it is now; a store that cannot be read is a 503."""
        try:
            return answer(self.endpoint.reader.store())
        except (StoreError, QueryError) as e:
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, f"{one_line(e)}\n")

    def _json(self, value, status=HTTPStatus.OK):
        self._send(status, json.dumps(value, ensure_ascii=False), "application/json; charset=utf-8")

    def _api(self, store, name: str, params: dict):
        """The explorer's reads (kg.explore), as JSON."""
        iri = params.get("id", "")
        if name == "search":
            return self._json(self.endpoint.reader.search(params.get("q", ""), _int(params.get("limit"), 10)))
        if name == "examples":
            return self._json(example_queries())
        if name not in ("neighbours", "evidence"):
            return self._json({"error": f"no such call: /api/{name}"}, HTTPStatus.NOT_FOUND)
        if not _known(store, iri):
            return self._json({"error": f"no entity {iri!r} in the store"}, HTTPStatus.NOT_FOUND)
        if name == "neighbours":
            return self._json(explore.neighbours(store, iri, _int(params.get("offset"), 0),
                                                 min(_int(params.get("limit"), explore.PAGE), 500)))
        other = params.get("other") or None
        if other is not None and not _known(store, other):
            return self._json({"error": f"no entity {other!r} in the store"}, HTTPStatus.NOT_FOUND)
        return self._json(explore.evidence(store, iri, _int(params.get("limit"), explore.EVIDENCE), other=other))

    def _entity(self, store, path: str, wanted: str | None = None):
        """An entity's page: HTML for a browser, its triples as Turtle, JSON-LD or
        N-Triples for a client that asks for them (linked data's content negotiation, or
        ``?format=ttl|jsonld|nt`` for a link)."""
        iri = explore.entity_for_path(path)
        if iri is not None and not _known(store, iri) and (keep := _merged_into(store, iri)):
            return self._send(HTTPStatus.MOVED_PERMANENTLY, f"merged into {keep} by a curation decision\n",
                              extra={"Location": explore.entity_path(keep)})
        if iri is None or not _known(store, iri):
            return self._send(HTTPStatus.NOT_FOUND, f"no entity {str(iri or path)!r} in the store\n")
        if wanted is not None and wanted not in ENTITY_FORMATS:
            return self._send(HTTPStatus.BAD_REQUEST, f"unknown format {wanted!r}: ask for one of "
                                                      f"{', '.join(ENTITY_FORMATS)}\n")
        fmt, content_type = ENTITY_FORMATS[wanted] if wanted else negotiate(self.headers.get("Accept"), "entity")
        if fmt == "html":
            return self._send(HTTPStatus.OK, pages.entity_page(explore.entity(store, iri)), content_type)
        self._send(HTTPStatus.OK, explore.describe(store, iri).serialize(fmt).decode("utf-8"), content_type)

    do_HEAD = do_GET

    def do_POST(self):
        if self._host_refused():
            return
        url = urlparse(self.path)
        if url.path != "/sparql":
            return self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql\n")
        body = self._body()
        if body is None:
            return
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

    def do_OPTIONS(self):
        """The CORS preflight of a browser client (YASGUI elsewhere): what /sparql allows;
        the Access-Control headers only for an origin kg serve --cors names."""
        if self._host_refused():
            return
        if urlparse(self.path).path != "/sparql":
            return self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql\n")
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self._cors_headers():
            extra.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Content-Type, Accept",
                          "Access-Control-Max-Age": "600"})
        self._send(HTTPStatus.NO_CONTENT, "", extra=extra)

    def do_PUT(self):
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only\n", extra={"Allow": "GET, HEAD, POST"})

    do_DELETE = do_PATCH = do_PUT


def _known(store, iri) -> bool:
    """Whether the store has entity ``iri`` (a string that is no valid IRI names none)."""
    if not str(iri).startswith(str(ID)):
        return False
    try:
        return explore.exists(store, iri)
    except QueryError:
        return False


def _merged_into(store, iri) -> str | None:
    """The entity a curation decision merged ``iri`` into (None for a string that is no IRI)."""
    try:
        return explore.merged_into(store, iri)
    except QueryError:
        return None


def _int(value, default: int) -> int:
    return int(value) if value and value.isdigit() else default


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: 5 (the default) made 50 clients wait for seconds


def make_server(store, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0,
                quiet: bool = False, limits: Limits | None = None, max_body: int = 1 << 20,
                federation: bool = False, allow_hosts=(), cors=()) -> ThreadingHTTPServer:
    """A server for ``store`` (a directory, or the URL of a SPARQL server), not yet
    serving: call ``serve_forever()``. See ``Endpoint`` for the limits."""
    location = str(store)  # not a Path: that would fold http://host into http:/host
    reader = StoreReader(location)
    reader.prepare()
    server = Server((host, port), Handler)
    bound_port = server.server_address[1]
    endpoint = Endpoint(location, reader, timeout, limits or Limits(), max_body, federation,
                        allowed_hosts(host, bound_port, allow_hosts), content_security_policy(), frozenset(cors))
    server.RequestHandlerClass = type("KgHandler", (Handler,), {"endpoint": endpoint})
    server.quiet = quiet
    return server


def serve(store, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0, **options) -> None:
    """Serve ``store`` until interrupted; ``options`` as ``make_server``'s."""
    server = make_server(store, host, port, timeout, **options)
    h, p = server.server_address[:2]
    print(f"kg: explorer http://{h}:{p}/, SPARQL endpoint http://{h}:{p}/sparql (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
