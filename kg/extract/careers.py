"""Careers as biographies write them (生平, 简历, an obituary): a career verb and a chain of posts
whose bodies are written in full, one unit inside another, with no place or level before them.

    1975年至1979年，历任石油工业部管道局电力通讯工程公司办公室副主任、副主任工程师，
    中国社会科学院工业经济研究所室主任。

- Each body is cut into its units by their endings (部, 局, 处, 室, 公司, 研究所 …), and every unit is
  an organ, part of the one before (办公室 → 电力通讯工程公司 → 管道局 → 石油工业部).
- A unit alone after a post (燃动局、综合局组长) is in the body of the unit before it; a post with no
  body (副主任、党组成员) is in the body before it; a government title (市长) is in the place's
  people's government.
- The holder is the name before the verb, or else the biography's subject: the last `名字同志`
  before it. A career's posts are former ones, except after 现任.
"""

from __future__ import annotations

import functools
import re

from kg.extract import patterns as P
from kg.extract import posts
from kg.extract.mentions import Mention, is_han, name_at
from kg.resources import grammar

CJK = P.CJK


def _g() -> dict:
    return grammar()["career"]


@functools.cache
def _titles() -> str:
    return P.alternation([*grammar()["official"]["titles"], *_g()["titles"]])


@functools.cache
def _unit() -> re.Pattern:
    """One unit: a few Han characters ended by a unit ending that is not the start of a longer one
    (国家计划委|员会 is no cut), and not begun by a title (主任办公室 is a unit, 副处长 is not)."""
    g = _g()
    ends = P.alternation(g["unit_ends"])
    not_units = "".join(f"(?<!{w})" for w in g["not_units"])
    opener = P.alternation([*g["verbs"], *g["chain_ends"]])
    return re.compile(rf"(?!{_titles()}(?:[、，,兼]|$)|{opener})(?:(?!同志)[{CJK}]){{1,12}}?(?:{ends}){not_units}{P.no_unit_end()}")


@functools.cache
def _item() -> re.Pattern:
    """One post of a chain: units (none, for 党组成员 after a body) and a title."""
    return re.compile(rf"(?P<organ>(?:{_unit().pattern}){{0,5}}?)(?P<title>{_titles()})(?=[、，,。；;兼等\n]|职务|$)")


@functools.cache
def _listed() -> re.Pattern:
    """A body listed before another that shares its title: 燃动局、综合局组长."""
    return re.compile(rf"(?P<organ>(?:{_unit().pattern}){{1,5}})、")


@functools.cache
def _verb() -> re.Pattern:
    return re.compile(rf"(?:{P.alternation(_g()['verbs'])})(?![{''.join(_g()['not_after_verb'])}])")


@functools.cache
def _adverbs() -> re.Pattern:
    """What may stand between a holder and the verb: 同志, then an adverb (朱某同志先后兼任)."""
    return re.compile(rf"(?:同志)?(?:{P.alternation(_g()['adverbs'])})?$")


@functools.cache
def _dated() -> re.Pattern:
    """A clause that dates what follows (1991年，任…; 同年…; 担任总理后，兼任…): a past career."""
    return re.compile(rf"[0-9一二三四五六七八九〇零]年|{P.alternation(_g()['dated'])}|后$")


def _units(organ: str) -> list[str]:
    """A body cut into units: 石油工业部管道局办公室 → [石油工业部, 管道局, 办公室]."""
    out, i = [], 0
    known = P.known_organ().match(organ)
    if known:
        out, i = [known.group()], known.end()
    while i < len(organ):
        m = _unit().match(organ, i)
        if not m:
            return [organ]
        out.append(m.group())
        i = m.end()
    return out


def _subject(text: str, verb: int) -> tuple[int, str, bool] | None:
    """The holder (start, name, written right before the verb?): 朱某同志任 → 朱某; else the
    biography's subject, the last `名字同志` before the verb."""
    end = verb - len(_adverbs().search(text, max(0, verb - 6), verb).group())
    honorific = text.startswith("同志", end - 2)
    end -= 2 if honorific else 0
    for n in (3, 2):   # a name that stands alone: 同志 after it, or no Han character before it
        if end - n >= 0 and name_at(text, end - n) == text[end - n:end] and (honorific or not is_han(text[end - n - 1:end - n])):
            return end - n, text[end - n:end], True
    lo = max(0, verb - 3000)
    for m in reversed(list(re.finditer(rf"[{CJK}]{{2,3}}同志", text[lo:verb]))):
        for k in (0, 1):   # the match may begin one character before the name
            s = lo + m.start() + k
            name = name_at(text, s)
            if name and text.startswith(name + "同志", s):
                return s, name, False
    return None


def _is_head(unit: str) -> bool:
    return bool(P.known_organ().fullmatch(unit)) or unit.endswith(tuple(_g()["head_ends"]))


def find_careers(text: str) -> list[Mention]:
    out: list[Mention] = []
    for v in _verb().finditer(text):
        if not _item().match(text, v.end()) and not _listed().match(text, v.end()):
            continue   # no post follows: no career (the common case, tested first)
        subject = _subject(text, v.start())
        if subject is None or not (subject[2] or text[v.start() - 1:v.start()] in _g()["before_verb"]):
            continue
        # A dated career (1991年，任…; 历任) is past; an appointment (X同志任…) is current.
        clause = re.split(r"[。；;\n]", text[max(0, v.start() - 40):v.start()])[-1]
        past = v.group() in _g()["past_verbs"] or bool(_dated().search(clause))
        held, _ = _chain(text, v.end(), out, current=not past or v.group() in _g()["current_verbs"])
        if held:
            s, name, _ = subject
            out.append(Mention("Official", s, s + len(name), name,
                               {"posts": held, "titles": [p["title"] for p in held], "nested": True}))
    return out


