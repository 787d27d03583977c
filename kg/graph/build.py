"""From documents to the graph: the per-document stage and the merge of its records."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import orjson

from kg.curation import Curation
from kg.curation import aliases as curated_names
from kg.curation import apply as apply_curation
from kg.extract.mentions import Mention
from kg.extract.pipeline import build_nlp
from kg.extract.relations import RelationExtractor
from kg.graph.io import AppendOnlyFile, dumpb
from kg.graph.model import edge_id, node_id
from kg.ingest.document import Document
from kg.link.corpus import OfficialEvidence, link_officials, link_similar
from kg.link.document import DocumentLinker

ENTITY_LABELS = ("Official", "Organ", "Campaign", "Slogan", "Event", "PolicyDocument")
RELATION_TYPES = ("HOLDS_POSITION", "REPORTED", "SPOKE_AT", "PART_OF", "LEADS", "ISSUED")
EDGE_TYPES = RELATION_TYPES + ("MENTIONED_IN", "SAME_AS_CANDIDATE")


def process(doc: Document) -> dict:
    """The per-document stage (extract + in-document linking): a plain record, picklable and
    JSON-serialisable, that holds everything the reduce step needs (evidence included)."""
    linker = DocumentLinker(doc)
    resolved = linker.resolve(mentions_of(doc.text))
    extractor = RelationExtractor(linker, resolved)
    relations = extractor.run()
    entities = {}
    for ent in linker.entities.values():
        entities[ent.key] = {"key": ent.key, "label": ent.label, "name": ent.name,
                             "aliases": sorted(ent.aliases), "props": ent.props}
    mentions = defaultdict(set)
    for r in resolved + extractor.implied:
        mentions[r.entity.key].add((r.mention.start, r.mention.end))
    return {
        "document": {"id": linker.doc_id, "file": doc.file, "title": doc.title, "date": doc.date,
                     "locality": doc.locality, "source": doc.source, "url": doc.url},
        "entities": list(entities.values()),
        "mentions": [{"key": k, "spans": sorted(v)} for k, v in mentions.items()],
        "relations": [{"type": r.type, "head": r.head.key, "tail": r.tail.key, "start": r.start,
                       "end": r.end, "evidence": doc.text[r.start:r.end], "props": r.props} for r in relations],
    }


PIECE = 200_000  # characters through spaCy at a time (its nlp.max_length is 1,000,000)


def mentions_of(text: str, piece: int = PIECE) -> list[Mention]:
    """The mentions of a text of any length, found a piece at a time: memory bounded by a piece,
    offsets into the whole text. A piece ends at a line break where it can (no mention crosses one)."""
    nlp = build_nlp()
    found: list[Mention] = []
    for start, end in pieces(text, piece):
        with _ZONE_LOCK:   # threads of one process (a Dask worker's) share the pipeline and its zone
            _ZONE.enter(nlp)
            mentions = nlp(text[start:end])._.kg_mentions
        found += mentions if not start else [_shifted(m, start) for m in mentions]
    return found


class _RollingZone:
    """A spaCy memory zone renewed every `size` pieces: the texts the Docs interned are let go
    with it. Only mentions (plain objects) outlive a Doc; a zone per document would cost more
    than the document's own Doc."""

    def __init__(self, size: int = 256):
        self.size, self.used, self.zone, self.nlp = size, 0, None, None

    def enter(self, nlp) -> None:
        if self.zone is None or self.used >= self.size or self.nlp is not nlp:
            if self.zone is not None:
                self.zone.__exit__(None, None, None)
            self.zone, self.nlp, self.used = nlp.memory_zone(), nlp, 0
            self.zone.__enter__()
        self.used += 1


_ZONE = _RollingZone()
_ZONE_LOCK = threading.Lock()


def pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most `size` characters covering `text`: each ends
    after the last line break in its second half, else after the last 。, else at `size`."""
    start = 0
    while len(text) - start > size:
        lo, hi = start + size // 2, start + size
        cut = text.rfind("\n", lo, hi)
        if cut < 0:
            cut = text.rfind("。", lo, hi)
        end = cut + 1 if cut >= 0 else hi
        yield start, end
        start = end
    yield start, len(text)


def _shifted(m: Mention, by: int) -> Mention:
    """A mention found in a piece, its offsets (and those in its attributes) moved into the text."""
    attrs = dict(m.attrs)
    if "chain" in attrs:
        attrs["chain"] = tuple(x + by for x in attrs["chain"])
    if "posts" in attrs:
        attrs["posts"] = [{**p, "organ": [p["organ"][0] + by, p["organ"][1] + by, p["organ"][2]]}
                          for p in attrs["posts"]]
    return replace(m, start=m.start + by, end=m.end + by, attrs=attrs)


def _campaign_name(variants: set[str]) -> str:
    """Of a campaign's names, the one with its own generic word (活动/行动) and not 工作."""
    return sorted(variants, key=lambda n: (n.endswith("工作"), not n.endswith(("活动", "行动")), -len(n), n))[0]


