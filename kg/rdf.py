"""Resolved extractions → RDF: one named graph per article, named by the article's IRI.

What one article's graph holds:

- the article node (``kg:Article``): title, date, source, by-lines, document id, content
  hash, jurisdiction (and its province) and its original text;
- each entity, typed with the ontology's class, ``rdfs:label`` (``@zh``) for its canonical
  name and ``skos:altLabel`` for the others, ``kg:attestedBy`` the article;
- each relation as a triple, and for every sentence that states it a ``kg:Evidence`` node
  (an ``rdf:Statement``) with the sentence, its offsets in the original text, and the
  mentions of subject and object (``kg:subjectMention``, ``kg:objectMention``);
- each ``holdsPost`` as a ``kg:Post`` node per title (who, which title as an ``org:Role``,
  which body), attested by the article and held ``kg:asOf`` its date (the publication
  date, else the latest date its text mentions);
- each mention as a ``kg:Mention`` with ``nif:beginIndex``/``nif:endIndex`` such that
  ``original_text[begin:end]`` is the mention (its sentence is not repeated on it: the
  offsets find it in the text, and the sentences that state facts are on the evidence).

Entity IRIs depend only on type and name, so graphs of several articles meet in the same
nodes; everything an article says stays in its own graph, so it can be replaced alone.

>>> from kg.extract import extract_text
>>> from kg.rdf import to_graph
>>> g = to_graph(extract_text("省应急管理厅党委书记、厅长王启瑞表示,要坚持“两个至上”。", "demo"))
>>> str(g.identifier)
'https://w3id.org/anquan-kg/id/article/demo'
"""
from __future__ import annotations


from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .resolve import Entity, Mention, Resolved, entity_iri, iri_part, province_of
from .vocab import ENTITY_CLASS, EVENT_CLASS, ID, KG, NIF, ORG, PREDICATES, PREFIXES, SCHEMA, article_iri, oxigraph_term, zh


def post_iri(official: Entity, body: Entity, title: str) -> URIRef:
    """The post ``title`` of ``body`` held by ``official``: one node however many
    articles attest it.

    >>> str(post_iri(Entity("e1", "Official", "王启瑞", scope=("山西省",)),
    ...              Entity("e2", "Body", "山西省应急管理厅"), "厅长"))[len(ID):]
    'post/山西省应急管理厅/厅长/山西省/王启瑞'
    """
    body_part = str(body.iri).rsplit("/", 1)[-1]
    official_part = str(official.iri)[len(str(ID)):].split("/", 1)[1]
    return ID[f"post/{body_part}/{iri_part(title)}/{official_part}"]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime if "T" in value else XSD.date)


def new_graph(identifier=None) -> Graph:
    """An empty graph with kg's prefixes bound, for serialising readable Turtle."""
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def to_graph(resolved: Resolved) -> Graph:
    """The named graph of one article (see the module docstring)."""
    g = new_graph(article_iri(resolved.article.doc_id))
    for t in triples(resolved):
        g.add(t)
    return g


def to_ntriples(resolved: Resolved) -> str:
    """The same graph as N-Triples text, without building an rdflib graph (a third of the
    time: what a build's workers send when they do not validate).

    >>> from kg.extract import extract_text
    >>> to_ntriples(extract_text("要坚持“两个至上”。", "demo")).count(" .") > 3
    True
    """
    iris: dict = {}  # an article names the same few hundred IRIs thousands of times

    def nt(term) -> str:
        if type(term) is URIRef:
            if (text := iris.get(term)) is None:
                text = iris[term] = str(oxigraph_term(term))
            return text
        return str(oxigraph_term(term))
    lines = dict.fromkeys(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples(resolved))
    return "".join(lines)


def to_nquads(resolved: Resolved) -> str:
    """The article's named graph as N-Quads, the lines bulk loaders take (``kg import``,
    ``oxigraph load``, a SPARQL server's Graph Store): articles extracted elsewhere, one
    after the other in a file, load like a build's.

    >>> from kg.extract import extract_text
    >>> to_nquads(extract_text("要坚持“两个至上”。", "demo")).splitlines()[0].endswith("/article/demo> .")
    True
    """
    # Literals escape their line breaks, so " .\n" ends a line and nothing else.
    return to_ntriples(resolved).replace(" .\n", f" {oxigraph_term(article_iri(resolved.article.doc_id))} .\n")


