"""The ``kg`` command line: each command is a few lines over a library function."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .formats import names
from .read import MAX_BYTES, ReadError, bundled_articles, bundled_gold


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
    kg build data/articles                     extract articles into the store (kg-store/)
    kg query examples/queries/posts.rq         ask the store in SPARQL
    kg render -o graph.html                    an interactive graph that works offline
    kg serve                                   read-only SPARQL endpoint + graph page
    kg extract data/articles --format json     entities and relations per article
    kg evaluate data/articles                  score them against the gold annotations
    kg validate / kg stats                     SHACL check, nodes per class
    kg export -o kg.trig / kg import kg.trig   the store as RDF files (or --format csv for Neo4j)
    kg fetch --from urls.txt -o pages          download web pages politely, for kg build
    kg merge A B / split / rename / drop       curation decisions every build applies

    \b
    The store is the directory given by --store, else $KG_STORE, else ./kg-store.
    """


def _echo(text: str):
    """Print ``text`` ending in exactly one line break (CSV already ends in one)."""
    click.echo(text, nl=not text.endswith("\n"))


def _fail(err: Exception | str):
    """Print the error in one line and exit 1. An ``OSError`` names its file, not its
    errno: ``out/g.html: No such file or directory``."""
    if isinstance(err, OSError) and err.strerror:
        err = f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    click.echo(f"kg: {err}", err=True)
    sys.exit(1)


store_option = click.option(
    "--store", envvar="KG_STORE", default="kg-store", show_default=True, show_envvar=True,
    help="The store: a directory (embedded Oxigraph) or the URL of a SPARQL server "
         "(http://host:7878 for `oxigraph serve`).")

curation_option = click.option(
    "--curation", envvar="KG_CURATION", default="curation.tsv", show_default=True, show_envvar=True,
    type=click.Path(path_type=Path),
    help="The curation file: decisions (same-as, not-same-as, rename, drop, split) every build applies; "
         "kg merge, split, rename and drop write it.")

max_size_option = click.option(
    "--max-size", metavar="MB", type=click.FloatRange(min=0, min_open=True), default=MAX_BYTES / 2**20,
    show_default=True, help="Refuse files larger than this: an article is tens of kB; a larger file is "
                            "usually many articles, or not an article at all.")


QUERY_FORMATS = names("results")
RDF_FILE_FORMATS = names("graph", "dataset")


def _bytes(megabytes: float) -> int:
    return int(megabytes * 2**20)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--force", is_flag=True, help="Re-extract articles whose content has not changed.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of each article's graph.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extraction processes.")
@click.option("--dask", metavar="SCHEDULER", help="Extract on a Dask cluster (tcp://host:8786); needs kg[dask].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option("--bulk/--no-bulk", default=None,
              help="Write with Oxigraph's bulk loader, 100 articles at a time, or one transaction per "
                   "article. Default: bulk when the store holds no article yet.")
