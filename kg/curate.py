"""Curation that survives rebuilds: decisions a person writes in a plain file, applied to
every article's records as it is built.

>>> d = parse_line("same-as\\tkgid:official/山西省/王启瑞\\tkgid:official/王启瑞\\t王启瑞\\tone man", 2)
>>> d.action, d.other[len(ID):], d.name
('same-as', 'official/王启瑞', '王启瑞')

The file (``curation.tsv`` by default, ``--curation``, ``$KG_CURATION``) has a header
and one decision a line: ``action  entity  other  name  comment``, entities as IRIs
(``kgid:…`` or whole):

=============  =======================================================================
same-as        ``other`` becomes ``entity``, named ``name``; its names become aliases
not-same-as    ``entity`` and ``other`` are never a candidate pair (kg:possiblySameAs)
rename         ``entity`` is labelled ``name``; its old label becomes an alias
drop           ``entity`` and every fact about it are left out
split          in the article ``other`` (a document id), ``entity`` is an entity of its own
=============  =======================================================================

Decisions act on the plain records of an article (after ``resolve``, before ``rdf``),
so IRIs, posts, labels and evidence stay consistent; the graph marks what each changed
(``kg:curatedBy``) and keeps the decisions in their own graph, which ``kg export``
carries. ``kg merge``, ``kg split``, ``kg rename`` and ``kg drop`` write the file and
reread the articles a decision changes.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .vocab import ID, KG, article_iri, zh

if TYPE_CHECKING:  # resolve loads spaCy, which reading decisions from a store must not
    from .resolve import Resolved

ACTIONS = ("same-as", "not-same-as", "rename", "drop", "split")
HEADER = "action\tentity\tother\tname\tcomment"
DEFAULT_FILE = "curation.tsv"


class CurationError(ValueError):
    """A line of the curation file that cannot be a decision; ``str()`` names the line."""


@dataclass(frozen=True)
class Decision:
    action: str
    entity: str            # an IRI
    other: str = ""        # an IRI (same-as, not-same-as) or a document id (split)
    name: str = ""
    comment: str = ""
    line: int = 0          # where the file holds it, for messages

    @property
    def iri(self) -> URIRef:
        """Named by what it does, not where it stands: moving a line changes nothing."""
        key = "\t".join((self.action, self.entity, self.other, self.name))
        return ID["curation/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]]

    def tsv(self) -> str:
        iris = [short(v) for v in (self.entity, self.other)]
        return "\t".join([self.action, *iris, self.name, self.comment.replace("\t", " ").replace("\n", " ")])


def short(value: str) -> str:
    return "kgid:" + value[len(ID):] if value.startswith(str(ID)) else value


def expand(value: str) -> str:
    """An entity as written in the file, as an IRI: ``kgid:x`` → ``https://…/id/x``."""
    value = value.strip()
    return str(ID[value[5:]]) if value.startswith("kgid:") else value


def default_path() -> Path:
    return Path(os.environ.get("KG_CURATION") or DEFAULT_FILE)


def parse_line(text: str, number: int) -> Decision:
    """One line of the file as a decision; raise ``CurationError`` naming the line."""
    cells = (text.rstrip("\r\n").split("\t") + [""] * 5)[:5]
    action, entity, other, name, comment = (c.strip() for c in cells)
    where = f"line {number}"
    if action not in ACTIONS:
        hint = "; columns are separated by tabs" if " " in action else ""
        raise CurationError(f"{where}: unknown action {action!r} (one of {', '.join(ACTIONS)}{hint})")
    if not entity:
        raise CurationError(f"{where}: no entity")
    needs = {"same-as": "other", "not-same-as": "other", "split": "other", "rename": "name"}.get(action)
    if needs and not {"other": other, "name": name}[needs]:
        raise CurationError(f"{where}: {action} needs the column {needs}")
    iris = [entity] + ([other] if other and action != "split" else [])
    for value in iris:
        if not expand(value).startswith(("http://", "https://")):
            raise CurationError(f"{where}: {value!r} is not an IRI: write the entity's IRI (kgid:…), as kg merge, "
                                "rename, drop and split do (a name can mean two entities; an IRI cannot)")
    if action == "split":
        return Decision(action, expand(entity), other, name, comment, number)
    return Decision(action, expand(entity), expand(other) if other else "", name, comment, number)


