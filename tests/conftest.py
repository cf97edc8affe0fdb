import socket
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