@max_size_option
@curation_option
def build(paths, store, force, no_validate, jobs, dask, quiet, bulk, max_size, curation):
    """Extract article files or folders (default: the bundled articles) into the store
    and print a summary. Articles are text files (.txt, .md), saved web pages (.html,
    .htm, .shtml: their main text, by trafilatura) and web archives (.warc, .warc.gz: each
    HTML page in them); the curation file's decisions apply to each. Each article is one
    named graph; an article already stored with
    the same content is skipped, a changed one replaced, so a build can be rerun after a
    crash or on a grown folder. A first build loads articles in bulk, a hundred at a time;
    later ones write each article in one transaction. A rerun after a crash completes
    either.

    \b
    Examples:
      kg build data/articles --store kg-store
      kg build ~/articles --jobs 4
    """
    from .build import build as build_store
    from .store import StoreError

    bar = None

    def progress(done, total):
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    show = not quiet and sys.stderr.isatty()
    try:
        report = build_store(paths or None, store=store, on_error=_Errors(), force=force, validate=not no_validate,
                             jobs=jobs, dask=dask, on_progress=progress if show else None,
                             max_bytes=_bytes(max_size), bulk=bulk, curation=curation)
    except StoreError as e:
        _fail(e)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    report.store.close()
    click.echo(report.format())
    if report.errors and not (report.articles or report.unchanged):
        sys.exit(1)


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@store_option
def remove(doc_ids, store):
    """Remove articles (by document id, the file stem) from the store, with every fact
    only they attested.

    \b
    Example:
      kg remove 003_795bd59d1e90186d
    """
    from .maintain import remove as remove_articles
    from .store import StoreError

    try:
        removed, missing = remove_articles(doc_ids, store)
    except StoreError as e:
        _fail(e)
    for doc in missing:
        click.echo(f"kg: {doc}: no such article in {store}", err=True)
    if removed:
        click.echo(f"removed {len(removed)} article(s): {' '.join(removed)}")
    if missing and not removed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl", "trig", "nquads"]), default="json",
              show_default=True,
              help="json: JSON Lines, one object per article, in the gold files' shape; "
                   "ttl: the RDF as Turtle; trig: the RDF with one named graph per article; "
                   "nquads: the same as N-Quads, written an article at a time (a shard for "
                   "`kg import` or a bulk loader).")
@max_size_option
def extract(paths, fmt, max_size):
    """Extract entities and relations from article files or folders (default: the
    bundled articles) and write them to standard output, without touching the store.

    \b
    Examples:
      kg extract data/articles/001_8357457553f7d912.txt
      kg extract data/articles --format ttl > seeds.ttl
      kg extract part-07/ --format nquads > part-07.nq    (then: kg import part-07.nq)
    """
    from .extract import extract_paths

    errors = _Errors()
    paths = paths or [bundled_articles()]
    if fmt == "json":
        for resolved in extract_paths(paths, on_error=errors, max_bytes=_bytes(max_size)):
            click.echo(json.dumps(resolved.to_record(), ensure_ascii=False))
    elif fmt == "nquads":  # line-based: nothing held, however many articles
        from .rdf import to_nquads

        for text in extract_paths(paths, on_error=errors, max_bytes=_bytes(max_size), then=to_nquads):
            click.echo(text, nl=False)
    else:
        from .exchange import export
        from .rdf import to_graph
        from .store import open_store

        with open_store(None) as store:  # in memory: Oxigraph's serialisers write it
            for graph in extract_paths(paths, on_error=errors, max_bytes=_bytes(max_size), then=to_graph):
                store.replace_graph(graph)
            if len(store):
                click.echo(export(store, fmt))
    if errors.count:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files, subfolders included (default: the gold of every "
                   "bundled article, data/gold).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.option("--misses", is_flag=True, help="Also list what was missed (with its sentence) and what was "
                                             "extra (with the rule that made it).")
@click.option("--by-rule", is_flag=True, help="Precision per rule instead of per type: which rule makes "
                                              "the false positives.")
def evaluate(paths, gold, as_json, misses, by_rule):
    """Extract the articles and score them against gold annotations: precision, recall
    and F1 per entity type, per predicate and micro-averaged, as GUIDELINES.md defines.

    \b
    Examples:
      kg evaluate                              the bundled articles, against their gold
      kg evaluate data/corpus/dev3             six more passages, bundled with their gold
      kg evaluate --gold my-gold my-articles   your own annotations (GUIDELINES.md format)
    """
    from .evaluate import load_gold, score
    from .extract import extract_paths

    gold = gold or bundled_gold()
    errors = _Errors()
    resolved = list(extract_paths(paths or [bundled_articles()], on_error=errors))
    records = [r.to_record() for r in resolved]
    report = score(records, load_gold(gold), {r.article.doc_id: r.article.normalized.text for r in resolved})
    for doc in report.missing_gold:
        click.echo(f"kg: no gold file for {doc} in {gold}; not scored", err=True)
    if as_json:
        out = {"table": report.table()}
        if by_rule:
            out["rules"] = report.by_rule()
        if misses:
            out["misses"] = [{"doc": d.doc, "item": k, "what": w, "description": t}
                             for d in report.documents for k, w, t in d.misses]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(report.format_by_rule() if by_rule else report.format())
        if misses:
            for d in report.documents:
                for kind, what, text in d.misses:
                    click.echo(f"{d.doc}\t{what}\t{kind}\t{text}")
    if records and not report.documents:
        click.echo(f"kg: nothing was scored: no extracted article has a gold file in {gold}", err=True)
    if errors.count or not report.documents:
        sys.exit(1)


