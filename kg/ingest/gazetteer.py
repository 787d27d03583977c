"""Chinese administrative places (provinces, cities, counties) from the cpca package's data."""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|地区|省|市|县|盟|旗)$")
_ETHNIC = re.compile(r"(蒙古族|藏族|回族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|哈尼族|哈萨克族|傣族|黎族|傈僳族|佤族|畲族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|羌族|撒拉族|毛南族|仡佬族|锡伯族|普米族|塔吉克族|怒族|鄂温克族|裕固族|保安族|独龙族|鄂伦春族|各族|仫佬族)+$")


@dataclass(frozen=True)
class Place:
    name: str        # official name: 盘锦市, 广西壮族自治区, 诸城市
    short: str       # 盘锦, 广西, 诸城
    level: str       # province, city, county
    code: str
    parent: str | None  # code of the parent place

    @property
    def party_committee(self) -> str:
        """Short official name of the place's party committee: 盘锦市委, 广西壮族自治区党委."""
        return self.name + ("党委" if self.name.endswith("自治区") else "委")

    @property
    def organ_prefix(self) -> str:
        """The place as its organs' names begin: 文山州 for 文山壮族苗族自治州 (文山州委), 金平县 for
        an autonomous county; a province and any other place by its full name."""
        for full, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if self.name.endswith(full) and self.short != self.name:
                return self.short + short
        return self.name

    def organ_name(self, level: str, rest: str) -> str | None:
        """The organ `level + rest` of this place (市委 → 盘锦市委, 县委 in 道县 → 道县县委), or None
        when the level marker is not this place's."""
        prefix = self.organ_prefix
        if level in ("自治州", "自治县"):
            level = level[-1]
        if not prefix.endswith(level):
            return None
        # 道县 keeps its marker: a one-character short name is never written without it.
        return prefix + (level if self.short == self.name and self.level == "county" and len(prefix) <= 2 else "") + rest


def _short(name: str) -> str:
    short = _SUFFIX.sub("", name)
    short = _ETHNIC.sub("", short) or short
    return short if len(short) >= 2 else name


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (place names) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@functools.cache
def places() -> dict[str, Place]:
    """All places by code. Districts (区) are left out: their short names are common words."""
    out: dict[str, Place] = {}
    with _data_file().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"]
            if code.endswith("0000"):
                level, parent = "province", None
            elif code.endswith("00"):
                level, parent = "city", code[:2] + "0000"
            else:
                if name.endswith("区"):
                    continue
                level, parent = "county", code[:4] + "00"
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            out[code] = Place(name, _short(name), level, code, parent)
    # County-level units directly under a province (their city code is missing).
    for code, place in list(out.items()):
        if place.parent and place.parent not in out:
            out[code] = Place(place.name, place.short, place.level, code, code[:2] + "0000")
    return out


def parent(place: Place) -> Place | None:
    return places().get(place.parent) if place.parent else None


def lineage(place: Place) -> list[Place]:
    """The place and its ancestors, most specific first."""
    chain = [place]
    while (up := parent(chain[-1])) is not None and up not in chain:
        chain.append(up)
    return chain


@functools.cache
def by_surface() -> dict[str, tuple[Place, ...]]:
    """Places by every surface form (official and short name)."""
    table: dict[str, list[Place]] = {}
    for place in places().values():
        for form in {place.name, place.short}:
            table.setdefault(form, []).append(place)
    return {k: tuple(sorted(v, key=lambda p: p.code)) for k, v in table.items()}


@functools.cache
def _automaton():
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(sorted(by_surface()), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def find_places(text: str) -> list[str]:
    """The place names in `text`, leftmost and longest first, not overlapping (Aho–Corasick)."""
    return [text[s:e] for _, s, e in _automaton().find_matches_as_indexes(text)]


def find_place_spans(text: str) -> list[tuple[str, int, int]]:
    """As find_places, with where each name ends and begins."""
    return [(text[s:e], s, e) for _, s, e in _automaton().find_matches_as_indexes(text)]
