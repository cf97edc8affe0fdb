import contextlib
import socket
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "data" / "gold"  # copy of ../shared/gold for the bundled articles


@pytest.fixture(scope="session")
def seeds():
    """Resolved extractions of the five bundled articles, by document id (real pipeline)."""
    from kg.extract import extract_paths

    return {r.article.doc_id: r for r in extract_paths([ARTICLES])}


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(proc, probe_url: str, seconds: float = 30):
    """Wait until the server ``proc`` answers ``probe_url``; stop it afterwards."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(probe_url, timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"the server did not start: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.2)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)
