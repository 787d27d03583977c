"""Posts as a grammar: a chain of `organ title` posts written before a name (or after it, in a
name-first roster), read into one post per body.

- The body carries over: 市委常委、宣传部部长 → 市委 常委, 市委宣传部 部长; a post with no organ
  (党组书记、局长, 常委、秘书长) stays in the organ before it.
- A government title is a post in the place's people's government: 市委副书记、市长 → 市委 副书记,
  市人民政府 市长; 自治区常务副主席 → 自治区人民政府.
- 党组 posts sit on the body: 市商务局党组书记 → 市商务局 党组书记.
- 原/前任 before a chain mark its posts former; 候选人 after a title marks a candidacy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kg.extract import patterns as P
from kg.ingest import gazetteer
from kg.resources import grammar

CJK = P.CJK
_OPEN_AFTER = "、,，"   # after these a unit outside the closed list may begin anywhere (open_unit)


@dataclass
class Post:
    title: str
    organ: str | None     # the organ's name as the chain implies it (市委办公室 for 办公室 after 市委)
    start: int            # where the organ is written; the title, where the organ is only implied
    end: int
    status: str | None = None   # "former", "candidate" or None (held at the document's date)
    implied: bool = False       # the organ is not written as such (办公室 → 市委办公室, 市长 → 市人民政府)

    def as_dict(self) -> dict:
        return {"title": self.title, "organ": [self.start, self.end, self.organ], "status": self.status,
                "implied": self.implied}


@functools.cache
def government_titles() -> dict[str, str]:
    return {title: row[0] for row in grammar()["official"]["government_titles"] for title in row[1:]}


@functools.cache
def open_unit() -> str:
    """A unit outside the closed list, ended by an organ suffix (科学技术局, 人权事务局宣传处)."""
    suffixes = P.alternation(grammar()["official"]["open_unit_suffixes"])
    return rf"(?:(?!{P.title()})[{CJK}]{{1,8}}?{suffixes})"


@functools.cache
def _organ() -> str:
    """What a post's organ may be inside a chain: a known or grammatical organ with open sub-units,
    a place or level alone before a government title, a level with an open unit, a bare unit."""
    g = grammar()["organ"]
    level, units = P.alternation(g["levels"]), P.alternation(g["units"])
    gov = P.alternation(government_titles())
    place = rf"(?:{P.place_re()})(?:{level})?"
    return (rf"(?:(?:{P.known_organ().pattern}|{P.organ().pattern})(?:{open_unit()}(?={P.title()}|{open_unit()}))*"
            rf"|(?:{place}|{level})(?={gov})"
            rf"|(?:{place}|(?<![{CJK}]){level}|(?<=[{_OPEN_AFTER}]){level}){open_unit()}(?={P.title()})"
            rf"|(?:{units})"
            rf"|(?<=[{_OPEN_AFTER}]){open_unit()}(?={P.title()}))")


@functools.cache
def post() -> re.Pattern:
    """One post: [organ] title (or a unit fused with its title, 宣传部长) [candidate mark]."""
    g = grammar()["official"]
    fused = P.alternation(g["unit_titles"])
    cand = P.alternation(g["candidate_marks"])
    return re.compile(rf"(?P<organ>{_organ()})?(?:(?P<fused>{fused})|(?P<title>{P.title()}))(?P<cand>{cand})?")


_SEPARATORS = ("、", "兼", ",", "，")   # between the posts of a chain


@dataclass(frozen=True)
class Chain:
    """One or more posts joined by 、 , ， or 兼 (text[posts_start:end]), after an optional 原
    (former) from start."""
    start: int
    posts_start: int
    end: int
    text: str   # the chain as written, former mark included

    @property
    def former(self) -> bool:
        return self.posts_start > self.start


def chain_at(text: str, i: int, starts: set[int] | None = None) -> Chain | None:
    """The chain that begins at i, read one post() at a time: what `(former)?post(sep?post)*`
    would match, without a pattern holding the whole post grammar twice over.

    `starts` are where a post can begin other than after 、,， (an anchor of the post grammar, or
    a unit): a chain is not tried further where none begins."""
    if starts is None:
        starts = post_starts(text)
    for s in [i + len(f) for f in _former_marks() if text.startswith(f, i)] + [i]:
        listed = _listed_bodies(text, s)
        if m := post().match(text, listed[-1].end() if listed else s):
            break
    else:
        return None
    end = m.end()
    while True:
        nxt = None
        if text.startswith(_SEPARATORS, end) and (text[end] in _OPEN_AFTER or end + 1 in starts):
            nxt = post().match(text, end + 1)
        if nxt is None and end in starts:
            nxt = post().match(text, end)
        if nxt is None:
            return Chain(i, s, end, text[i:end])
        end = nxt.end()


@functools.cache
def _listed_body() -> re.Pattern:
    """A body listed before another that names the title they share: 市委办公室、(市政府办公室主任)."""
    return re.compile(rf"(?P<organ>{P.known_organ().pattern}|{P.organ().pattern})、")


@functools.cache
def _body_endings() -> tuple[str, ...]:
    """What a listed body ends with: an organ's ending, or a name of the knowledge base."""
    return tuple(sorted({*P.organ_endings(), *P._kb_organ_forms()}))


@functools.cache
def _former_marks() -> tuple[str, ...]:
    return tuple(sorted(grammar()["official"]["former_marks"], key=len, reverse=True))


