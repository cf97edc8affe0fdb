"""Score extraction against gold files exactly as ``shared/gold/GUIDELINES.md`` says.

- Names are compared after ``kg.normalize.match_key`` (simplified, no white space, no
  quotation marks, one middle dot, half-width letters and digits).
- An extracted entity matches a gold entity of the same type when one of its names equals
  one of the gold names; matching is one-to-one (a maximum matching, non-optional gold
  first).
- A relation matches when predicate, matched subject and matched object agree and, for
  holdsPost, its title equals one of the gold titles; also one-to-one.
- Items matching optional gold items count neither way.

>>> gold = {"doc": "d", "entities": [{"id": "a", "type": "Official", "names": ["王启瑞"]}], "relations": []}
>>> pred = {"doc": "d", "entities": [{"id": "e1", "type": "Official", "names": ["王啟瑞"]}], "relations": []}
>>> score_document(pred, gold).counts["entities"]["Official"]
[1, 0, 0]
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .normalize import match_key


@dataclass
class DocScore:
    doc: str
    # counts[kind][label] = [tp, fp, fn]
    counts: dict = field(default_factory=lambda: {"entities": defaultdict(lambda: [0, 0, 0]),
                                                  "relations": defaultdict(lambda: [0, 0, 0])})
    misses: list = field(default_factory=list)  # (kind, "missed"|"extra", description)
    # by_rule[rule] = [tp, fp]: what each rule's items scored (optional matches not counted)
    by_rule: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))


def _matching(left, right, ok, weight=None) -> dict:
    """Maximum one-to-one matching of ``left`` to ``right`` indices under ``ok``.

    Among maximum matchings, the one with the largest total ``weight(a, b)`` wins, so that
    ties (two extracted entities sharing a name with one gold entity) are broken the same
    way on every run instead of by set iteration order.
    """
    g = nx.Graph()
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            if ok(a, b):
                g.add_edge(("l", i), ("r", j), weight=1 + (weight(a, b) if weight else 0))
    m = nx.max_weight_matching(g, maxcardinality=True)
    pairs = (sorted(e) for e in m)  # ("l", i) sorts before ("r", j)
    return {l[1]: r[1] for l, r in pairs}


def _names(e) -> set[str]:
    return {match_key(n) for n in e.get("names", [])}


def _closeness(p, g) -> float:
    """Tie-breaker for entity matching: same canonical name, then more names shared."""
    pn, gn = p.get("names") or [""], g.get("names") or [""]
    shared = len(_names(p) & _names(g)) / max(len(_names(p) | _names(g)), 1)
    return 0.5 * (match_key(pn[0]) == match_key(gn[0])) + 0.25 * shared


def _describe_entity(e) -> str:
    sub = f"/{e['subtype']}" if e.get("subtype") else ""
    return f"{e['type']}{sub} {e['names'][0] if e.get('names') else '?'}"


def _sentence_naming(text: str | None, *name_sets) -> str:
    """The first sentence of ``text`` that holds a name of each set (else of the last), for
    telling where a missed item was."""
    if not text:
        return ""
    sentences = [s for s in re.split(r"(?<=[。!?;\n])", text) if s.strip()]
    for sets in (name_sets, name_sets[-1:]):
        for s in sentences:
            key = match_key(s)
            if all(any(n and n in key for n in names) for names in sets):
                return s.strip()
    return ""


def _rule_of(item) -> str:
    return item.get("rule") or "?"


def score_document(pred: dict, gold: dict, text: str | None = None) -> DocScore:
    """Score one article's extraction ``pred`` against its ``gold`` (both in gold shape).
    With the article's ``text``, each missed item is described with its sentence."""
    out = DocScore(gold["doc"])
    ents = out.counts["entities"]
    p_ents, g_ents = pred.get("entities", []), gold.get("entities", [])
    same = lambda p, g: p["type"] == g["type"] and bool(_names(p) & _names(g))  # noqa: E731
    required = [g for g in g_ents if not g.get("optional")]
    optional = [g for g in g_ents if g.get("optional")]
    m1 = _matching(p_ents, required, same, _closeness)
    rest = [i for i in range(len(p_ents)) if i not in m1]
    m2 = _matching([p_ents[i] for i in rest], optional, same, _closeness)
    to_gold = {p_ents[i]["id"]: required[j]["id"] for i, j in m1.items()}
    to_gold.update({p_ents[rest[i]]["id"]: optional[j]["id"] for i, j in m2.items()})
    opt_ents = {rest[k] for k in m2}
    for i, p in enumerate(p_ents):
        if i in m1:
            ents[p["type"]][0] += 1
            out.by_rule[_rule_of(p)][0] += 1
        elif i not in opt_ents:
            ents[p["type"]][1] += 1
            out.by_rule[_rule_of(p)][1] += 1
            out.misses.append(("entity", "extra", f"{_describe_entity(p)}  [rule {_rule_of(p)}]"))
    matched_gold = set(m1.values())
    for j, g in enumerate(required):
        if j not in matched_gold:
            ents[g["type"]][2] += 1
            where = _sentence_naming(text, _names(g))
            out.misses.append(("entity", "missed", _describe_entity(g) + (f"  in: {where}" if where else "")))

    rels = out.counts["relations"]
    gold_by_id = {g["id"]: g for g in g_ents}
    pred_by_id = {p["id"]: p for p in p_ents}

    def rel_ok(p, g):
        if p["p"] != g["p"] or to_gold.get(p["s"]) != g["s"] or to_gold.get(p["o"]) != g["o"]:
            return False
        if g["p"] == "holdsPost":
            titles = {match_key(t) for t in g.get("titles", [])}
            return bool({match_key(t) for t in p.get("titles", [])} & titles)
        return True

    def describe(r, by_id):
        s, o = by_id.get(r["s"], {}), by_id.get(r["o"], {})
        t = f" {r.get('titles')}" if r.get("titles") else ""
        return f"{(s.get('names') or ['?'])[0]} {r['p']} {(o.get('names') or ['?'])[0]}{t}"

    p_rels, g_rels = pred.get("relations", []), gold.get("relations", [])
    g_req = [g for g in g_rels if not g.get("optional")]
    g_opt = [g for g in g_rels if g.get("optional")]
    r1 = _matching(p_rels, g_req, rel_ok)
    rest_r = [i for i in range(len(p_rels)) if i not in r1]
    r2 = _matching([p_rels[i] for i in rest_r], g_opt, rel_ok)
    opt_hit = {rest_r[i] for i in r2}
    for i, p in enumerate(p_rels):
        if i in r1:
            rels[p["p"]][0] += 1
            out.by_rule[_rule_of(p)][0] += 1
        elif i not in opt_hit:
            rels[p["p"]][1] += 1
            out.by_rule[_rule_of(p)][1] += 1
            out.misses.append(("relation", "extra", f"{describe(p, pred_by_id)}  [rule {_rule_of(p)}]"))
    hit = set(r1.values())
    for j, g in enumerate(g_req):
        if j not in hit:
            rels[g["p"]][2] += 1
            ends = [_names(gold_by_id.get(g[k], {})) for k in ("s", "o")]
            where = _sentence_naming(text, *ends)
            out.misses.append(("relation", "missed", describe(g, gold_by_id) + (f"  in: {where}" if where else "")))
    return out


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Report:
    documents: list[DocScore]
    missing_gold: list[str]

    def table(self) -> list[dict]:
        """Rows: kind, label, tp, fp, fn, precision, recall, f1; 'ALL' rows are micro-averages."""
        rows = []
        for kind in ("entities", "relations"):
            total = defaultdict(lambda: [0, 0, 0])
            for d in self.documents:
                for label, c in d.counts[kind].items():
                    for k in range(3):
                        total[label][k] += c[k]
            for label in sorted(total):
                rows.append(self._row(kind, label, *total[label]))
            all_ = [sum(c[k] for c in total.values()) for k in range(3)]
            rows.append(self._row(kind, "ALL (micro)", *all_))
        return rows

    @staticmethod
    def _row(kind, label, tp, fp, fn):
        p, r, f = _prf(tp, fp, fn)
        return {"kind": kind, "label": label, "tp": tp, "fp": fp, "fn": fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def by_rule(self) -> list[dict]:
        """Rows per rule: the extracted items it made that matched gold (tp), that did not
        (fp), and its precision; items matching optional gold count neither way."""
        total = defaultdict(lambda: [0, 0])
        for d in self.documents:
            for rule, (tp, fp) in d.by_rule.items():
                total[rule][0] += tp
                total[rule][1] += fp
        return [{"rule": rule, "tp": tp, "fp": fp, "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0}
                for rule, (tp, fp) in sorted(total.items())]

    def format_by_rule(self) -> str:
        rows = self.by_rule()
        width = max((len(r["rule"]) for r in rows), default=4)
        lines = [f"{'rule':<{width}} {'tp':>4} {'fp':>4} {'P':>6}"]
        lines += [f"{r['rule']:<{width}} {r['tp']:>4} {r['fp']:>4} {r['precision']:>6.3f}" for r in rows]
        return "\n".join(lines)

    def micro(self, kind: str) -> dict:
        return next(r for r in self.table() if r["kind"] == kind and r["label"].startswith("ALL"))

    def format(self) -> str:
        lines = [f"{'kind':<10} {'label':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        for r in self.table():
            lines.append(f"{r['kind']:<10} {r['label']:<12} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} "
                         f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}")
        return "\n".join(lines)


def load_gold(gold_dir) -> dict[str, dict]:
    """Gold files of ``gold_dir`` and its subfolders, by document id. Only the documents
    extracted are scored, so one folder can hold the gold of several sets."""
    out = {}
    for f in sorted(Path(gold_dir).rglob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        out[data.get("doc", f.stem)] = data
    return out


def score(records, gold: dict[str, dict], texts: dict[str, str] | None = None) -> Report:
    """Score extraction ``records`` (gold-shaped dicts) against ``gold`` by document id;
    ``texts`` (document id → article text) lets misses name their sentence."""
    docs, missing = [], []
    for rec in records:
        g = gold.get(rec["doc"])
        if g is None:
            missing.append(rec["doc"])
            continue
        docs.append(score_document(rec, g, (texts or {}).get(rec["doc"])))
    return Report(docs, missing)
