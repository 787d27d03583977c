"""Regular expressions built from the grammar data files (kg/data/grammar.toml)."""

from __future__ import annotations

import functools
import re

from kg.ingest import gazetteer
from kg.resources import grammar, load_words

CJK = "\u4e00-\u9fff"
_DIRECT_ORGANS = ("直属机关",)   # {level}直属机关, in organ()
_DIRECT_HEADS = ("工委", "百姓宣讲团")   # what a 直 word is followed by, besides a unit, in organ()


def alternation(words) -> str:
    """A regex matching any of `words`, the longest where several match.

    Built as a trie (盘锦市, 盘锦 → 盘锦(?:市)?), so that the engine tries one branch per
    character instead of every word: thousands of place names cost little at each position.
    Built once per word list (the lists are data, asked for again in every document).
    """
    return _alternation(frozenset(words))


@functools.lru_cache(maxsize=1024)
def _alternation(words: frozenset) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")" if trie else "(?!)"


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a word ends here: the longer continuations are tried first (greedy)
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
    return body


@functools.cache
def place_re() -> str:
    forms = [f for f in gazetteer.by_surface() if len(f) >= 2]
    return alternation(forms)


@functools.cache
def place() -> re.Pattern:
    """place_re(), compiled once: the pattern is too large for re's own cache to keep."""
    return re.compile(place_re())


@functools.cache
def organ() -> re.Pattern:
    """Organ names: [中共][place][level] body {unit} | [place] 市直机关 unit | place unit."""
    g = grammar()["organ"]
    body, unit = alternation(g["bodies"]), alternation(g["units"])
    level, direct = alternation(g["levels"]), alternation(g["direct"])
    prefix = alternation(g["drop_prefixes"])
    direct_heads = "|".join(_DIRECT_HEADS)
    place = place_re()
    # A level marker alone must not continue a word (城市, 全市, 我市, 各省 are not organ prefixes).
    bare_level = rf"(?<![城都全本我该各超门集夜股上省县区乡镇街城辖盟州一两三四五六七八九十欧联同])(?:{level})"
    governed = rf"(?:(?:{place})(?:{level})?|{bare_level})(?:{body})(?:{unit})*"
    direct_units = rf"(?:(?:{place})|(?<![城都全本我该各超门集夜股上省县区]))(?:{direct}|{level}{_DIRECT_ORGANS[0]})(?:{unit}|{direct_heads})(?:{unit})*"
    placed_units = rf"(?:(?:{place})(?:{level})?|{bare_level})(?:{unit})+"
    return re.compile(rf"(?:{prefix})?(?:{governed}|{direct_units}|{placed_units})")


@functools.cache
def organ_endings() -> tuple[str, ...]:
    """What every name organ() matches ends with: a body or a unit (or a 直 word's head)."""
    g = grammar()["organ"]
    return tuple(sorted({*g["bodies"], *g["units"], *_DIRECT_HEADS}))


def is_organ_name(name: str) -> bool:
    """organ() matches the whole of `name`; tried only where it ends as every such name does."""
    return name.endswith(organ_endings()) and organ().fullmatch(name) is not None


@functools.cache
def units() -> re.Pattern:
    """One or more whole units (宣传部, 新闻办公室, 市直机关工委 …)."""
    return re.compile(rf"(?:{alternation(grammar()['organ']['units'])})+")


@functools.cache
def bodies() -> re.Pattern:
    return re.compile(alternation(grammar()["organ"]["bodies"]))


@functools.cache
def bare_unit() -> re.Pattern:
    """A unit named without its body (宣传部, 机关党委): resolved by coreference only."""
    return re.compile(alternation(grammar()["organ"]["units"]))


@functools.cache
def leading_group() -> re.Pattern:
    """市开展“作风建设年”活动领导小组办公室: a level or place, then a short purpose, then the group."""
    g = grammar()["organ"]
    level, heads = alternation(g["levels"]), alternation(g["group_heads"])
    return re.compile(rf"(?:{place_re()}|(?<![{CJK}]){level}|(?<=[采访了的和、,，。]){level})"
                      rf"[{CJK}]{{0,6}}(?:“[^”\n]{{1,16}}”)?[{CJK}]{{0,4}}?{heads}(?:办公室)?")


@functools.cache
def title() -> str:
    return alternation(grammar()["official"]["titles"])


@functools.cache
def surname_title() -> re.Pattern:
    """朱书记, 王局长: one or two characters (a surname) before a title."""
    return re.compile(rf"([{CJK}]{{1,2}}?)({title()})")


