"""Every example in the README is run, in order, as a reader would run it, and what it
prints is compared with what the README shows: the README cannot drift from the program.

- ```` ```console ```` blocks: each ``$ command`` runs in bash in one working folder shared
  by the whole README (it holds ``data/`` and ``examples/``, as a clone does); the lines
  under it are its output (standard output and standard error). A line ``...`` stands for
  any lines; a ``seconds`` figure may differ. A command ending in ``&`` runs in the
  background: the lines under it are what it prints once it is ready, and it is stopped
  at the end of its block. Blocks with no ``$`` are recorded benchmark figures.
- ```` ```python ```` blocks run in one namespace, in that folder; ```` ```pycon ````
  blocks are doctests.
- ```` ```sh ```` is the set-up block at the top: .ci/run runs it in a fresh venv.
"""
from __future__ import annotations

import doctest
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
# Figures that honestly differ from run to run.
VOLATILE = [re.compile(r"^(seconds\s+)\d+(\.\d+)?$")]


@dataclass
class Block:
    lang: str
    text: str
    line: int                    # where it starts in README.md
    failures: list[str] = field(default_factory=list)


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


def session(text: str) -> list[tuple[str, list[str]]]:
    """``[(command, expected output lines)]`` of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def same_line(expected: str, actual: str) -> bool:
    if expected.rstrip() == actual.rstrip():
        return True
    return any((m := v.match(expected)) and re.fullmatch(re.escape(m.group(1)) + r"\d+(\.\d+)?", actual)
               for v in VOLATILE)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` line by line, ``...`` standing for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and same_line(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def _lines_of(proc, sink: queue.Queue):
    for line in proc.stdout:
        sink.put(line.rstrip("\n"))


class Shell:
    """Runs a block's commands in ``cwd``, with kg's venv first on PATH."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "COLUMNS")}
        self.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{self.env.get('PATH', '')}"
        self.background: list[subprocess.Popen] = []

    def run(self, command: str, expected: list[str]) -> list[str]:
        if command.rstrip().endswith("&"):
            return self._start(command.rstrip()[:-1], len(expected))
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=self.cwd, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        return done.stdout.splitlines()

    def _start(self, command: str, ready_lines: int) -> list[str]:
        proc = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=self.cwd, env=self.env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.background.append(proc)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines_of, args=(proc, lines), daemon=True).start()
        out, deadline = [], time.monotonic() + 60
        while len(out) < ready_lines and time.monotonic() < deadline:
            try:
                out.append(lines.get(timeout=0.5))
            except queue.Empty:
                if proc.poll() is not None:
                    break
        return out

    def stop(self):
        for proc in self.background:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        self.background.clear()


def run_console(block: Block, shell: Shell):
    try:
        for command, expected in session(block.text):
            actual = shell.run(command, expected)
            if not matches(expected, actual):
                block.failures.append(f"$ {command}\n--- README shows\n" + "\n".join(expected)
                                      + "\n--- it printed\n" + "\n".join(actual))
    finally:
        shell.stop()


def run_python(block: Block, namespace: dict):
    try:
        exec(compile(block.text, f"README.md:{block.line}", "exec"), namespace)
    except Exception as e:  # noqa: BLE001 — reported as the block's failure
        block.failures.append(f"{type(e).__name__}: {e}")


def run_pycon(block: Block, namespace: dict):
    test = doctest.DocTestParser().get_doctest(block.text, namespace, f"README.md:{block.line}",
                                               str(README), block.line)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest ran in a copy; later blocks see what this one made
    block.failures += report


@pytest.fixture(scope="module")
def readme(tmp_path_factory):
    """The README's blocks, each run in order in one working folder."""
    cwd = tmp_path_factory.mktemp("reader")
    for name in ("data", "examples", "bench"):
        (cwd / name).symlink_to(ROOT / name)
    blocks = readme_blocks()
    shell, namespace = Shell(cwd), {"__name__": "readme"}
    here = os.getcwd()
    os.chdir(cwd)
    try:
        for block in blocks:
            if block.lang == "console" and "\n$ " in "\n" + block.text:
                run_console(block, shell)
            elif block.lang == "python":
                run_python(block, namespace)
            elif block.lang == "pycon":
                run_pycon(block, namespace)
    finally:
        os.chdir(here)
    return {b.line: b for b in blocks}


def test_readme_starts_with_the_two_set_up_commands():
    first = readme_blocks()[0]
    lines = first.text.strip().splitlines()
    assert first.lang == "sh" and len(lines) == 2
    assert lines[0].startswith("python3 -m pip install -e . && kg build")
    assert lines[1].startswith("python3 -m pip install -e '.[test]' && python3 -m pytest")


@pytest.mark.parametrize("line", [b.line for b in readme_blocks() if b.lang in ("console", "python", "pycon")])
def test_readme_example(readme, line):
    block = readme[line]
    assert not block.failures, f"README.md line {line}:\n" + "\n\n".join(block.failures)


def test_the_comparison_can_fail():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and not matches(["a", "d"], ["a", "b", "d"])
    assert matches(["seconds   2.3"], ["seconds   11.0"]) and not matches(["triples   4314"], ["triples   4315"])
    assert session("$ kg x\nout\n$ kg y") == [("kg x", ["out"]), ("kg y", [])]