class Contribution(NamedTuple):
    """One record as the merge takes it: ids hashed and each edge's line of edges.jsonl rendered
    beforehand, in the worker that made the record, so that the merge (one process) stays cheap."""
    doc_id: str
    document: dict         # the Document node
    entities: list[tuple]  # (node id, label, name, aliases, props)
    edges: list[tuple]     # (edge id, type, source, target, title, start, end, line of edges.jsonl, post)


def contribution(record: dict) -> Contribution:
    d = record["document"]
    doc_id = d["id"]
    document = {"id": doc_id, "label": "Document", "name": d["title"], "aliases": [],
                "props": {k: d[k] for k in ("file", "title", "date", "locality", "source", "url")}}
    ids, entities, edges = {}, [], []
    for ent in record["entities"]:
        nid = ids[tuple(ent["key"])] = node_id(ent["label"], tuple(ent["key"]))
        entities.append((nid, ent["label"], ent["name"], ent["aliases"], ent["props"]))
    for m in record["mentions"]:
        nid = ids[tuple(m["key"])]
        eid = edge_id("MENTIONED_IN", nid, doc_id)
        props = {"count": len(m["spans"]), "spans": m["spans"]}
        edges.append((eid, "MENTIONED_IN", nid, doc_id, None, 0, 0,
                      edge_line(eid, "MENTIONED_IN", nid, doc_id, dumpb(props)), None))
    for rel in record["relations"]:
        src, dst = ids[tuple(rel["head"])], ids[tuple(rel["tail"])]
        title = rel["props"].get("title")
        props = {"doc": doc_id, "evidence": rel["evidence"], "start": rel["start"],
                 "end": rel["end"], "date": d["date"], **rel["props"]}
        if rel["type"] == "HOLDS_POSITION" and d["date"]:
            props.setdefault("as_of", d["date"])  # the document's date: when the post was held
        # A post tells cross-document linking the organ (if not scoped to one document) and title.
        post = (dst if len(rel["tail"]) == 2 else None, title) if rel["type"] == "HOLDS_POSITION" else None
        eid = edge_id(rel["type"], src, dst, doc_id, title)
        edges.append((eid, rel["type"], src, dst, title, rel["start"], rel["end"],
                      edge_line(eid, rel["type"], src, dst, dumpb(props)), post))
    return Contribution(doc_id, document, entities, edges)


