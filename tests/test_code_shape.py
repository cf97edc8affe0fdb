"""The shape the rules layer keeps (issue 14): small functions in kg/components, each a
finder a reader can hold in mind. Cyclomatic complexity is counted as radon counts it
(1 + branches, loops, handlers, comprehension clauses and boolean operators)."""
import ast
from pathlib import Path

import pytest

COMPONENTS = Path(__file__).resolve().parent.parent / "kg" / "components"
MAX_LINES = 50
MAX_COMPLEXITY = 15


def complexity(fn: ast.AST) -> int:
    n = 1
    for node in ast.walk(fn):
        if node is not fn and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler)):
            n += 1
        elif isinstance(node, ast.comprehension):
            n += 1 + len(node.ifs)
        elif isinstance(node, ast.BoolOp):
            n += len(node.values) - 1
    return n


def functions():
    for path in sorted(COMPONENTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield f"{path.name}:{node.name}", node


def test_no_long_or_tangled_function_in_the_components():
    too_long = {name: fn.end_lineno - fn.lineno + 1 for name, fn in functions()
                if fn.end_lineno - fn.lineno + 1 > MAX_LINES}
    tangled = {name: c for name, fn in functions() if (c := complexity(fn)) > MAX_COMPLEXITY}
    assert not too_long and not tangled, (too_long, tangled)


def test_the_measure_sees_a_tangled_function():
    src = "def f(a, b):\n" + "".join(f"    if a and b == {i}:\n        return {i}\n" for i in range(8))
    (fn,) = [n for n in ast.walk(ast.parse(src)) if isinstance(n, ast.FunctionDef)]
    assert complexity(fn) == 17


def test_the_components_hold_no_words_of_the_genre():
    """Every word list, cue, suffix and pattern is data (kg/resources): a CJK character
    written in a string literal of kg/components, outside docstrings, is a rule's word
    hiding in code."""
    import re

    cjk = re.compile(r"[\u3400-\u9fff]")
    found = []
    for path in sorted(COMPONENTS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Constant, ast.JoinedStr)) and id(node) not in docstrings \
                    and cjk.search(ast.get_source_segment(source, node) or ""):
                found.append(f"{path.name}:{node.lineno}: {ast.get_source_segment(source, node)[:40]}")
    assert not found, found


@pytest.mark.parametrize("name, key", [
    ("bodies.tsv", ("suffix",)), ("titles.tsv", ("title",)), ("departments.tsv", ("short", "full")),
    ("cues.tsv", ("relation", "cue")), ("lexicon.tsv", ("list", "entry")), ("patterns.tsv", ("name",)),
    ("levels.tsv", ("word",)),
])
def test_no_rule_data_is_listed_twice(name, key):
    """A word listed twice in one table is a rule edited in two places (or with two
    meanings: 管委会 as gov and as zone, of which only the last counts)."""
    from collections import Counter

    from kg.resources import _table

    seen = Counter(tuple(r[k] for k in key) for r in _table(name))
    assert not [k for k, n in seen.items() if n > 1]
