"""The graph as RDF on standard vocabularies (W3C ORG, FOAF, schema.org, SKOS, PROV-O).

Every extracted relation becomes an n-ary statement node that carries its provenance (the
document it was derived from, the evidence sentence and its offsets, the date) and, beside it,
a direct shortcut property so that simple queries stay simple. Triples drawn from a document
go into that document's named graph (N-Quads, TriG); entity descriptions into the default graph.
Terms are produced once, engine-neutral, and converted for rdflib (files) or pyoxigraph (SPARQL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

DEFAULT_BASE = "https://kg.example.org/id/"
KG = "https://kg.example.org/ontology#"
NS = {
    "kg": KG,
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "nquads": "nquads", "trig": "trig"}


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class Lit:
    value: object
    lang: str | None = None
    datatype: str | None = None


def _q(curie: str) -> IRI:
    prefix, local = curie.split(":", 1)
    return IRI(NS[prefix] + local)


TYPE = _q("rdf:type")
CLASSES = {
    "Document": ["schema:CreativeWork", "prov:Entity", "kg:Document"],
    "Official": ["foaf:Person", "schema:Person", "kg:Official"],
    "Organ": ["org:FormalOrganization", "kg:Organ"],
    "Campaign": ["schema:Event", "kg:Campaign"],
    "Event": ["schema:Event", "kg:Event"],
    "Slogan": ["skos:Concept", "kg:Slogan"],
    "PolicyDocument": ["schema:CreativeWork", "kg:PolicyDocument"],
}
# relation type → (class of its statement node, subject property, object property, shortcut)
STATEMENTS = {
    "HOLDS_POSITION": ("org:Membership", "org:member", "org:organization", "org:memberOf"),
    "REPORTED": ("kg:Report", "kg:reporter", "kg:topic", "kg:reported"),
    "SPOKE_AT": ("kg:Speech", "kg:speaker", "kg:event", "kg:spokeAt"),
    "PART_OF": ("kg:Subordination", "kg:unit", "kg:parent", "org:subOrganizationOf"),
    "LEADS": ("kg:Leadership", "kg:leader", "kg:campaign", "kg:leads"),
    "ISSUED": ("kg:Issuance", "kg:issuer", "kg:document", "kg:issued"),
    "SAME_AS_CANDIDATE": ("kg:SameAsCandidate", "kg:first", "kg:second", "kg:possiblySameAs"),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def node_iri(base: str, node_id: str) -> IRI:
    """off:ab12… → <base>off/ab12…; anything unsafe is percent-encoded."""
    prefix, _, rest = node_id.partition(":")
    return IRI(base + quote(prefix, safe="") + "/" + quote(rest, safe=""))


def _date(value: str | None) -> Lit | None:
    if not value:
        return None
    return Lit(value, datatype=NS["xsd"] + "date") if _DATE.match(value) else Lit(value)


def _zh(text: str) -> Lit:
    return Lit(text, lang="zh")


Quad = tuple[IRI, IRI, object, IRI | None]


def quads(nodes: list[dict], edges: list[dict], base: str = DEFAULT_BASE) -> Iterator[Quad]:
    docs = {n["id"] for n in nodes if n["label"] == "Document"}
    graph = {d: IRI(base + "graph/" + quote(d.partition(":")[2], safe="")) for d in docs}
    for n in nodes:
        s = node_iri(base, n["id"])
        for cls in CLASSES[n["label"]]:
            yield s, TYPE, _q(cls), None
        yield s, _q("kg:id"), Lit(n["id"]), None
        if n["label"] == "Document":
            p = n["props"]
            if n["name"]:
                yield s, _q("dcterms:title"), _zh(n["name"]), None
            if (d := _date(p.get("date"))) is not None:
                yield s, _q("dcterms:date"), d, None
            for key, prop in (("file", "kg:file"), ("source", "dcterms:publisher"), ("locality", "kg:locality")):
                if p.get(key):
                    yield s, _q(prop), Lit(p[key]), None
            if p.get("url"):
                yield s, _q("schema:url"), Lit(p["url"], datatype=NS["xsd"] + "anyURI"), None
            continue
        name_prop = "foaf:name" if n["label"] == "Official" else "skos:prefLabel"
        yield s, _q(name_prop), _zh(n["name"]), None
        yield s, _q("rdfs:label"), _zh(n["name"]), None
        for alias in n["aliases"]:
            yield s, _q("skos:altLabel"), _zh(alias), None
        for key in ("locality", "level", "province"):
            if n["props"].get(key):
                yield s, _q(f"kg:{key}"), Lit(n["props"][key]), None
        if n["props"].get("wikidata"):
            yield s, _q("schema:sameAs"), IRI("http://www.wikidata.org/entity/" + n["props"]["wikidata"]), None
    for e in edges:
        src, dst = node_iri(base, e["source"]), node_iri(base, e["target"])
        if e["type"] == "MENTIONED_IN":
            yield src, _q("kg:mentionedIn"), dst, graph.get(e["target"])
            continue
        cls, subj, obj, shortcut = STATEMENTS[e["type"]]
        p = e["props"]
        g = graph.get(p.get("doc"))
        st = node_iri(base, e["id"])
        yield src, _q(shortcut), dst, g
        yield st, TYPE, _q(cls), g
        yield st, _q(subj), src, g
        yield st, _q(obj), dst, g
        if p.get("doc"):
            yield st, _q("prov:wasDerivedFrom"), node_iri(base, p["doc"]), g
            yield st, _q("kg:evidence"), _zh(p["evidence"]), g
            yield st, _q("kg:start"), Lit(p["start"], datatype=NS["xsd"] + "integer"), g
            yield st, _q("kg:end"), Lit(p["end"], datatype=NS["xsd"] + "integer"), g
        if (d := _date(p.get("date"))) is not None:
            yield st, _q("dcterms:date"), d, g
        if e["type"] == "HOLDS_POSITION":
            yield src, _q("org:hasMembership"), st, g
            if p.get("title"):
                role = IRI(base + "role/" + quote(p["title"], safe=""))
                yield st, _q("org:role"), role, g
                yield role, TYPE, _q("org:Role"), None
                yield role, _q("skos:prefLabel"), _zh(p["title"]), None
                yield st, _q("kg:title"), _zh(p["title"]), g
        for key, prop in (("event", "kg:eventName"), ("role", "kg:role"), ("reason", "kg:reason")):
            if p.get(key):
                yield st, _q(prop), _zh(p[key]) if key != "role" else Lit(p[key]), g
        if "score" in p:
            yield st, _q("kg:score"), Lit(p["score"], datatype=NS["xsd"] + "decimal"), g


# ------------------------------------------------------------------ engines
def to_rdflib(quads_: Iterator[Quad]):
    """An rdflib Dataset (for serialisation and SHACL)."""
    from rdflib import Dataset, Literal, URIRef

    ds = Dataset()
    for prefix, ns in NS.items():
        ds.bind(prefix, ns)

    def term(t):
        if isinstance(t, IRI):
            return URIRef(t.value)
        return Literal(t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype else None)

    for s, p, o, g in quads_:
        ctx = ds.graph(URIRef(g.value)) if g is not None else ds.default_graph
        ctx.add((term(s), term(p), term(o)))
    return ds


def to_oxigraph(quads_: Iterator[Quad], store=None):
    """A pyoxigraph Store (for SPARQL on millions of triples)."""
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    default = ox.DefaultGraph()

    def term(t):
        if isinstance(t, IRI):
            return ox.NamedNode(t.value)
        if t.lang:
            return ox.Literal(str(t.value), language=t.lang)
        if t.datatype:
            return ox.Literal(str(t.value), datatype=ox.NamedNode(t.datatype))
        return ox.Literal(str(t.value))

    store.bulk_extend(ox.Quad(term(s), term(p), term(o), ox.NamedNode(g.value) if g is not None else default)
                      for s, p, o, g in quads_)
    return store


def jsonld_context() -> dict:
    return {"@context": {**NS, "@language": "zh"}}


def _sorted_json(obj):
    """JSON-LD with its arrays in a fixed order (rdflib emits them in hash order)."""
    if isinstance(obj, dict):
        return {k: _sorted_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        items = [_sorted_json(v) for v in obj]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return obj


def graph_of(triples):
    """An rdflib Graph with the project's prefixes bound, holding `triples`."""
    from rdflib import Graph

    g = Graph()
    for prefix, ns in NS.items():
        g.bind(prefix, ns)
    for t in triples:
        g.add(t)
    return g