@main.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="table for reading; csv, tsv, json and xml are the SPARQL 1.1 "
                                      "results formats. CONSTRUCT and DESCRIBE print Turtle.")
@click.option("--timeout", type=float, metavar="SECONDS", help="Stop a query still running after this long.")
def query(query, store, fmt, timeout):
    """Answer a SPARQL QUERY (the query text or a .rq file) from the store.

    kg's prefixes (kg:, kgid:, rdfs:, skos:, org:, dcterms:, nif: ...) are declared for
    you, and the default graph is the union of every article's graph, each triple once;
    GRAPH ?g { ... } tells which article states what.

    \b
    Examples:
      kg query examples/queries/posts.rq
      kg query 'SELECT DISTINCT ?name WHERE { ?o a kg:Official ; rdfs:label ?name }'
      kg query examples/queries/posts.rq --format csv > posts.csv
    """
    from .query import format_result, run
    from .store import QueryError, StoreError

    try:
        _echo(format_result(run(query, store, timeout), fmt))
    except (QueryError, StoreError) as e:
        _fail(e)


@main.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="graph.html",
              show_default=True, help="The HTML file to write.")
@click.option("--title", default="安全生产知识图谱", show_default=True, help="The page's title.")
@click.option("--focus", metavar="NAME", help="Only the neighbourhood of the node of this name.")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
              help="How far from --focus to go.")
@click.option("--article", metavar="DOC_ID", help="Only the facts this article states.")
@click.option("--province", metavar="NAME", help="Only the facts of articles about this province (山西省).")
def render(store, output, title, focus, hops, article, province):
    """Write the store's graph as one self-contained HTML page: open it in a browser
    (no network needed), search any name, click a node or edge to read the sentences
    behind it. Past a few hundred nodes a drawing stops being readable: narrow it
    (--focus, --article, --province), or explore the whole store with `kg serve`.

    \b
    Example:
      kg render -o graph.html && xdg-open graph.html
      kg render --focus 王启瑞 --hops 2 -o wang.html
      kg render --province 河南省 -o henan.html
    """
    import warnings

    from .render import GraphTooLarge, render as render_page
    from .store import StoreError

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", GraphTooLarge)
            path = render_page(store, output, title=title, focus=focus, hops=hops, article=article,
                               province=province)
    except KeyError as e:  # --focus, --article or --province names nothing in the store
        _fail(e.args[0])
    except (StoreError, OSError) as e:
        _fail(e)
    for w in caught:
        click.echo(f"kg: warning: {w.message}", err=True)
    click.echo(f"wrote {path}")


@main.command()
@store_option
def validate(store):
    """Check the whole store against the SHACL shapes (ontology/shapes.ttl) and list the
    violations. Exit code 1 if there are any.

    \b
    Example:
      kg validate --store kg-store
    """
    from .store import StoreError, open_store
    from .validate import validate_store

    try:
        with open_store(store, read_only=True) as st:
            report = validate_store(st)
    except StoreError as e:
        _fail(e)
    click.echo(report.format())
    if not report.conforms:
        sys.exit(1)


