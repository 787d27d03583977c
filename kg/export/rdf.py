"""The graph as RDF on standard vocabularies (W3C ORG, FOAF, schema.org, SKOS, PROV-O).

Every extracted relation becomes an n-ary statement node that carries its provenance (the
document it was derived from, the evidence sentence and its offsets, the date) and, beside it,
a direct shortcut property so that simple queries stay simple. Triples drawn from a document
go into that document's named graph (N-Quads, TriG); entity descriptions into the default graph.
Terms are produced once, engine-neutral, and converted for pyoxigraph (files, streamed; SPARQL)
or rdflib (SHACL).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

from kg.export.xmltext import xml_safe

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
# the names users give a format → its canonical name; and a file's extension → the format
FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
           "json-ld": "json-ld", "jsonld": "json-ld", "nquads": "nquads", "n-quads": "nquads", "nq": "nquads",
           "trig": "trig", "xml": "xml", "rdf/xml": "xml", "rdfxml": "xml"}
EXTENSIONS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads",
              ".nquads": "nquads", ".trig": "trig", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
DATASET_FORMATS = ("nquads", "trig")  # a named graph per document; the others hold the union in one graph


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


def _graph(base: str, doc_id: str | None) -> IRI | None:
    """The named graph of a document's statements (document ids are `doc:…`)."""
    if not doc_id or not doc_id.startswith("doc:"):
        return None
    return IRI(base + "graph/" + quote(doc_id.partition(":")[2], safe=""))


def quads(nodes: Iterable[dict], edges: Iterable[dict], base: str = DEFAULT_BASE) -> Iterator[Quad]:
    """The quads of a build, node by node then edge by edge: nodes and edges may be streams."""
    roles = set()  # role IRIs described already (few: one per distinct title)
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
            yield src, _q("kg:mentionedIn"), dst, _graph(base, e["target"])
            continue
        cls, subj, obj, shortcut = STATEMENTS[e["type"]]
        p = e["props"]
        g = _graph(base, p.get("doc"))
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
                if role not in roles:
                    roles.add(role)
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


def base_error(base: str) -> str | None:
    """Why `base` cannot prefix the IRIs of the export, or None if it can."""
    import pyoxigraph as ox

    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base):
        return f"--base {base!r} is not an absolute IRI (it needs a scheme, e.g. https://example.org/id/)"
    try:
        ox.NamedNode(base + "x")
    except ValueError as exc:
        return f"--base {base!r} is not a valid IRI: {exc}"
    if not base.endswith(("/", "#")):
        return f"--base {base!r} must end with / or #, so that node IRIs are {base}…"
    return None


def format_for(fmt: str | None, path: str | Path | None = None) -> str:
    """The canonical format: the one named (any of FORMATS), else the one the file's extension
    says, else Turtle."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return FORMATS[fmt.lower()]
    return EXTENSIONS.get(Path(path).suffix.lower(), "turtle") if path else "turtle"


class _LineBreaksEscaped:
    """A binary writer that escapes U+0085, U+2028 and U+2029 as \\uXXXX: legal in every
    Turtle-family and JSON string, and no reader that splits lines on them (str.splitlines,
    JavaScript) can break a statement. The serialiser escapes the other control characters."""

    TABLE = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}

    def __init__(self, fh: IO[bytes]):
        self.fh, self.decoder = fh, codecs.getincrementaldecoder("utf-8")()

    def write(self, data) -> int:
        self.fh.write(self.decoder.decode(bytes(data)).translate(self.TABLE).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.fh.write(self.decoder.decode(b"", final=True).encode("utf-8"))
        self.fh.flush()


def write(nodes: Iterable[dict], edges: Iterable[dict], fmt: str, out: IO[bytes],
          base: str = DEFAULT_BASE) -> None:
    """Serialise a build to `out` as it is read: pyoxigraph writes each statement as it comes,
    so memory stays bounded by a record, not by the graph. Output is byte-identical for the
    same build (statements in build order)."""
    import pyoxigraph as ox

    fmt = format_for(fmt)
    text = xml_safe if fmt == "xml" else str
    terms: dict[IRI, ox.NamedNode] = {}  # the vocabulary, converted once

    def term(t):
        if isinstance(t, IRI):
            if t.value.startswith(tuple(NS.values())):
                return terms.get(t) or terms.setdefault(t, ox.NamedNode(t.value))
            return ox.NamedNode(t.value)
        if t.lang:
            return ox.Literal(text(str(t.value)), language=t.lang)
        if t.datatype:
            return ox.Literal(text(str(t.value)), datatype=term(IRI(t.datatype)))
        return ox.Literal(text(str(t.value)))

    all_quads = quads(nodes, edges, base)
    if fmt in DATASET_FORMATS:
        default = ox.DefaultGraph()
        stream = (ox.Quad(term(s), term(p), term(o), term(g) if g is not None else default)
                  for s, p, o, g in all_quads)
    else:
        stream = (ox.Triple(term(s), term(p), term(o)) for s, p, o, _ in all_quads)
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML}[fmt]
    sink = out if fmt == "xml" else _LineBreaksEscaped(out)
    ox.serialize(stream, sink, ox_format, prefixes=NS if fmt in ("turtle", "trig", "xml") else None)
    sink.flush()


def export(build_dir: str | Path, fmt: str, path: str | Path, base: str = DEFAULT_BASE) -> None:
    """Stream a build into an RDF file, written atomically."""
    from kg.graph.io import atomic_file, iter_build

    nodes, edges = iter_build(build_dir)
    with atomic_file(Path(path)) as fh:
        write(nodes, edges, fmt, fh, base)


def serialise(nodes: Iterable[dict], edges: Iterable[dict], fmt: str, base: str = DEFAULT_BASE) -> bytes:
    import io

    buf = io.BytesIO()
    write(nodes, edges, fmt, buf, base)
    return buf.getvalue()
