import contextlib
import os
import socket
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"                   # the seeds
CORPUS = ROOT / "data" / "corpus"                       # dev2/, dev3/: development passages
GOLD = ROOT / "data" / "gold"  # copy of ../shared/gold: the gold of all of them
# The project's shared folder (articles and gold as the annotators publish them), beside
# the checkout; .ci/run, which works in a copy, passes its place in KG_SHARED.
SHARED = Path(os.environ.get("KG_SHARED") or ROOT.parent / "shared")


def unavailable(reason: str):
    """Skip a test that needs something this machine lacks; in CI (``KG_CI``, set by
    .ci/run, which installs everything) that is a failure instead, so nothing goes
    untested unnoticed."""
    if os.environ.get("KG_CI"):
        pytest.fail(f"{reason} (KG_CI is set: CI must provide it)")
    pytest.skip(reason)


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


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@contextlib.contextmanager
def chromium():
    """A real headless Chromium (Debian's, driven by Playwright) for the HTML tests."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        unavailable("needs Debian's chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(page, predicate: str, seconds: float = 30):
    """Poll ``predicate`` (a JavaScript function's text) in ``page`` until it is true.
    Playwright's wait_for_function evaluates strings with eval, which the pages' policy
    (no unsafe-eval) refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {predicate}")
        time.sleep(0.05)