@main.command()
@store_option
def stats(store):
    """Nodes per class, articles, graphs and triples of the store.

    \b
    Example:
      kg stats --store kg-store
    """
    from .maintain import statistics
    from .store import StoreError, open_store

    try:
        with open_store(store, read_only=True) as st:
            s = statistics(st)
    except StoreError as e:
        _fail(e)
    click.echo(f"articles  {s['articles']}\ngraphs    {s['graphs']}\ntriples   {s['triples']}")
    width = max(map(len, s["classes"]), default=0)
    for cls, n in s["classes"].items():
        click.echo(f"  {cls:<{width}}  {n}")


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(RDF_FILE_FORMATS + ("graphml", "gexf", "csv")),
              default="trig", show_default=True,
              help="trig and nquads keep each article's graph; ttl, nt, jsonld and rdfxml merge them; "
                   "graphml and gexf are the entity graph for Gephi, Cytoscape or yEd; csv is it as the "
                   "nodes.csv and relationships.csv that neo4j-admin imports (-o names their folder).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (default: standard output); the folder, for csv.")
def export(store, fmt, output):
    """Write the whole store as RDF, or its entity graph as GraphML, GEXF or CSV for
    Neo4j. A TriG or N-Quads export imported into an empty store (kg import) gives the
    same store, curation decisions included (kg curation prints them).

    \b
    Examples:
      kg export -o seeds.trig
      kg export --format jsonld -o seeds.jsonld  # compacted with ontology/context.jsonld
      kg export --format gexf -o seeds.gexf      # open in Gephi
      kg export --format csv -o neo4j/ && neo4j-admin database import full \\
          --nodes=neo4j/nodes.csv --relationships=neo4j/relationships.csv
    """
    from .exchange import export as export_store, write_atomically
    from .network import NETWORK_FORMATS, to_neo4j_csv, to_network_file, to_networkx
    from .store import StoreError, open_store

    if fmt == "csv" and not output:
        _fail("csv writes two files, nodes.csv and relationships.csv: give their folder with -o DIR")
    try:
        with open_store(store, read_only=True) as st:
            if fmt == "csv":
                for path in to_neo4j_csv(to_networkx(st), output):
                    click.echo(f"wrote {path}", err=True)
                return
            text = to_network_file(to_networkx(st), fmt) if fmt in NETWORK_FORMATS else export_store(st, fmt)
    except StoreError as e:
        _fail(e)
    except OSError as e:
        _fail(e)
    if output:
        try:
            write_atomically(output, text)
        except OSError as e:
            _fail(e)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@main.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(RDF_FILE_FORMATS),
              help="The file's format (default: from its extension).")
@click.option("--graph", help="Graph for triples outside any named graph "
                              "(default: kgid:graph/import/<file stem>).")
def import_(file, store, fmt, graph):
    """Load an RDF file into the store. Each named graph in it replaces the store's graph
    of that name; a file that does not parse is refused whole, nothing is written.

    \b
    Example:
      kg import seeds.trig --store other-store
    """
    from .exchange import ExchangeError, import_file
    from .store import StoreError, open_store

    try:
        with open_store(store) as st:
            report = import_file(st, file, fmt, graph)
    except (ExchangeError, StoreError) as e:
        _fail(e)
    click.echo(f"imported {report.triples} triples in {report.graphs} graph(s) from {file}")


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, metavar="SECONDS", help="Longest a query may run.")
@click.option("--memory", type=click.IntRange(min=64), default=2048, show_default=True, metavar="MB",
              help="Most memory one query may take (it runs in a process of its own, stopped past this).")
@click.option("--max-results", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Most rows (or triples) one answer may have.")
@click.option("--max-body", type=click.IntRange(min=1024), default=1 << 20, show_default=True, metavar="BYTES",
              help="Largest POST body accepted.")
@click.option("--allow-federation", is_flag=True,
              help="Let queries use SERVICE, which makes this server send requests to the URLs they name "
                   "(refused by default).")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="Another Host name to answer (e.g. behind a proxy); by default a server on 127.0.0.1 "
                   "answers only localhost names, against DNS rebinding.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (https://yasgui.example, or * for any) query /sparql from a "
                   "browser; off by default, since any page you visit could otherwise read the store.")