def _listed_bodies(text: str, i: int, end: int | None = None) -> list[re.Match]:
    """The bodies listed at i before the post whose title they share, if that post names its body
    (市委办公室、市政府办公室主任); else none."""
    found, j, end = [], i, len(text) if end is None else end
    # A body is written without 、, so a listed one ends at the next 、, with a body's ending.
    while (k := text.find("、", j, end)) > j and text.endswith(_body_endings(), j, k) \
            and (b := _listed_body().match(text, j, end)):
        found.append(b)
        j = b.end()
    if found and not ((m := post().match(text, j)) and m.group("organ")):
        return []
    return found


def post_starts(text: str) -> set[int]:
    return set(P.anchors().starts(text, "post")) | set(P.anchors().starts(text, "unit"))


def chains(text: str, starts: list[int]) -> Iterator[Chain]:
    """The chains that begin at the given positions, in order, none overlapping another."""
    pos, can = 0, post_starts(text)
    for i in starts:
        if i >= pos and (c := chain_at(text, i, can)):
            yield c
            pos = c.end


def _bare_open_unit(organ: str) -> bool:
    """A unit outside the closed list, written with no body, place or level (改革办)."""
    return bool(re.fullmatch(open_unit(), organ)) and not _place_or_level().match(organ).group() \
        and not P.known_organ().match(organ) and not P.organ().fullmatch(organ) \
        and not organ.startswith(tuple(grammar()["organ"]["national_prefixes"]))


def _body_of(organ: str) -> str:
    """The body a unit belongs to, for the next unit of the chain to carry over: 市委宣传部 → 市委."""
    from kg.extract.relations import parent_name

    return parent_name(organ) or organ


@functools.cache
def _place_or_level() -> re.Pattern:
    return re.compile(rf"(?:{P.place_re()})?(?:{P.alternation(grammar()['organ']['levels'])})?")


def _government(organ: str | None, title: str, body: str | None) -> str | None:
    """The people's government a government title names (市长 → 市人民政府), or None."""
    level = government_titles().get(title)
    if level is None:
        return None
    if organ and organ.endswith("政府"):
        return organ
    place = organ or ""
    if not _place_or_level().fullmatch(place):
        return None          # 市政协主席: a title of another body
    if level == "自治区" and "自治区" not in place + (body or ""):
        return None          # 主席 is a government title in an autonomous region only
    if not place and body and (m := P.place().match(body)):
        if body[m.end():].startswith(level):
            place = body[:m.end()]   # 武定县委书记、县长: the county of the committee before
        elif m.group().endswith(level):
            place = m.group()
    if not place:
        place = level
    elif not place.endswith(level):
        # 广州市长 → 广州市: a place written short takes the official name of its level
        named = [p.name for p in gazetteer.by_surface().get(place, ()) if p.name.endswith(level)]
        place = named[0] if named else place if P.place().fullmatch(place) else place + level
    return place + grammar()["official"]["government_body"]


def parse(text: str, start: int, end: int, former: bool = False) -> list[Post]:
    """The posts of the chain text[start:end].

    What the post pattern matches there depends on the chain and the one character before it
    (its lookbehinds look one back; it does not look past the chain's end): chains recur from
    document to document, so they are read once and placed."""
    before = text[start - 1:start]
    return [replace(p, start=p.start + start - len(before), end=p.end + start - len(before))
            for p in _parse(before + text[start:end], len(before), former)]


@functools.lru_cache(maxsize=16384)
def _parse(text: str, start: int, former: bool) -> tuple[Post, ...]:
    """The posts of text[start:], the chain (the one character before it is context)."""
    g = grammar()["official"]
    group = g["party_group"]
    posts: list[Post] = []
    body: str | None = None        # the last governing body named (市委, 州政府), for carry-over
    listed = _listed_bodies(text, start)                          # bodies that share the first title
    if listed:
        body = _body_of(listed[-1].group("organ"))                  # 省委宣传部、统战部部长: 省委统战部
    for m in post().finditer(text, listed[-1].end() if listed else start):
        organ, title = m.group("organ"), m.group("title")
        s, e = m.span("organ") if organ else m.span("fused" if m.group("fused") else "title")
        implied = False
        if m.group("fused"):       # 宣传部长 = 宣传部 部长
            organ, title = (organ or "") + m.group("fused")[:-1], "部长"
            e = m.end("fused") - 1
        if organ and body and (P.units().fullmatch(organ) or _bare_open_unit(organ)):
            organ, implied = body + organ, True          # 办公室, 改革办 after 市委 → 市委办公室, 市委改革办
        if gov := _government(organ, title, body):
            organ, implied = gov, implied or gov != m.group("organ")
        elif organ is None and title in g["own_body_titles"]:   # 国务委员 → 国务院
            organ, implied = g["own_body_titles"][title], True
        elif organ is None and posts and title not in g["bodiless_titles"]:   # 党组书记、局长: the same organ
            organ, s, e, implied = posts[-1].organ, posts[-1].start, posts[-1].end, posts[-1].implied
        if organ and organ.endswith(group) and title in g["party_group_titles"]:
            organ, title, e = organ[: -len(group)], group + title, e - len(group)
        status = "former" if former else ("candidate" if m.group("cand") else None)
        posts.extend(Post(title, b.group("organ"), b.start(), b.end("organ"), status, False) for b in listed)
        listed = []
        posts.append(Post(title, organ, s, e, status, implied))
        if organ and not organ.endswith(g["government_body"]):
            body = _body_of(organ)
    return tuple(posts)