@dataclass
class GraphBuilder:
    """The reduce step: records of many documents merged into one graph.

    The result does not depend on the order in which records are added: where documents
    disagree (a display name, a property), the document with the smallest id decides.
    """
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    names: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    officials: dict[str, OfficialEvidence] = field(default_factory=dict)
    origin: dict[tuple, str] = field(default_factory=dict)  # (node id, field) → deciding document
    store: AppendOnlyFile = field(default_factory=AppendOnlyFile)  # edges as lines of edges.jsonl
    curation: Curation | None = None  # an analyst's decisions, applied when the graph is finished

    def add(self, record: dict) -> None:
        self.merge(contribution(record))

    def merge(self, c: Contribution) -> None:
        doc_id = c.doc_id
        self.nodes[doc_id] = c.document
        for nid, label, name, aliases, props in c.entities:
            node = self.nodes.get(nid)
            if node is None:
                node = self.nodes[nid] = {"id": nid, "label": label, "name": name, "aliases": set(), "props": {}}
            if self._decides(nid, "name", doc_id):
                node["name"] = name
            self.names[nid].add(name)
            node["aliases"].update(aliases)
            for k, v in props.items():
                if v is not None and self._decides(nid, k, doc_id):
                    node["props"][k] = v
            if label == "Official" and not props.get("kb"):
                facts = self.officials.setdefault(
                    nid, OfficialEvidence(name, props.get("locality"), props.get("province")))
                facts.docs.add(doc_id)
        for eid, type_, src, dst, title, start, end, line, post in c.edges:
            self.edges[eid] = Edge(type_, src, dst, doc_id, title, start, end, self.store.append(line))
            if post and src in self.officials:
                organ, post_title = post
                if organ:
                    self.officials[src].organs.add(organ)
                if post_title:
                    self.officials[src].titles.add(post_title)

    def _decides(self, nid: str, field_: str, doc_id: str) -> bool:
        """Whether this document sets the field: none has yet, or it comes before the one that did."""
        current = self.origin.get((nid, field_))
        if current is None or doc_id < current:
            self.origin[(nid, field_)] = doc_id
            return True
        return False

    def finish(self, materialise: bool = True):
        """(nodes, edges), both sorted by id. With materialise=False the edges come as a generator
        of JSON lines, read one at a time from the store, for graphs of millions of edges."""
        remap, candidates = link_officials(self.officials)
        names = {"Slogan": {}, "Campaign": {}}   # of the nodes whose formulations may be spelled two ways
        for n in self.nodes.values():
            if n["label"] in names:
                names[n["label"]][n["id"]] = n["name"]
        for label in ("Slogan", "Campaign"):
            remap.update(link_similar(names[label]))
        remap = {nid: head for nid, head in remap.items() if nid != head}
        notes, curated_aliases = {}, {}
        if self.curation is not None:
            remap, candidates, notes = apply_curation(self.curation, remap, candidates, set(self.nodes))
            curated_aliases = curated_names(self.curation, remap)
        nodes = self._merge_nodes(remap)
        for nid, lines in notes.items():
            nodes[nid]["props"]["curation"] = lines
        self._remap_edges(remap)
        for c in candidates:
            eid = edge_id("SAME_AS_CANDIDATE", c["source"], c["target"])
            props = dumpb({"score": c["score"], "reason": c["reason"]})
            self.edges[eid] = Edge("SAME_AS_CANDIDATE", c["source"], c["target"], "", None, 0, 0,
                                   self.store.append(edge_line(eid, "SAME_AS_CANDIDATE", c["source"], c["target"], props)))
        for nid, node in nodes.items():
            if node["label"] == "Campaign" and len(self.names[nid]) > 1:
                node["name"] = _campaign_name(self.names[nid])
            names = set(node["aliases"]) | self.names.get(nid, set()) | curated_aliases.get(nid, set())
            node["aliases"] = sorted(names - {node["name"]})
        edges = self.store.read_all(self.edges[eid].line for eid in sorted(self.edges))
        return (sorted(nodes.values(), key=lambda n: n["id"]),
                [orjson.loads(line) for line in edges] if materialise else edges)

    def edge_counts(self) -> Counter:
        return Counter(e.type for e in self.edges.values())

    def _merge_nodes(self, remap: dict[str, str]) -> dict[str, dict]:
        nodes = {}
        for nid in sorted(self.nodes, key=lambda i: (remap.get(i, i) != i, i)):
            node, head = self.nodes[nid], remap.get(nid, nid)
            if head == nid:
                nodes[nid] = {**node, "props": dict(node["props"])}
                continue
            into = nodes[head]
            into["aliases"] = sorted(set(into["aliases"]) | set(node["aliases"]))
            self.names[head] |= self.names.pop(nid, set())
            for k, v in node["props"].items():
                into["props"].setdefault(k, v)
        return nodes

    def _remap_edges(self, remap: dict[str, str]) -> None:
        """Edges re-pointed at merged nodes, in place; their ids follow, duplicates fold into one."""
        moved = [(eid, e) for eid, e in self.edges.items() if e.source in remap or e.target in remap]
        for eid, _ in moved:  # all out first: a new id may be the old id of another moved edge
            del self.edges[eid]
        for eid, e in sorted(moved, key=lambda pair: pair[0]):
            src, dst = remap.get(e.source, e.source), remap.get(e.target, e.target)
            if e.type != "MENTIONED_IN" and src == dst:
                continue
            if e.type == "MENTIONED_IN":
                new_id = edge_id("MENTIONED_IN", src, dst)
            else:
                new_id = edge_id(e.type, src, dst, e.doc, e.title)
            props = line_props(self.store.read(e.line))
            old = self.edges.get(new_id)
            if old is not None and e.type == "MENTIONED_IN":
                spans = sorted(orjson.loads(line_props(self.store.read(old.line)))["spans"]
                               + orjson.loads(props)["spans"])
                props = dumpb({"count": len(spans), "spans": spans})
            elif old is not None and (old.start, old.end) <= (e.start, e.end):
                continue
            line = self.store.append(edge_line(new_id, e.type, src, dst, props))
            self.edges[new_id] = Edge(e.type, src, dst, e.doc, e.title, e.start, e.end, line)


@dataclass(slots=True)
class Edge:
    """An edge as the reduce keeps it: what linking needs as fields, its line in the store."""
    type: str
    source: str
    target: str
    doc: str
    title: str | None
    start: int
    end: int
    line: tuple[int, int]  # where its line of edges.jsonl lies in the store


def edge_line(eid: str, type_: str, source: str, target: str, props: bytes) -> bytes:
    """The edge's line of edges.jsonl: what dumpb gives for the edge, from its properties' JSON."""
    return b'{"id":%s,"props":%s,"source":%s,"target":%s,"type":%s}\n' % (
        dumpb(eid), props, dumpb(source), dumpb(target), dumpb(type_))


def line_props(line: bytes) -> bytes:
    """The properties' JSON inside an edge line (ids hold no quotes; no property is called source)."""
    return line[line.index(b',"props":') + 9:line.rindex(b',"source":')]