def serve(store, host, port, timeout, memory, max_results, max_body, allow_federation, allow_host, cors):
    """Serve the store read-only: a SPARQL 1.1 Protocol endpoint at /sparql (GET, POST form
    or application/sparql-query; JSON, XML, CSV, TSV results; Turtle or N-Triples graphs)
    and the interactive graph with a query box at /. Updates are refused, and so are
    federated queries (SERVICE) unless --allow-federation; a query's time, memory and
    answer are bounded, and so is a request's body. The query parameter is always query
    text: the server reads no file on a request's behalf.

    \b
    Examples:
      kg serve --store kg-store
      curl 'http://127.0.0.1:8000/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'
      kg serve --store kg-store --cors https://yasgui.triply.cc
    """
    from .query import Limits
    from .serve import serve as serve_store
    from .store import StoreError

    try:
        serve_store(store, host, port, timeout, limits=Limits(memory, max_results), max_body=max_body,
                    federation=allow_federation, allow_hosts=allow_host, cors=cors)
    except (StoreError, OSError) as e:
        _fail(e)


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--from", "url_file", type=click.Path(path_type=Path), metavar="FILE",
              help="Read addresses from FILE, one per line (# comments and blank lines skipped).")
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="Folder to save the pages in; `kg build DIR` reads them.")
@click.option("--delay", default=1.0, show_default=True, metavar="SECONDS",
              help="Pause between two requests to the same host.")
@click.option("--timeout", default=20.0, show_default=True, metavar="SECONDS", help="Longest wait for an answer.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Further tries after a server error or a dropped connection (not after a 404).")
@click.option("--again", is_flag=True, help="Fetch pages already saved in DIR again.")
@click.option("--ignore-robots", is_flag=True, help="Fetch what robots.txt disallows (only with the site's leave).")
@max_size_option
def fetch(urls, url_file, out, delay, timeout, retries, again, ignore_robots, max_size):
    """Download web pages politely into DIR, each saved as it came with the address it
    came from and when, so that `kg build DIR` is reproducible. A page already in DIR is
    kept (--again fetches it anew); every attempt is logged in DIR/fetch-log.tsv. One
    request at a time, a pause between two to the same host, robots.txt obeyed, and a
    User-Agent that says what kg is.

    \b
    Examples:
      kg fetch https://www.mem.gov.cn/xw/yjglbgzdt/202311/t20231120_470000.shtml -o pages
      kg fetch --from urls.txt -o pages && kg build pages
    """
    from .fetch import fetch as fetch_pages, read_url_list

    try:
        urls = list(urls) + (read_url_list(url_file) if url_file else [])
    except (OSError, UnicodeDecodeError) as e:
        _fail(e if isinstance(e, OSError) else f"{url_file}: not a text file of addresses")
    if not urls:
        _fail("no addresses: give URLs or --from FILE")
    try:
        results = fetch_pages(urls, out, again, on_result=lambda r: click.echo(r.line()), delay=delay,
                              timeout=timeout, retries=retries, max_bytes=_bytes(max_size),
                              robots=not ignore_robots)
    except OSError as e:
        _fail(e)
    failed = sum(r.status in ("error", "refused") for r in results)
    click.echo(f"{len(results) - failed} of {len(results)} pages in {out}", err=True)
    if failed == len(results):
        sys.exit(1)


def _entity(st, name: str) -> tuple[str, str]:
    """The one entity ``name`` (a name, an alias or an IRI) names in the store, or exit."""
    from .curate import short
    from .maintain import find_entities

    found = find_entities(st, name)
    if not found:
        _fail(f"{name}: no entity of this name or IRI in the store")
    if len(found) > 1:
        _fail(f"{name}: names {len(found)} entities ({', '.join(short(e) for e, _ in found[:5])}); give the IRI")
    return found[0]