def triples(resolved: Resolved):
    """The triples of one article's graph, as rdflib terms (some more than once)."""
    article = resolved.article
    art = article_iri(article.doc_id)

    def add(t):
        out.append(t)
    out: list = []

    add((art, RDF.type, KG.Article))
    add((art, KG.docId, Literal(article.doc_id)))
    add((art, KG.contentHash, Literal(article.content_hash)))
    if article.encoding != "str":  # read from a file, which curation may read again
        add((art, KG.file, Literal(article.path)))
    add((art, KG.text, zh(article.text)))
    if article.title:
        add((art, DCTERMS.title, zh(article.title)))
    if article.date:
        # The day, always an xsd:date, so that articles compare and sort by it; the time,
        # when the page gives one, apart.
        add((art, DCTERMS.date, Literal(article.date[:10], datatype=XSD.date)))
        if "T" in article.date:
            add((art, DCTERMS.issued, _date(article.date)))
    if article.source:
        add((art, DCTERMS.source, zh(article.source)))
    for name in article.bylines:
        add((art, KG.byline, zh(name)))
    if article.url:
        add((art, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.retrieved:
        add((art, KG.retrieved, _date(article.retrieved)))
    if article.mentioned_date:
        add((art, KG.latestDateMentioned, Literal(article.mentioned_date, datatype=XSD.date)))
    as_of = (article.date or article.mentioned_date or "")[:10] or None
    if where := resolved.jurisdiction:
        province = province_of(where)
        place = entity_iri("Place", where, () if where == province else (province,))
        add((art, KG.jurisdiction, place))
        # The jurisdiction may come from a body's name (湖南省应急管理厅) or the head lines
        # when the article names no place as such; it is a Place all the same, and so is
        # its province, which groups articles by province without parsing IRIs.
        places = {where: place}
        if province:
            places[province] = entity_iri("Place", province)
            add((art, KG.province, places[province]))
        for name, iri in places.items():
            add((iri, RDF.type, ENTITY_CLASS["Place"]))
            add((iri, RDFS.label, zh(name)))
            add((iri, KG.attestedBy, art))

    def mention_iri(m: Mention) -> URIRef:
        return URIRef(f"{art}#char={m.begin},{m.end}")

    for decision in resolved.dropped:
        add((art, KG.curatedBy, decision))
    for e in resolved.entities:
        iri = e.iri
        add((iri, RDF.type, ENTITY_CLASS[e.type]))
        if e.type == "Event" and e.subtype in EVENT_CLASS:
            add((iri, RDF.type, EVENT_CLASS[e.subtype]))
        add((iri, RDFS.label, zh(e.canonical)))
        for name in e.names:
            if name != e.canonical:
                add((iri, SKOS.altLabel, zh(name)))
        add((iri, KG.attestedBy, art))
        for decision in e.curation:
            add((iri, KG.curatedBy, decision))
            add((art, KG.curatedBy, decision))
        for mention in e.mentions:
            m = mention_iri(mention)
            add((m, RDF.type, KG.Mention))
            add((m, KG.mentions, iri))
            add((m, NIF.referenceContext, art))
            add((m, NIF.beginIndex, Literal(mention.begin)))
            add((m, NIF.endIndex, Literal(mention.end)))
            add((m, NIF.anchorOf, Literal(article.text[mention.begin:mention.end])))
            add((m, KG.rule, Literal(mention.rule)))

    for i, r in enumerate(resolved.relations, 1):
        s, p, o = r.subject.iri, PREDICATES[r.predicate], r.object.iri
        add((s, p, o))
        for k, st in enumerate(r.statements, 1):
            ev = URIRef(f"{art}#fact-{i}-{k}")
            add((ev, RDF.type, KG.Evidence))
            add((ev, RDF.subject, s))
            add((ev, RDF.predicate, p))
            add((ev, RDF.object, o))
            add((ev, KG.attestedBy, art))
            add((ev, NIF.beginIndex, Literal(st.begin)))
            add((ev, NIF.endIndex, Literal(st.end)))
            add((ev, KG.sentence, zh(st.sentence)))
            add((ev, KG.rule, Literal(st.rule)))
            add((ev, KG.subjectMention, mention_iri(st.subject)))
            add((ev, KG.objectMention, mention_iri(st.object)))
            for decision in dict.fromkeys(r.subject.curation + r.object.curation):
                add((ev, KG.curatedBy, decision))
        if r.predicate == "holdsPost":
            for title in r.titles:
                post = post_iri(r.subject, r.object, title)
                role = ID["role/" + iri_part(title)]
                add((post, RDF.type, KG.Post))
                add((post, ORG.heldBy, s))
                add((post, ORG.postIn, o))
                add((post, ORG.role, role))
                add((post, KG.title, zh(title)))
                add((post, RDFS.label, zh(f"{r.object.canonical}{title}")))
                add((post, KG.attestedBy, art))
                add((role, RDF.type, ORG.Role))
                add((role, SKOS.prefLabel, zh(title)))
                if as_of:
                    add((post, KG.asOf, Literal(as_of, datatype=XSD.date)))
    return out
