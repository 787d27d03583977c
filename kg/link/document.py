"""In-document linking: every mention resolved to one entity of the document.

Organs are qualified by the document's locality, abbreviations (市直机关工委, 宣传部) resolved
to the full name used nearby, surname + title (朱书记) to the official, 总书记 to the leader.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.extract import patterns as P
from kg.extract.anchors import finditer_at
from kg.extract.mentions import Mention, strip_quotes
from kg.ingest import gazetteer
from kg.ingest.document import Document
from kg.ingest.normalise import normalise_name
from kg.link import names
from kg.link.kb import knowledge_base
from kg.resources import grammar


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` begins in `text`, left to right, without overlaps: what
    re.finditer(re.escape(word), text) finds, with no pattern compiled for each name."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + (len(word) or 1))


@dataclass
class Entity:
    key: tuple
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    props: dict = field(default_factory=dict)


@dataclass
class Resolved:
    mention: Mention
    entity: Entity


class DocumentLinker:
    def __init__(self, doc: Document):
        self.doc = doc
        code = doc.meta.get("locality_code")
        self.place = gazetteer.places().get(code) if code else None
        self.doc_id = doc.id  # a hash of the text: taken once
        self.scope = doc.locality or self.doc_id
        self.entities: dict[tuple, Entity] = {}

    # ------------------------------------------------------------ entities
    def entity(self, key: tuple, label: str, name: str, surface: str | None = None, **props) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key, label, name, props=dict(props))
        if surface and normalise_name(surface) != normalise_name(ent.name):
            ent.aliases.add(strip_quotes(surface))
        return ent

    def organ(self, surface: str) -> Entity:
        kb = knowledge_base().lookup("Organ", surface)
        if kb:
            return self.entity(("Organ", kb.name), "Organ", kb.name, surface, level=kb.props.get("level"), kb=True)
        name, qualified = names.organ_name(surface, self.place)
        gov = grammar()["official"]["government_body"]
        if name.endswith(gov) and (written := self._written_form(name[: -len(gov)] + "政府")):
            return written
        local = not qualified and any(name.startswith(lv) for lv in grammar()["organ"]["levels"])
        key = ("Organ", name, self.doc_id) if local else ("Organ", name)
        # The locality is the place the qualified name begins with: 省委 in a 诸城 page is 山东省委, of 山东省.
        m = P.place().match(name) if qualified else None
        locality = gazetteer.by_surface()[m.group()][0].name if m else None  # 遵义 → 遵义市
        return self.entity(key, "Organ", name, surface, level=names.organ_level(name), locality=locality)

    def _written_form(self, name: str) -> Entity | None:
        return next((e for k, e in self.entities.items() if k[0] == "Organ" and k[1] == name), None)

    def official(self, name: str, surface: str) -> Entity:
        kb = knowledge_base().lookup("Official", name)
        if kb:
            return self.entity(("Official", kb.name), "Official", kb.name, surface, kb=True)
        province = gazetteer.lineage(self.place)[-1].name if self.place else None
        return self.entity(("Official", name, self.scope), "Official", name, surface,
                           locality=self.doc.locality, province=province)

    def simple(self, label: str, surface: str) -> Entity:
        known = knowledge_base().labels(strip_quotes(surface))
        kb = known.get(label)
        if kb is None:
            # A quoted “两学一做” is found as a formula; the knowledge base knows it as a campaign.
            for other in ("Campaign", "Slogan", "PolicyDocument", "Event"):
                if other != label and (kb := known.get(other)):
                    label = other
                    break
        if label == "Campaign":
            name = kb.name if kb else names.campaign_name(surface)
            kb = kb or knowledge_base().lookup(label, name)
            name = kb.name if kb else name
            return self.entity((label, normalise_name(names.campaign_key(name))), label, name, surface,
                               **({"kb": True} if kb else {}))
        if kb:
            return self.entity((label, normalise_name(kb.name)), label, kb.name, surface, kb=True)
        if label == "Event":
            name = names.event_name(surface)
            return self.entity((label, normalise_name(name), self.scope), label, name, surface)
        name = strip_quotes(surface)
        key = names.slogan_key(name) if label == "Slogan" else name
        return self.entity((label, normalise_name(key)), label, name, surface)

    # ------------------------------------------------------------ resolution
    def resolve(self, mentions: list[Mention]) -> list[Resolved]:
        out: list[Resolved] = []
        organs = [m for m in mentions if m.label == "Organ" and not m.attrs.get("bare")]
        surfaces = sorted({self._core(m.attrs.get("name") or m.text) for m in organs}, key=lambda s: (-len(s), s))
        events = [m for m in mentions if m.label == "Event" and not m.attrs.get("generic")]
        event_names = sorted({names.event_name(m.text) for m in events}, key=lambda s: (-len(s), s))
        # Organs a post only implies come last, to take the form the text writes (市政府 for 市人民政府).
        for m in sorted(mentions, key=lambda m: m.label == "Organ" and m.attrs.get("nested", False)):
            if m.label == "Organ":
                surface = self._expand_organ(m.attrs.get("name") or m.text, m.attrs.get("bare"), surfaces)
                if surface is None:
                    continue
                out.append(Resolved(m, self.organ(surface)))
            elif m.label == "Official":
                name = m.attrs.get("kb") or m.text
                out.append(Resolved(m, self.official(name, m.text)))
            elif m.label == "Event":
                name = names.event_name(m.text)
                longer = [e for e in event_names if e != name and e.endswith(name)]
                if m.attrs.get("generic") and len(longer) != 1:
                    if named := self._convened(m, out):
                        out.append(Resolved(m, self.simple("Event", named)))
                    continue
                out.append(Resolved(m, self.simple("Event", longer[0] if len(longer) == 1 else m.text)))
            else:
                out.append(Resolved(m, self.simple(m.label, m.text)))
        out += self._official_coreference(out)
        out += self._repeated_names(out)
        return sorted(out, key=lambda r: (r.mention.start, r.mention.end, r.mention.label))

    def _convened(self, m: Mention, resolved: list[Resolved]) -> str | None:
        """A generic event named by the body that convenes it: 中共绵阳市委举行新闻发布会 →
        绵阳市委新闻发布会 (the organ as this document resolves it)."""
        text = self.doc.text
        topic = re.search(r"就(“[^”\n]{2,40}”)(?:有关情况)?举行$", text[max(0, m.start - 50):m.start])
        if topic:   # 国新办就“…”举行新闻发布会: the press conference on that theme
            return topic.group(1) + names.event_name(m.text)
        for r in reversed(resolved):
            if r.entity.label != "Organ" or r.mention.end > m.start:
                continue
            between = text[r.mention.end:m.start]
            if re.fullmatch(r"(?:在[^,，。;；\n]{1,12}?)?(?:\d{1,2}月\d{1,2}日)?(?:召开|举行|举办)了?", between):
                return r.entity.name + names.event_name(m.text)
            if m.start - r.mention.end > 30:
                break
        return None

    @staticmethod
    def _core(surface: str) -> str:
        for prefix in grammar()["organ"]["drop_prefixes"]:
            if surface.startswith(prefix):
                surface = surface[len(prefix):]
        return surface

    def _expand_organ(self, text: str, bare: bool, surfaces: list[str]) -> str | None:
        """An abbreviation becomes the full name it abbreviates in this document."""
        core = self._core(text)
        for full in surfaces:
            if full != core and full.endswith(core):
                rest = full[: -len(core)]
                if P.is_organ_name(rest) or P.place().fullmatch(rest):
                    return full
        # 县人民政府 in a page that names one county (武定县委): that county's, as its 县委 is.
        level = next((lv for lv in names.levels() if core.startswith(lv)), None)
        if level and not P.place().match(core) and not names.organ_name(core, self.place)[1]:
            places = {m.group() if m.group().endswith(level) else m.group() + level
                      for full in surfaces if (m := P.place().match(full))
                      and (m.group().endswith(level) or full.startswith(level, m.end()))}
            if len(places) == 1:
                return places.pop() + core[len(level):]
        if bare:
            return None
        return text

    def _repeated_names(self, resolved: list[Resolved]) -> list[Resolved]:
        """An official once named with a post is the same person wherever the name recurs alone
        (程猛强调 after 组长程猛), as long as the name stands as a name there (关键 in 关键时期 does not)."""
        from kg.extract.mentions import name_at

        text = self.doc.text
        spans = sorted((r.mention.start, r.mention.end) for r in resolved)
        starts = [s for s, _ in spans]
        out = []
        officials = {r.entity.name: r.entity for r in resolved if r.entity.label == "Official"}
        for name, ent in sorted(officials.items()):
            if len(name) < 2:
                continue
            for start in occurrences(text, name):
                end = start + len(name)
                k = bisect.bisect_right(starts, start) - 1
                if (k >= 0 and spans[k][1] > start) or (k + 1 < len(spans) and spans[k + 1][0] < end):
                    continue
                if len(name) < 4 and name_at(text, start) != name:
                    continue
                out.append(Resolved(Mention("Official", start, end, name, {"repeat": True}), ent))
        return out

    def _official_coreference(self, resolved: list[Resolved]) -> list[Resolved]:
        """朱书记 → 朱雷 when one official of the document has that surname; 总书记 → 习近平."""
        text = self.doc.text
        out: list[Resolved] = []
        officials = {r.entity.name: r.entity for r in resolved if r.entity.label == "Official"}
        spans = sorted((r.mention.start, r.mention.end) for r in resolved)
        span_starts = [a for a, _ in spans]
        reach = list(itertools.accumulate((b for _, b in spans), max))   # the furthest end so far

        def inside(i: int) -> bool:   # within a span already resolved
            k = bisect.bisect_right(span_starts, i) - 1
            return k >= 0 and reach[k] > i

        # A match starts one or two characters before a title: only those positions are tried.
        starts = sorted({t - k for t in P.anchors().starts(text, "title") for k in (1, 2) if t >= k})
        for m in finditer_at(P.surname_title(), text, starts):
            sur = m.group(1)
            cands = [e for n, e in officials.items() if n.startswith(sur) and len(n) > len(sur)]
            if len(cands) == 1 and sur in P.surnames() and not inside(m.start()):
                mention = Mention("Official", m.start(), m.end(), m.group(), {"titles": [m.group(2)]})
                out.append(Resolved(mention, cands[0]))
        for title, kb in knowledge_base().titled:
            for start in occurrences(text, title):
                if inside(start):
                    continue
                ent = self.official(kb.name, title)
                out.append(Resolved(Mention("Official", start, start + len(title), title, {"kb": kb.name}), ent))
        return out