def _chain(text: str, i: int, out: list[Mention], current: bool, link: str = "") -> tuple[list[dict], int]:
    """The posts of the chain at i and where it ends; the organs it writes are appended to `out`.
    With a `link` (a notice's 为) only 、 and 兼 join posts, and names before the link begin the
    next holder's posts (…副主任、孙某为…)."""
    held: list[dict] = []
    body: list[str] = []           # the units of the last body named, for carry-over
    pending: list[tuple] = []      # bodies listed before the title they share
    while True:
        if link and held and _holders(text, i, link):
            break
        m = _item().match(text, i)
        if (lm := _listed().match(text, i)) and (not m or m.end() > lm.end()):
            pending.append(_organ(text, lm.start(), lm.group("organ"), body, out))
            body = _units(lm.group("organ")) if len(pending[-1][2]) > 1 else body
            i = lm.end()
            continue
        if not m:
            break
        organ, title = m.group("organ"), m.group("title")
        if organ:
            found = _organ(text, m.start(), organ, body, out)
            if found is None:
                break
            body = found[2]
        elif body:
            found = ("".join(body), None, body)
        else:
            break
        gov = None if organ else posts._government(None, title, found[0])
        if gov:   # 市长 after 上海市委: the government is mentioned by the title
            out.append(Mention("Organ", m.start("title"), m.end("title"), title, {"name": gov, "nested": True}))
        for name, span, _ in [*pending, found]:
            s, e = span or (m.start("title"), m.end("title"))
            held.append({"title": title, "organ": [s, e, gov or name], "status": None if current else "former",
                         "implied": span is None or bool(gov), "at": m.start()})
        pending = []
        i = m.end()
        sep = re.match(r"[、，,]?兼任?|、" if link else r"[、，,]?兼任?|[、，,]", text[i:i + 3])
        if not sep:
            break
        i += sep.end()
    return held, i


@functools.cache
def _appointment() -> re.Pattern:
    g = _g()
    verbs = P.alternation([*g["appoint_verbs"], *g["remove_verbs"]])
    return re.compile(rf"(?P<verb>{verbs})(?:{P.alternation(g['after_appoint_verb'])})?")


def _names(text: str, i: int) -> tuple[list[tuple[int, str]], int]:
    """The names listed at i (孙某、刘某某) and where the list ends."""
    names: list[tuple[int, str]] = []
    while name := name_at(text, i):
        names.append((i, name))
        i += len(name)
        if not (text.startswith("、", i) and name_at(text, i + 1)):
            break
        i += 1
    return names, i


def _holders(text: str, i: int, link: str) -> tuple[list[tuple[int, str]], int] | None:
    """The names at i and the end of the link after them (孙某、刘某为 → 为), if a link follows."""
    names, j = _names(text, i)
    m = re.match(link, text[j:j + 3]) if names else None
    return (names, j + m.end()) if m else None


def find_appointments(text: str) -> list[Mention]:
    """Appointment notices: 任命X、Y为<posts>, and ，Z为<posts> after them, give current posts (candidate
    ones after 提请); 免去X的<posts>职务 gives former ones. The holders are the names, not a subject."""
    g, out = _g(), []
    for v in _appointment().finditer(text):
        remove = v.group("verb") in g["remove_verbs"]
        clause = re.split(r"[。；;，,\n]", text[max(0, v.start() - 12):v.start()])[-1]
        status = "former" if remove else "candidate" if any(w in clause for w in g["proposal_marks"]) else None
        link = "(?:兼任)?的" if remove else "为"
        i = v.end()
        while found := _holders(text, i, link):
            names, j = found
            held, i = _chain(text, j, out, current=True, link=link)
            if not held:
                break
            for s, name in names:
                posts_ = [{**p, "status": status} for p in held]
                out.append(Mention("Official", s, s + len(name), name,
                                   {"posts": posts_, "titles": [p["title"] for p in posts_], "nested": True}))
            i += 2 if text.startswith("职务", i) else 0
            i += 1 if text.startswith(("，", ",", "、"), i) else 0
    return out


def _organ(text: str, start: int, organ: str, body: list[str], out: list[Mention]) -> tuple | None:
    """(name, written span, units) of a body in a chain, None for a bare body word (党委); its
    organs (each unit within the one before) are appended to `out`."""
    units = _units(organ)
    if len(units) == 1 and P.bodies().fullmatch(units[0]):
        return None                        # 党委书记 with no place: no organ to name
    level = re.match(P.alternation(grammar()["organ"]["levels"]), units[0])
    place = P.place().match(body[0]) if body else None
    if level and place and place.group().endswith(level.group()):   # 上海市委…、市委书记: 上海市委
        units = [place.group()[: -len(level.group())] + units[0], *units[1:]]
        out.append(Mention("Organ", start, start + len(organ), organ, {"name": "".join(units), "nested": True}))
        return "".join(units), (start, start + len(organ)), units
    if len(units) == 1 and len(body) > 1 and not _is_head(units[0]):
        units = body[:-1] + units          # 燃动局、综合局: 综合局 of the same body
        out.append(Mention("Organ", start, start + len(organ), organ,
                           {"name": "".join(units), "parent": "".join(units[:-1]), "nested": True}))
        return "".join(units), (start, start + len(organ)), units
    for k in range(len(units)):
        name = "".join(units[:k + 1])
        out.append(Mention("Organ", start, start + len(name), name,
                           {"parent": "".join(units[:k]) or None, "nested": k < len(units) - 1}))
    return "".join(units), (start, start + len(organ)), units
