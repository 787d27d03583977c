"""Canonical names of mentions within one document: locality qualification and clean-up."""

from __future__ import annotations

import functools
import re

from kg.extract import patterns as P
from kg.extract.mentions import strip_quotes
from kg.ingest import gazetteer
from kg.ingest.gazetteer import Place
from kg.resources import grammar

_ORDINAL_PARENS = re.compile(r"[(（](第[^()（）]{1,4}[场次期])[)）]")


@functools.cache
def _longest_first(section: str, key: str) -> tuple[str, ...]:
    """A word list of the grammar, longest words first: sorted once, asked for per mention."""
    return tuple(sorted(grammar()[section][key], key=len, reverse=True))


def levels() -> tuple[str, ...]:
    return _longest_first("organ", "levels")


def organ_name(surface: str, place: Place | None) -> tuple[str, bool]:
    """(canonical name, qualified?). 市委宣传部 in a 盘锦市 document is 盘锦市委宣传部."""
    name = surface
    for prefix in grammar()["organ"]["drop_prefixes"]:
        if name.startswith(prefix):
            name = name[len(prefix):]
    m = P.place().match(name)
    if m:
        if name[m.end():] == "委员会":  # 中共内蒙古自治区委员会 is the party committee, 内蒙古自治区党委
            return gazetteer.by_surface()[m.group()][0].party_committee, True
        return name, True
    if place is None:
        return name, False
    for level in levels():
        if name.startswith(level):
            for anc in gazetteer.lineage(place):
                if qualified := anc.organ_name(level, name[len(level):]):
                    return qualified, True
            return name, False
    return name, False


def organ_level(name: str) -> str | None:
    m = P.place().match(name)
    if m:
        places = gazetteer.by_surface().get(m.group(), ())
        if places:
            return places[0].level if places[0].level != "county" else "county"
    for level, tag in (("自治区", "provincial"), ("省", "provincial"), ("市", "city"), ("县", "county"),
                       ("区", "county"), ("镇", "township"), ("乡", "township"), ("街道", "township")):
        if name.startswith(level):
            return tag
    return None


@functools.lru_cache(maxsize=65536)
def event_name(surface: str) -> str:
    """Cached: asked for several times for each event a document mentions."""
    return _ORDINAL_PARENS.sub(r"\1", strip_quotes(surface))


def campaign_name(surface: str) -> str:
    name = strip_quotes(surface)
    for verb in _longest_first("campaign", "strip_verbs"):
        if name.startswith(verb) and len(name) - len(verb) >= 4:
            return name[len(verb):]
    return name


def _strip_generic_tail(name: str, tails: tuple[str, ...]) -> str:
    """`name` less the first of `tails` (longest first) it ends with, if two characters remain."""
    for tail in tails:
        if name.endswith(tail) and len(name) - len(tail) >= 2:
            return name[: -len(tail)]
    return name


def campaign_key(name: str) -> str:
    """作风建设年活动 and 作风建设年 compare equal."""
    return _strip_generic_tail(name, _longest_first("campaign", "generic_tails"))


def slogan_key(name: str) -> str:
    """第一议题 and 第一议题制度, 7·9重要讲话 and 7·9重要讲话精神 compare equal."""
    return _strip_generic_tail(name, _longest_first("slogan", "generic_tails"))
