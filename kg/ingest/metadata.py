"""Document metadata found in the text: title, date, source and locality."""

from __future__ import annotations

import re
from collections import Counter

from kg.ingest import gazetteer
from kg.ingest.dates import iso as _iso
from kg.ingest.gazetteer import Place
from kg.resources import load_toml

_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_MONTH = re.compile(r"(?:时间|日期|发布|更新)\s*[:：]?\s*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})(?![\d月/.-])")
_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s:：]{2,30})")
_HEADER_LINES = 6
_ORGAN_AFTER = re.compile(r"(?:自治区|自治州|自治县|省|市|州|县|区|旗|盟)?(?:党委|委|人民政府|政府|人大|政协|纪委)")


def find_date(text: str, default: str | None = None) -> str | None:
    """The document's date (ISO): a full date in the header, then a month, then day+month with
    the year of `default` (the file's date) or else of the text, then `default`, then any full
    date."""
    header = "\n".join(text.splitlines()[:_HEADER_LINES])
    for m in _FULL_DATE.finditer(header):
        if iso := _iso(*m.groups()):
            return iso
    for m in _MONTH.finditer(header):
        if iso := _iso(*m.groups()):
            return iso
    day = _DAY.search(header)
    years = [default[:4]] if default else _YEAR.findall(text)
    if day and years and (iso := _iso(max(years), *day.groups())):
        return iso
    if default:
        return default
    for m in _FULL_DATE.finditer(text):
        if iso := _iso(*m.groups()):
            return iso
    return None


def find_source(text: str) -> str | None:
    """The byline's 来源 (新华社), not a label or date that follows an empty one."""
    for m in _SOURCE.finditer(text):
        value = m.group(1)
        if not re.match(r"^[\d\s./:-]+$|^(?:发布|时间|日期|作者|编辑|浏览|点击)", value):
            return value
    return None


_NOT_TITLE = re.compile(r"https?://|www\.|\.(?:jpe?g|png|gif)\b|[>|]|^[\d\s:：./-]+$|^[(（][^()（）]*[)）]$")
_ORIGINAL_TITLE = re.compile(r"^\s*原标题\s*[:：]\s*")


def find_title(lines: list[str]) -> str:
    """The headline: the first line of 6 to 80 characters that is no URL, path, date or
    parenthesised credit (原标题: dropped), else the first line cut to 80 characters."""
    for line in lines:
        line = _ORIGINAL_TITLE.sub("", line)
        if 6 <= len(line) <= 80 and not _NOT_TITLE.search(line) and not _FULL_DATE.match(line):
            return line
    return lines[0][:80] if lines else ""


def is_national(text: str, title: str = "") -> bool:
    """A national page has no locality: a national broadcast (新闻联播), or a title whose subject
    is a national body or leader of the knowledge base (中共中央政治局召开会议, 习近平主持…)."""
    from kg.link.kb import knowledge_base

    marks = load_toml("grammar.toml")["document"]["national_marks"]
    if any(m in text[:200] for m in marks):
        return True
    head = re.sub(r"^[#\s]*(?:原标题\s*[:：])?\s*", "", title or text.split("\n", 1)[0])
    kb = knowledge_base()
    for n in range(min(len(head), 16), 1, -1):
        for label in ("Organ", "Official"):
            e = kb.lookup(label, head[:n])
            if e and (label == "Official" or e.props.get("level") == "national"):
                return True
    return False


def find_locality(text: str, title: str = "") -> Place | None:
    """The place the document is about: the most mentioned province, city or county.

    A city or county needs two mentions (or one in the title); a bare province is chosen only
    when no smaller place qualifies. Mentions of a place also count for its ancestors' children
    so that 诸城 beats 潍坊 when both appear but 诸城 dominates.
    """
    if is_national(text, title):
        return _headline_place(title)
    score: Counter = Counter()
    for weight, part in ((3, title), (1, text)):
        for surface, _, end in gazetteer.find_place_spans(part):
            # The place whose own bodies the page names (文山州委, 南宁市政府) is what it is about,
            # more than a place it only passes through (在南宁举行).
            bonus = 2 if _ORGAN_AFTER.match(part, end) else 0
            for place in gazetteer.by_surface()[surface]:
                score[place.code] += weight + bonus
    if not score:
        return None
    places = gazetteer.places()
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], -_depth(places[kv[0]]), kv[0]))
    for code, s in ranked:
        place = places[code]
        # A county's short name (通道, 和平 ...) is often a common word: its full name must appear.
        if place.level == "county" and not any(form in text or form in title for form in (place.name, place.organ_prefix)):
            continue
        if place.level != "province" and s >= 2:
            return place
    provinces = [(code, s) for code, s in ranked if places[code].level == "province"]
    return places[provinces[0][0]] if provinces and provinces[0][1] >= 2 else None


def _headline_place(title: str) -> Place | None:
    """A national broadcast's story is about a place only where its headline begins with it
    (浙江将建设全国首个数字乡村引领区): the broadcast is national, not every story in it."""
    head = re.sub(r"^[#\s]*", "", title)
    for surface, start, _ in gazetteer.find_place_spans(head[:12]):
        place = gazetteer.by_surface()[surface][0]
        if start == 0 and (place.level != "county" or surface == place.name):   # 和平, 通道: words first
            return place
    return None


def _depth(place: Place) -> int:
    return {"province": 0, "city": 1, "county": 2}[place.level]