def union_graph(ds):
    """One graph of every triple of a dataset: its default graph and all named graphs."""
    return graph_of((s, p, o) for s, p, o, _ in ds.quads((None, None, None, None)))


def _trig(ds) -> str:
    """TriG written graph by graph, in IRI order, each graph's body by the Turtle serialiser."""
    prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in NS.items())
    parts = [prefixes]
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if len(ctx) == 0:
            continue
        body = "".join(line + "\n" for line in graph_of(ctx).serialize(format="turtle").splitlines()
                       if not line.startswith("@prefix"))
        name = "" if ctx.identifier == ds.default_graph.identifier else f"<{ctx.identifier}> "
        parts.append(f"\n{name}{{\n{body.strip()}\n}}\n")
    return "".join(parts)


def serialise(nodes: list[dict], edges: list[dict], fmt: str, base: str = DEFAULT_BASE) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    ds = to_rdflib(quads(nodes, edges, base))
    if fmt in ("ttl", "nt"):  # one graph: the union of the default and the document graphs
        data = union_graph(ds).serialize(format=FORMATS[fmt])
    elif fmt == "jsonld":
        data = ds.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True)
        data = json.dumps(_sorted_json(json.loads(data)), ensure_ascii=False, indent=2, sort_keys=True)
    elif fmt == "trig":
        data = _trig(ds)
    else:
        data = ds.serialize(format=FORMATS[fmt])
    data = data.decode("utf-8") if isinstance(data, bytes) else data
    if fmt in ("nt", "nquads"):  # line formats: sorted, so that output is byte-identical run after run
        data = "".join(sorted(line + "\n" for line in data.splitlines() if line.strip()))
    return data.encode("utf-8")
