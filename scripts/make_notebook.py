"""Write examples/walkthrough.ipynb from examples/walkthrough.py, whose `# %%` cells it
holds (markdown cells from `# %% [markdown]`). tests/test_examples.py checks the two
agree and runs the notebook.

    python3 scripts/make_notebook.py
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def cells(script: str) -> list[tuple[str, str]]:
    """``(kind, source)`` of each ``# %%`` cell of a script, kind ``markdown`` or ``code``."""
    out = []
    for chunk in re.split(r"^# %%", script, flags=re.M)[1:]:
        head, _, body = chunk.partition("\n")
        if "[markdown]" in head:
            out.append(("markdown", "\n".join(re.sub(r"^# ?", "", l) for l in body.strip("\n").splitlines())))
        else:
            out.append(("code", body.strip("\n")))
    return out


def notebook(script: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
                for kind, src in cells(script)]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # stable ids: the file changes only when the cells do
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def main() -> None:
    script = (ROOT / "examples" / "walkthrough.py").read_text(encoding="utf-8")
    target = ROOT / "examples" / "walkthrough.ipynb"
    nbformat.write(notebook(script), target)
    print(f"wrote {target.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