def load(path: str | os.PathLike, on_error=None) -> list[Decision] | None:
    """The decisions in the file at ``path``; None when there is no such file (the
    store's decisions then stay as they are). A line that is not a decision is passed
    to ``on_error`` (a ``CurationError`` naming the file and line) and skipped."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise CurationError(f"{path}: cannot read the curation file: {getattr(e, 'strerror', None) or e}") from None
    decisions = []
    for number, text in enumerate(lines, 1):
        if not text.strip() or text.startswith("#") or (number == 1 and text.startswith("action\t")):
            continue
        try:
            decisions.append(parse_line(text, number))
        except CurationError as e:
            if on_error:
                on_error(CurationError(f"{path}: {e}"))
    return decisions


def _key(d: Decision) -> tuple:
    """What two decisions must not both decide: a later one replaces an earlier one."""
    if d.action == "same-as":
        return d.action, d.other                        # where the other entity went
    if d.action == "not-same-as":
        return (d.action, *sorted((d.entity, d.other)))
    return d.action, d.entity, d.other                  # rename, drop; split of one article


def append(path: str | os.PathLike, decision: Decision) -> None:
    """Add ``decision`` at the end of the file (made with its header if new), in place of
    an earlier line that decided the same (a second rename of an entity replaces the
    first). Other lines, comments and lines kg cannot read are kept as they are."""
    from .exchange import write_atomically

    path = Path(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines() if path.exists() else []
    kept = [HEADER] if not lines or not lines[0].startswith("action\t") else []
    for number, text in enumerate(lines, 1):
        try:
            if _key(parse_line(text, number)) == _key(decision):
                continue
        except CurationError:
            pass  # the header, a comment, a line for its writer to mend
        kept.append(text)
    write_atomically(path, "\n".join(kept + [decision.tsv()]) + "\n")


# --------------------------------------------------------------------------- applying

def apply(resolved: Resolved, decisions: list[Decision]) -> Resolved:
    """``resolved`` with the decisions applied to its entities and relations."""
    if not decisions:
        return resolved
    doc = resolved.article.doc_id
    merged = {d.other: d for d in decisions if d.action == "same-as"}
    renamed = {d.entity: d for d in decisions if d.action == "rename"}
    dropped = {d.entity: d for d in decisions if d.action == "drop"}
    split = {d.entity: d for d in decisions if d.action == "split" and d.other == doc}
    kept = []
    for e in resolved.entities:
        iri = str(e.iri)
        if (d := split.get(iri)):
            e.curated, e.curation = URIRef(f"{iri}/article/{doc}"), [*e.curation, d.iri]
        elif (d := merged.get(iri)):
            e.curated, e.curation = URIRef(d.entity), [*e.curation, d.iri]
            e.names, e.canonical = list(dict.fromkeys([*e.names, e.canonical])), d.name or e.canonical
        if (d := renamed.get(str(e.iri))):
            e.curated = e.iri  # the IRI stays: links to it keep working
            e.names, e.canonical = list(dict.fromkeys([*e.names, e.canonical])), d.name
            e.curation = [*e.curation, d.iri]
        if (d := dropped.get(str(e.iri))):
            resolved.dropped.append(d.iri)
            continue
        kept.append(e)
    keep = {id(e) for e in kept}
    relations = [r for r in resolved.relations if id(r.subject) in keep and id(r.object) in keep]
    return replace(resolved, entities=kept, relations=relations)


def triples(decisions: list[Decision]):
    """The curation graph: each decision as a node, with the curator's comment."""
    for d in decisions:
        yield d.iri, RDF.type, KG.Curation
        yield d.iri, KG.action, Literal(d.action)
        yield d.iri, KG.curated, URIRef(d.entity)
        if d.other:
            other = article_iri(d.other) if d.action == "split" else URIRef(d.other)
            yield d.iri, KG.curatedOther, other
        if d.name:
            yield d.iri, KG.curatedName, zh(d.name)
        if d.comment:
            yield d.iri, RDFS.comment, Literal(d.comment)
