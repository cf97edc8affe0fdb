"""Download web pages politely and save them where ``kg build`` reads them.

>>> fetch(["http://127.0.0.1:9/a.html"], "pages", retries=0, timeout=1)   # doctest: +SKIP
[Fetched(url='http://127.0.0.1:9/a.html', status='error', problem='cannot connect: …')]

Each page is saved as it came, under a name made from its address (``page_id``), with
two comment lines before it: the address it was saved from (the "mark of the web"
browsers write) and when. A later ``kg build DIR`` reads the same bytes, so it gives the
same graph however often it is rerun; ``DIR/fetch-log.tsv`` keeps every attempt.

Polite means: a clear User-Agent, robots.txt obeyed, one request at a time with a delay
between two to the same host, a timeout, a few retries with a growing pause on a
server's error or a dropped connection (never on a 404), and a size limit.
"""
from __future__ import annotations

import datetime
import os
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .read import MAX_BYTES, one_line
from .vocab import KG
from .webpage import HTML_TYPES, page_id

USER_AGENT = f"kg-fetch/0.1 (knowledge graphs of work-safety news; +{str(KG.namespace).rstrip('#')})"
LOG = "fetch-log.tsv"


@dataclass
class Fetched:
    """What became of one address: ``saved`` (``file``), ``kept`` (fetched before), or
    ``error`` / ``refused`` with the ``problem`` in one line."""

    url: str
    status: str
    file: str | None = None
    problem: str | None = None

    def line(self) -> str:
        return f"{self.status:7} {self.url}" + (f" → {self.file}" if self.file else f": {self.problem}")


class _Refused(Exception):
    """Not worth a retry: the page is missing, forbidden, not HTML or too large."""


class Fetcher:
    """One polite client: robots.txt read once per host, ``delay`` seconds between two
    requests to a host."""

    def __init__(self, delay: float = 1.0, timeout: float = 20.0, retries: int = 2,
                 user_agent: str = USER_AGENT, max_bytes: int = MAX_BYTES, robots: bool = True):
        self.delay, self.timeout, self.retries = delay, timeout, retries
        self.user_agent, self.max_bytes, self.robots = user_agent, max_bytes, robots
        self._last: dict[str, float] = {}
        self._rules: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _wait(self, host: str) -> None:
        if (last := self._last.get(host)) is not None:
            time.sleep(max(0.0, last + self.delay - time.monotonic()))
        self._last[host] = time.monotonic()

    def _open(self, url: str):
        self._wait(urlsplit(url).netloc)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept": ",".join(HTML_TYPES)})
        return urllib.request.urlopen(request, timeout=self.timeout)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets kg's User-Agent fetch ``url``. A site whose robots.txt
        is missing allows everything; one that forbids reading it (401, 403) nothing."""
        if not self.robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._rules:
            rules = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                with self._open(site + "/robots.txt") as answer:
                    rules.parse(answer.read(512 * 1024).decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as e:
                rules.disallow_all = e.code in (401, 403)
                rules.allow_all = not rules.disallow_all
            except (OSError, ValueError):
                rules = None  # unreachable now; the page's own request will say why
            self._rules[site] = rules
        rules = self._rules[site]
        return rules is None or rules.can_fetch(self.user_agent, url)

    def get(self, url: str) -> tuple[bytes, str]:
        """The page's bytes and the address they came from after redirects."""
        for attempt in range(self.retries + 1):
            try:
                return self._get_once(url)
            except urllib.error.HTTPError as e:
                if e.code < 500 or attempt == self.retries:
                    raise _Refused(_http_problem(e)) from None
            except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as e:
                # Nothing listening will not change in a few seconds: no retry.
                if attempt == self.retries or isinstance(getattr(e, "reason", e), ConnectionRefusedError):
                    raise _Refused(_network_problem(e, self.timeout)) from None
            time.sleep(min(30.0, self.delay + 2 ** attempt))
        raise AssertionError("unreachable")

    def _get_once(self, url: str) -> tuple[bytes, str]:
        with self._open(url) as answer:
            kind = answer.headers.get_content_type()
            if kind not in HTML_TYPES:
                raise _Refused(f"not a web page ({kind})")
            data = answer.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                raise _Refused(f"page larger than {self.max_bytes / 2**20:g} MB")
            return data, answer.geturl()


def _http_problem(e: urllib.error.HTTPError) -> str:
    if e.code in (301, 302, 303, 307, 308):
        return "redirect loop, or too many redirects"
    return f"HTTP {e.code} {e.reason}"


def _network_problem(e: Exception, timeout: float) -> str:
    reason = getattr(e, "reason", e)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"no answer within {timeout:g} s"
    return f"cannot connect: {one_line(reason)}"


def saved_page(data: bytes, url: str, when: str) -> bytes:
    """The bytes kg fetch writes: the page as it came under the two comment lines that
    say where from and when (ASCII, so they read alike in any of the page's encodings)."""
    return (f"<!-- saved from url=({len(url):04d}){url} -->\n"
            f"<!-- fetched {when} by kg fetch -->\n").encode("ascii", "backslashreplace") + data


def fetch(urls: Iterable[str], out: str | os.PathLike, again: bool = False,
          on_result: Callable[[Fetched], None] | None = None, **polite) -> list[Fetched]:
    """Save the pages at ``urls`` into the folder ``out``; a page saved there before is
    kept unless ``again``. ``polite``: ``delay``, ``timeout``, ``retries``,
    ``user_agent``, ``max_bytes``, ``robots`` of ``Fetcher``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fetcher = Fetcher(**polite)
    results = []
    for url in dict.fromkeys(u.strip() for u in urls):  # an address listed twice is fetched once
        result = _fetch_one(fetcher, url, out, again)
        _log(out, result)
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _fetch_one(fetcher: Fetcher, url: str, out: Path, again: bool) -> Fetched:
    if urlsplit(url).scheme not in ("http", "https"):
        return Fetched(url, "error", problem="not an http(s) address")
    target = out / f"{page_id(url)}.html"
    if target.exists() and not again:
        return Fetched(url, "kept", file=str(target))
    if not fetcher.allowed(url):
        return Fetched(url, "refused", problem="robots.txt disallows it")
    try:
        data, final = fetcher.get(url)
    except _Refused as e:
        return Fetched(url, "error", problem=str(e))
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(saved_page(data, final, _now()))
    partial.replace(target)  # a page is there whole or not at all
    return Fetched(url, "saved", file=str(target))


def _now() -> str:
    """The time now, in UTC, as the saved pages and the log write it."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _log(out: Path, result: Fetched) -> None:
    log = out / LOG
    fresh = not log.exists()
    with open(log, "a", encoding="utf-8") as f:
        if fresh:
            f.write("when\turl\tstatus\tfile\tproblem\n")
        f.write("\t".join([_now(), result.url, result.status, Path(result.file).name if result.file else "",
                           (result.problem or "").replace("\t", " ")]) + "\n")


def read_url_list(path: str | os.PathLike) -> list[str]:
    """The addresses in a file, one per line; blank lines and # comments skipped."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return [l.strip() for l in lines if l.strip() and not l.lstrip().startswith("#")]