def _decide(store, curation, make) -> None:
    """Make a decision from entities found in the store, write it and apply it."""
    from .build import decide
    from .curate import CurationError
    from .store import StoreError, open_store

    try:
        with open_store(store, create=False) as st:
            decision = make(lambda name: _entity(st, name), st)
        report = decide(decision, store=store, curation=curation, on_error=_Errors())
    except (StoreError, CurationError, OSError) as e:
        _fail(e)
    report.store.close()
    click.echo(f"{decision.tsv()}\nwritten to {curation}; {report.articles} article(s) read again")
    for note in report.curation:
        click.echo(f"kg: {note}", err=True)


comment_option = click.option("-m", "--comment", default="", help="Why: kept in the file and the graph.")


@main.command()
@click.argument("keep")
@click.argument("other")
@store_option
@curation_option
@comment_option
def merge(keep, other, store, curation, comment):
    """Make OTHER the same entity as KEEP, which keeps its IRI and label (OTHER's names
    become aliases). Both are names, aliases or IRIs (kgid:official/山西省/王启瑞). The
    decision goes to the curation file, which every build applies, and the articles it
    changes are read again now.

    \b
    Examples:
      kg merge 山西省应急管理厅 山西省应急厅 -m "short form"
      kg merge kgid:official/山西省/王启瑞 kgid:official/王启瑞
    """
    from .curate import Decision

    def make(find, st):
        (a, label), (b, _) = find(keep), find(other)
        if a == b:
            _fail(f"{keep} and {other} are already one entity")
        return Decision("same-as", a, b, label, comment)
    _decide(store, curation, make)


@main.command()
@click.argument("entity")
@click.argument("other", required=False)
@click.option("--article", metavar="DOC", help="Make what article DOC calls ENTITY an entity of its own.")
@store_option
@curation_option
@comment_option
def split(entity, other, article, store, curation, comment):
    """Keep two entities apart (not-same-as: never a candidate pair again), or make what
    one article calls ENTITY an entity of its own. To undo a kg merge, delete its line
    from the curation file and run kg build.

    \b
    Examples:
      kg split kgid:official/山西省/张伟 kgid:official/湖南省/张伟 -m "two men"
      kg split 王启瑞 --article 000_ea62d0b0afefa2f6
    """
    from .curate import Decision

    if bool(other) == bool(article):
        _fail("give either OTHER or --article DOC")

    def make(find, st):
        a, _ = find(entity)
        if other:
            return Decision("not-same-as", a, find(other)[0], "", comment)
        if article not in st.article_hashes():
            _fail(f"{article}: no article of this document id in the store")
        return Decision("split", a, article, "", comment)
    _decide(store, curation, make)


@main.command()
@click.argument("entity")
@click.argument("name")
@store_option
@curation_option
@comment_option
def rename(entity, name, store, curation, comment):
    """Label ENTITY with NAME; its IRI stays and its old label becomes an alias.

    \b
    Example:
      kg rename 省应急管理厅 山西省应急管理厅
    """
    from .curate import Decision

    _decide(store, curation, lambda find, st: Decision("rename", find(entity)[0], "", name, comment))


@main.command()
@click.argument("entity")
@store_option
@curation_option
@comment_option
def drop(entity, store, curation, comment):
    """Leave ENTITY and every fact about it out of the graph (a false extraction).

    \b
    Example:
      kg drop kgid:official/山西省/张闰年 -m "a teacher, not an official"
    """
    from .curate import Decision

    _decide(store, curation, lambda find, st: Decision("drop", find(entity)[0], "", "", comment))


@main.command()
@store_option
def curation(store):
    """Print the curation decisions the store holds, as a curation file. A store made by
    `kg import` of an export has them: `kg curation > curation.tsv` gives the file back.

    \b
    Example:
      kg import shared.trig --store copy && kg curation --store copy > curation.tsv
    """
    from .curate import HEADER
    from .maintain import stored_decisions
    from .store import StoreError, open_store

    try:
        with open_store(store, create=False, read_only=True) as st:
            decisions = stored_decisions(st)
    except StoreError as e:
        _fail(e)
    click.echo("\n".join([HEADER] + sorted(d.tsv() for d in decisions)))
