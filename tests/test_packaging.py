"""What kg imports is what kg declares: a module imported but not declared works on the
machine where someone installed it by hand and nowhere else (pyshacl did exactly that)."""
import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: Path) -> dict[str, str]:
    """Top-level modules imported anywhere under ``folder`` (also inside functions),
    each with one file that imports it."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(folder.parent)))
    return found


def third_party(modules: dict[str, str], local: set[str]) -> dict[str, str]:
    return {m: f for m, f in modules.items() if m not in sys.stdlib_module_names and m not in local
            and m != "__future__"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str | None, set[str]]:
    """kg's declared distributions: ``None`` → install_requires, else extra → its own."""
    out: dict[str | None, set[str]] = {}
    for req in metadata.requires("kg") or []:
        name = _norm(re.match(r"[A-Za-z0-9_.-]+", req).group())
        extra = m.group(1) if (m := re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", req)) else None
        out.setdefault(extra, set()).add(name)
    return out


def distributions_of(module: str) -> set[str]:
    return {_norm(d) for d in metadata.packages_distributions().get(module, [module])}


LOCAL = {"kg", "conftest", "mangle", "pipeline_check", "make_notebook"}


def test_kg_declares_what_it_imports():
    deps = declared()
    runtime = deps[None]
    # distributed is imported only by `kg build --dask`, which asks for the [dask] extra.
    optional = deps.get("dask", set())
    missing = {m: f for m, f in third_party(imported_modules(ROOT / "kg"), LOCAL).items()
               if not distributions_of(m) & (runtime | optional)}
    assert not missing, f"imported by kg, not in install_requires: {missing}"


@pytest.mark.parametrize("folder", ["tests", "bench", "examples"])
def test_tests_and_benchmarks_declare_what_they_import(folder):
    deps = declared()
    # bench/ may also use the [bench] extra: measurements of libraries kg decided against.
    allowed = deps[None] | deps["test"] | (deps.get("bench", set()) if folder == "bench" else set())
    missing = {m: f for m, f in third_party(imported_modules(ROOT / folder), LOCAL).items()
               if not distributions_of(m) & allowed}
    assert not missing, f"imported by {folder}, not in install_requires or the test extra: {missing}"


def test_the_check_sees_an_undeclared_import(tmp_path):
    (tmp_path / "x.py").write_text("def f():\n    import yaml_nobody_declared\n")
    modules = third_party(imported_modules(tmp_path), LOCAL)
    assert "yaml_nobody_declared" in modules and not distributions_of("yaml_nobody_declared") & declared()[None]