@functools.cache
def surnames() -> frozenset[str]:
    return frozenset(load_words("surnames.txt"))


@functools.cache
def not_names() -> frozenset[str]:
    return frozenset(load_words("not_names.txt"))


def _kb_organ_forms() -> list[str]:
    """Names and aliases of the knowledge base's organs (国务院, 中央纪委国家监委 …)."""
    from kg.link.kb import knowledge_base

    return [f for e in knowledge_base().entries if e.label == "Organ" for f in e.forms()]


@functools.cache
def known_organ() -> re.Pattern:
    return re.compile(alternation(_kb_organ_forms()))


@functools.cache
def quoted() -> re.Pattern:
    return re.compile(r"“([^“”\n]{1,60})”")


@functools.cache
def book_title() -> re.Pattern:
    return re.compile(r"《([^《》\n]{2,80})》")


@functools.cache
def event() -> re.Pattern:
    g = grammar()["event"]
    return re.compile(rf"{alternation(g['heads'])}(?:{g['ordinal']}|[(（]{g['ordinal']}[)）])?")


@functools.cache
def numbered() -> re.Pattern:
    g = grammar()["slogan"]
    # 一个个家庭, 一项项解决: a doubled counter counts one by one; 一个是…: the counter ends a phrase.
    return re.compile(rf"(?<![{CJK}0-9])[{g['numerals']}]{{1,2}}(?P<counter>{alternation(g['counters'])})"
                      rf"(?!(?P=counter)|[{g['not_after_counter']}])[{CJK}]{{2,3}}"
                      rf"(?=[^{CJK}]|的|和|与|上|中|为|是|要|等|$)")


@functools.cache
def campaign_unquoted() -> re.Pattern:
    g = grammar()["campaign"]
    return re.compile(rf"{alternation(g['trigger_verbs'])}(?P<name>[{CJK}0-9]{{2,14}}?{alternation(g['heads'])})(?=[^{CJK}]|的|等|和|中|上|$)")


# ------------------------------------------------------------------ anchors
def _place_forms() -> list[str]:
    return [f for f in gazetteer.by_surface() if len(f) >= 2]


def _level_words() -> list[str]:
    """What an organ name that starts with a bare level marker must begin with: the level and a
    body, a unit, or 直属机关 (市委, 县宣传部, 市直属机关). Far rarer than the marker alone (城市, 市场)."""
    g = grammar()["organ"]
    return [level + rest for level in g["levels"] for rest in (*g["bodies"], *g["units"], "直属机关")]


@functools.cache
def anchors():
    """Where organ names (a prefix, place, level marker with its body or unit, or 直 word), post
    chains (an organ of the grammar or the knowledge base, or a title), leading groups (a place
    or level) and titles begin."""
    from kg.extract.anchors import Anchors

    g = grammar()["organ"]
    organ = [*g["drop_prefixes"], *_place_forms(), *_level_words(), *g["direct"]]
    return Anchors({"organ": organ, "post": [*organ, *g["levels"], *_kb_organ_forms(), *grammar()["official"]["titles"],
                             *grammar()["official"]["former_marks"], *grammar()["official"]["unit_titles"]],
                    "organ_head": [*g["bodies"], *g["units"], *g["direct"], *_DIRECT_ORGANS], "unit": g["units"],
                    "group": [*_place_forms(), *g["levels"]], "title": grammar()["official"]["titles"]})


@functools.cache
def organ_reach() -> int:
    """How far after its start an organ name's head word (body, unit, 直 word) begins at most:
    after a prefix, a place and a level marker. Where none begins that near, organ() cannot
    match, and is not tried (at most places named in a text, no organ begins)."""
    g = grammar()["organ"]
    return max(map(len, g["drop_prefixes"])) + max(map(len, _place_forms())) + max(map(len, g["levels"]))


@functools.cache
def no_unit_end() -> str:
    """A lookahead that fails where a unit's ending goes on into a longer word (委|员会, 局|长)."""
    alts = []
    for end, words in grammar()["organ"]["continuations"].items():
        alts += [w if end == "any" else f"(?<={end}){w}" for w in words]
    return f"(?!{'|'.join(alts)})"


def continues(prefix: str, rest: str) -> bool:
    """Does `rest` go on with the word `prefix` ends in (国家计划委|员会)?"""
    conts = grammar()["organ"]["continuations"]
    return rest.startswith(tuple(conts.get("any", []) + conts.get(prefix[-1:], [])))


@functools.cache
def place_names() -> frozenset[str]:
    """Every written form of a place in the gazetteer (宁夏, 吉林市): never a person's name."""
    return frozenset(gazetteer.by_surface())
