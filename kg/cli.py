"""The ``kg`` command line: each command is a few lines over a library function."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .read import ReadError, bundled_articles


def _default_gold() -> Path | None:
    for base in (Path.cwd(), *Path.cwd().parents):
        cand = base / "shared" / "gold"
        if cand.is_dir():
            return cand
        cand = base.parent / "shared" / "gold"
        if cand.is_dir():
            return cand
    return None


class _Errors:
    """Prints read errors as one line each and remembers whether anything was read."""

    def __init__(self):
        self.count = 0

    def __call__(self, err: ReadError):
        self.count += 1
        click.echo(f"kg: {err}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main():
    """Turn Chinese work-safety news articles into a knowledge graph.

    \b
    kg extract data/articles --format json     entities and relations per article
    kg evaluate data/articles                  score them against the gold annotations
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="json: JSON Lines, one object per article, in the gold files' shape.")
def extract(paths, fmt):
    """Extract entities and relations from article files or folders (default: the
    bundled articles) and write them to standard output.

    \b
    Example:
      kg extract data/articles/001_8357457553f7d912.txt
    """
    from .extract import extract_paths

    errors = _Errors()
    n = 0
    for resolved in extract_paths(paths or [bundled_articles()], on_error=errors):
        click.echo(json.dumps(resolved.to_record(), ensure_ascii=False))
        n += 1
    if n == 0 and errors.count:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files (default: ../shared/gold when present).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.option("--misses", is_flag=True, help="Also list what was missed and what was extra.")
def evaluate(paths, gold, as_json, misses):
    """Extract the articles and score them against gold annotations: precision, recall
    and F1 per entity type, per predicate and micro-averaged, as GUIDELINES.md defines.

    \b
    Example:
      kg evaluate --gold ../shared/gold data/articles
    """
    from .evaluate import load_gold, score
    from .extract import extract_paths

    gold = gold or _default_gold()
    if gold is None:
        raise click.UsageError("no gold folder found; give one with --gold DIR")
    errors = _Errors()
    records = [r.to_record() for r in extract_paths(paths or [bundled_articles()], on_error=errors)]
    report = score(records, load_gold(gold))
    for doc in report.missing_gold:
        click.echo(f"kg: no gold file for {doc} in {gold}; not scored", err=True)
    if as_json:
        out = {"table": report.table()}
        if misses:
            out["misses"] = [{"doc": d.doc, "item": k, "what": w, "description": t}
                             for d in report.documents for k, w, t in d.misses]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(report.format())
    if misses:
        for d in report.documents:
            for kind, what, text in d.misses:
                click.echo(f"{d.doc}\t{what}\t{kind}\t{text}")
