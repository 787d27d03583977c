"""Mention finders: each turns the normalised text into typed character spans.

They are general rules over the grammar of the genre (organ names, title–name patterns,
quoted and numbered formulas, 《》 titles, event names); lexicon matches come from the
knowledge base through the pipeline's lexicon component (see pipeline.py).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from kg.extract import patterns as P
from kg.extract import posts
from kg.extract.anchors import finditer_at
from kg.ingest import gazetteer
from kg.resources import grammar, load_words

CJK = P.CJK
_CLAUSE_END = set("。!?;！？；\n")


def is_han(ch: str) -> bool:
    """One Han character of the basic block (the range CJK names)."""
    return len(ch) == 1 and "\u4e00" <= ch <= "\u9fff"


@functools.cache
def _words(section: str, key: str) -> re.Pattern:
    """A grammar word list as one regex alternation, longest first."""
    return re.compile(P.alternation(grammar()[section][key]))


@dataclass
class Mention:
    label: str
    start: int
    end: int
    text: str
    attrs: dict = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』《》")


def strip_quotes(name: str) -> str:
    return name.translate(_QUOTES).strip()


# ---------------------------------------------------------------- organs
def find_organs(text: str) -> list[Mention]:
    heads, reach = P.anchors().starts(text, "organ_head"), P.organ_reach()
    starts = [s for s in P.anchors().starts(text, "organ")
              if (k := bisect.bisect_left(heads, s)) < len(heads) and heads[k] - s <= reach]
    found = [_without_group_post(text, m.start(), m.end())
             for m in finditer_at(P.organ(), text, starts) if not _a_class(text, m.end())]
    if any(head in text for head in grammar()["organ"]["group_heads"]):  # no group without its head word
        found += [Mention("Organ", m.start(), m.end(), m.group())
                  for m in finditer_at(P.leading_group(), text, P.anchors().starts(text, "group"))]
    return found


@functools.cache
def _bracketed_alternative() -> re.Pattern:
    return re.compile(rf"[(（](?:{P.alternation(grammar()['organ']['class_alternatives'])})[)）]")


@functools.cache
def _countries() -> tuple[str, ...]:
    """Other countries and other parties: their bodies and posts are not the party-state's."""
    return tuple(sorted(load_words("countries.txt") + load_words("other_parties.txt"), key=len, reverse=True))


@functools.cache
def _foreign_levels() -> tuple[str, ...]:
    return tuple(grammar()["official"]["foreign_levels"])


_CJK_CHAR = re.compile(f"[{P.CJK}]")


def foreign_before(text: str, i: int) -> bool:
    """Does a foreign country's or another party's name end at i (俄罗斯|国防部, 伊朗|外交部发言人,
    农工|党中央主席)? Then what begins at i is that country's or party's body or post. 驻 before the
    country makes it a mission abroad (驻美国大使)."""
    countries = _countries()
    if not text.endswith(countries, 0, i):   # one test in C; most bodies follow no country
        return False
    country = next(c for c in countries if text.endswith(c, 0, i))
    before = i - len(country) - 1
    return before < 0 or text[before] != "驻"


def _a_class(text: str, end: int) -> bool:
    """市直机关党委(党组): a body with its alternative in brackets names a class of bodies, not one."""
    return bool(_bracketed_alternative().match(text, end))


def _without_group_post(text: str, start: int, end: int) -> Mention:
    """市商务局党组书记 names a post of the party group on 市商务局: the organ is the body."""
    g = grammar()["official"]
    if text.endswith(g["party_group"], start, end) and text.startswith(tuple(g["party_group_titles"]), end):
        end -= len(g["party_group"])
    return Mention("Organ", start, end, text[start:end])


def find_bare_units(text: str) -> list[Mention]:
    return [Mention("Organ", m.start(), m.end(), m.group(), {"bare": True})
            for m in finditer_at(P.bare_unit(), text, P.anchors().starts(text, "unit"))]


# ---------------------------------------------------------------- officials
@functools.cache
def _stop_words() -> tuple[str, ...]:
    d = grammar()["discourse"]
    return _longest_first(tuple(grammar()["official"]["name_stop_words"]) + tuple(grammar()["official"]["titles"])
                          + tuple(grammar()["official"]["honorifics"])
                          + tuple(d["speech_verbs"] + d["speaking_acts"] + d["host_acts"] + d["attend_acts"]))


def name_at(text: str, i: int) -> str | None:
    """A personal name starting at i: surname + one or two given characters, ended by a word
    that begins after names (强调, 通报, 说, a title), so that 李强强调 gives 李强."""
    stops = grammar()["official"]["name_stops"]
    words = _stop_words()
    if text.startswith(words, i):
        return None   # 任命…, 强调…: a word that follows names begins none
    for sl in (2, 1):
        sur = text[i:i + sl]
        if sur not in P.surnames():
            continue
        given = ""
        j = i + sl
        while j < len(text) and len(given) < 2 and is_han(text[j]):
            if given and (text[j] in stops or text.startswith(words, j)):
                break
            given += text[j]
            j += 1
        if not given or (given[0] in stops):
            continue
        name = sur + given
        if name in P.not_names() or len(name) == 3 and name[1:] in P.not_names() or name in P.place_names():
            return None   # 宁夏, 吉林: a place, not a person
        return name
    return None


_ROSTER_NAME = re.compile(rf"(?:^|(?<=[\n、,，;；:：]))[ \t\u3000]*([{CJK}]{{2,4}})[ \t\u3000]+$")


def _unsure(text: str, i: int, name: str | None, chain: posts.Chain) -> bool:
    """Where the rules cannot bound a name after a chain that names a body: none found though
    a Han character follows, or a full-length one that the text goes on after (胡达古|拉介绍)."""
    if not (_names_a_body(chain) or chain.text.endswith(tuple(posts.government_titles()))):
        return False   # a bare title (书记, 委员) before a word is no roster; 旗长, 县长 are
    if name is None:
        return is_han(text[i:i + 1]) and text[i:i + 1] not in grammar()["official"]["name_stops"] \
            and not _not_a_name_start().match(text, i) and not text.startswith(_stop_words(), i)
    return len(name) == 3 and not _ends_name(text, i + len(name))


def _names_a_body(chain: posts.Chain) -> bool:
    """A post chain that begins with a body (市委副书记, not 副书记): a roster's, before a name."""
    return _begins_with_body(chain.text)


@functools.lru_cache(maxsize=16384)
def _begins_with_body(chain: str) -> bool:
    """Cached: the same chains (国务院总理, 中共中央政治局常委) recur from document to document."""
    return bool(P.known_organ().match(chain) or P.organ().match(chain))


@functools.cache
def _not_a_name_start() -> re.Pattern:
    """What follows a title without being a name: a known leader (found by the lexicon), a word
    that continues the title (主席会议, 常委会, 委员长) or a body."""
    g = grammar()
    return re.compile(P.alternation([*_leader_forms(), *g["event"]["heads"], *g["organ"]["bodies"], *g["organ"]["units"],
                                     *g["official"]["titles"], *g["official"]["after_title_words"]]))


def _leader_forms() -> list[str]:
    from kg.link.kb import knowledge_base

    return [f for e in knowledge_base().entries if e.label == "Official" for f in e.forms()]


@functools.cache
def _leaders() -> re.Pattern:
    return re.compile(P.alternation(_leader_forms()))


def _leader_at(text: str, i: int) -> str | None:
    """A name of the knowledge base (习近平) after a post chain: the lexicon knows where it ends."""
    m = _leaders().match(text, i)
    if not m:
        return None
    if _ends_name(text, m.end()):
        return m.group()
    # 李强乘包机, 蔡奇应邀: one character more would make a name that nothing ends either
    longer = name_at(text, i)
    if longer == m.group() + text[m.end():m.end() + 1] and not _ends_name(text, i + len(longer)):
        return m.group()
    return None


def _tagged_names(text: str, starts: list[int]) -> dict[int, int]:
    """Names the statistical tagger finds where the rules were unsure of one (start → end)."""
    from kg.extract.person_names import PLACE_WINDOW, person_spans

    return dict(person_spans(text, PLACE_WINDOW, around=[(s, s) for s in sorted(set(starts))]))


def _after_gap(text: str, i: int) -> int:
    return i + re.match(r"[ \t\u3000]*", text[i:i + 4]).end()


def find_posts(text: str) -> list[Mention]:
    """`organ title[、organ title] name` (the name may follow a space), or a name-first roster line
    `name organ title…`: an Official with the posts it holds, and the organs its posts imply.

    Names are bounded by rule; where the rule is unsure, by the statistical tagger, run on
    those places only."""
    # A chain holds a title within a few characters of its start: other starts are not tried.
    starts, reach = P.anchors().starts(text, "post"), grammar()["official"]["chain_title_reach"]
    near = sorted({s for t in P.anchors().starts(text, "title")
                   for s in starts[bisect.bisect_left(starts, t - reach):bisect.bisect_right(starts, t)]})
    chains = []   # (chain, where its name would begin, the name the rules find there)
    for m in posts.chains(text, near):
        s = _after_gap(text, m.end)
        chains.append((m, s, _leader_at(text, s) or name_at(text, s)))
    unsure = [s for m, s, name in chains if _unsure(text, s, name, m)]
    tagged = _tagged_names(text, unsure) if unsure else {}
    out: list[Mention] = []
    last: tuple[int, list] = (-1, [])    # where the last official's name ended, and the posts it held
    places = gazetteer.find_place_spans(text) if chains else []
    inside = {k for _, s, e in places for k in range(s + 1, e)}
    seams = {s for _, s, _ in places} & {e for _, _, e in places}   # where one place ends and another begins
    for m, s, name in chains:
        if foreign_before(text, m.start):
            continue   # 伊朗外交部发言人X: another country's post
        if m.start in inside or m.end - 1 in seams:
            continue   # 泸州|长江, 湖南省|长沙市: a title word made of the ends of place names
        if any(text.startswith(w, m.end - len(w) + 1) for w in grammar()["official"]["title_words"]):
            continue   # 主席国|工作: a word that begins with the title, no post and no name after it
        if m.posts_start and text.startswith(_foreign_levels(), m.posts_start) and _CJK_CHAR.match(text, m.posts_start - 1):
            continue   # 得州|州长, 夏威夷州|州长: a level after a name no Chinese place is another country's
        gap = s - m.end
        if s in tagged and 2 <= tagged[s] - s <= 5 and (name is None or tagged[s] - s > len(name)):
            name = text[s:tagged[s]]   # the tagger may find or lengthen a name, never cut one short
        if not gap and (listed := _listed_name(text, s, m, name)):
            name = listed
        if name and gap and text[s + len(name):s + len(name) + 1] not in ("", "\n", ":", "：", " ", "(", "（", "、", ",", "，", "先", "女", "同"):
            name = None   # after a space, only a name that stands alone
        if not name:
            before = _ROSTER_NAME.search(text, max(0, m.start - 8), m.start)
            name = before and name_at(text, before.start(1))
            if not name or name != before.group(1):
                continue
            s = before.start(1)
        if _inside_quotes(text, m.start):
            continue
        if rest := _TRANSLITERATED_REST.match(text, s + len(name)):
            # 艾尔肯·吐尼亚孜: a transliterated name goes on after the dot, up to a word that ends names
            # (2–5 characters after each dot; where no end is found, the name stays as it was)
            end = next((k for k in range(rest.start() + 3, min(rest.start() + 6, rest.end()) + 1)
                        if k == rest.end() or text.startswith(_stop_words(), k)), None)
            name = text[s:end] if end else name
        found = posts.parse(text, m.posts_start, m.end, former=m.former)
        held = [p for p in found if p.organ]
        if not held and found and last[1] and m.start == last[0] + 1 and text[last[0]] == "、":
            # 市档案局副局长甲、副局长乙: a title alone after a listed official is in the same body
            prev = last[1][-1]
            held = [posts.Post(p.title, prev.organ, prev.start, prev.end, p.status, True) for p in found]
        if not held and not (gap or _ends_name(text, s + len(name))):
            continue
        for p in held:
            out.append(Mention("Organ", p.start, p.end, text[p.start:p.end], {"name": p.organ, "nested": p.implied}))
        attrs = {"posts": [p.as_dict() for p in held], "titles": [p.title for p in found], "chain": (m.start, m.end)}
        out.append(Mention("Official", s, s + len(name), name, attrs))
        last = (s + len(name), held)
        # 中共中央政治局常委李强、赵乐际、王沪宁出席: the chain is every listed name's post.
        k = s + len(name)
        while text.startswith("、", k) and (more := name_at(text, k + 1)) and _ends_name(text, k + 1 + len(more)):
            out.append(Mention("Official", k + 1, k + 1 + len(more), more, attrs))
            k += 1 + len(more)
    return out


_TRANSLITERATED_REST = re.compile(rf"[·•][{CJK}]{{2,8}}")
_LISTED = re.compile(rf"[{CJK}]{{2,5}}(?=[,，、;；。])")


def _listed_name(text: str, i: int, chain: posts.Chain, name: str | None) -> str | None:
    """In a list of officials (州委副书记、州长甲,旗人大常委会主任宝音满都呼,…), what stands between
    a post that names a body and the next comma is the name, whatever its length, where it begins
    with a syllable that begins Tibetan, Mongolian or Uyghur names (扎西草, 宝音满都呼), and no word
    that ends names falls inside it."""
    m = _LISTED.match(text, i)
    if not m or not _names_a_body(chain):
        return None
    run = m.group()
    if not run.startswith(tuple(grammar()["official"]["name_syllables"])) \
            or name is not None and (len(run) <= len(name) or not run.startswith(name)):
        return None
    if any(text.startswith(_stop_words(), k) for k in range(i + 1, m.end())) \
            or run in P.not_names() or _not_a_name_start().match(text, i):
        return None
    return run


def _ends_name(text: str, i: int) -> bool:
    """A bare title and name (书记王某) is a post only where the name ends there."""
    after = text[i:i + 2]
    return not after or not is_han(after[:1]) or after in ("先生", "女士", "同志") \
        or after[:1] in grammar()["official"]["name_stops"] or after[:1] in "、" or text.startswith(_stop_words(), i)


def find_honorific_names(text: str) -> list[Mention]:
    """朱雷先生, 桑福岭书记 after a boundary: a name followed by an honorific or a title."""
    out = []
    honorifics = grammar()["official"]["honorifics"]
    if not P.anchors().starts(text, "title") and not any(h in text for h in honorifics):
        return out   # no title and no honorific: nothing to find
    organ_starts = set(P.anchors().starts(text, "organ"))   # where organ() can match at all
    titles = P.title()
    # A zero-width match at each boundary, so that 从桑福岭书记 is tried from 桑 as well as from 从.
    for m in re.finditer(rf"(?:^|(?<=[从请由向对和与、,，。:：“\s]))(?=([{CJK}]{{2,4}}?)({'|'.join(honorifics)}|{titles}))", text, re.M):
        name = name_at(text, m.start(1))
        if P.known_organ().match(text, m.start(1)) or m.start(1) in organ_starts and P.organ().match(text, m.start(1)) \
                or text.startswith("会", m.end(2)):
            continue  # 国务院副总理: an organ before the title, not a name; 农村委员会: no title at all
        if name and name == m.group(1) and len(name) >= 2:
            out.append(Mention("Official", m.start(1), m.end(1), name, {"titles": [m.group(2)]}))
    return out


def find_header_names(text: str) -> list[Mention]:
    """A line that is only a name (the speaker of the passage below it), or a turn that opens
    with a name and a colon (王建华:各位记者…) where the name occurs elsewhere in the text too."""
    out = []
    counts: dict[str, int] = {}
    for m in re.finditer(rf"^([{CJK}]{{2,4}})(?:[:：]?$|[:：](?=.))", text, re.M):
        name = name_at(text, m.start(1))
        inline = not text.startswith("\n", m.end()) and m.end() < len(text) and text[m.end() - 1] in ":："
        if name and inline and name not in counts:
            counts[name] = text.count(name)
        if name == m.group(1) and (not inline or counts[name] >= 2):
            out.append(Mention("Official", m.start(1), m.end(1), name, {"header": True}))
    return out


@functools.cache
def _listed_re(heads: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?:、“[^”\n]{{1,30}}”)*等[{CJK}]{{0,10}}?(?:{'|'.join(map(re.escape, heads))})")


@functools.cache
def _strong_head_re() -> re.Pattern:
    return re.compile(rf"[{CJK}]{{1,10}}?(?:{P.alternation(grammar()['campaign']['strong_heads'])})")


def _inside_quotes(text: str, i: int) -> bool:
    line_start = max(text.rfind("\n", max(0, i - 200), i) + 1, i - 200)  # no quotation is longer
    before = text[line_start:i]
    return before.count("“") > before.count("”")


# ---------------------------------------------------------------- formulas
@functools.cache
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _tail(text: str, end: int, tails: list[str]) -> str:
    ordered = _longest_first(tuple(tails))
    if not text.startswith(ordered, end):   # one test in C: most quotations have no tail
        return ""
    return next(t for t in ordered if text.startswith(t, end))


def _is_formula(inner: str, cue: bool = True) -> bool:
    """Quotation marks also mark emphasis (“长牙”, “谁来讲”): keep what reads as a formula."""
    g = grammar()["slogan"]
    if not re.search(rf"[{CJK}0-9]", inner) or len(inner) > 40 or re.search(r"[。!?！？]", inner):
        return False
    if _words("slogan", "question_words").search(inner) and "、" not in inner:
        return False
    if inner[0] in g["numerals"] or re.search(r"[+·、,，0-9]", inner):
        return True
    # A short plain phrase is a formula only where the text treats it as one (锻造“忠诚组工”).
    return len(inner) >= 5 or (len(inner) == 4 and cue)


def find_quoted(text: str) -> list[Mention]:
    g = grammar()
    camp_heads = sorted(g["campaign"]["heads"], key=len, reverse=True)
    out: list[Mention] = []
    matches = list(P.quoted().finditer(text))
    i = 0
    while i < len(matches):
        # Three or more quotations in a row form one formula: “揭盖子”“牵藤子”“挖根子”.
        j = i
        while j + 1 < len(matches) and matches[j + 1].start() == matches[j].end() and len(matches[j + 1].group(1)) <= 8:
            j += 1
        if j - i >= 2 and all(len(x.group(1)) <= 8 and " " not in x.group(1) for x in matches[i:j + 1]):
            start, end = matches[i].start(), matches[j].end()
            out.append(Mention("Slogan", start, end, "".join(m.group(1) for m in matches[i:j + 1])))
            i = j + 1
            continue
        m = matches[i]
        i += 1
        inner = m.group(1)
        start, end = m.start(), m.end()
        if P.known_organ().fullmatch(inner) or P.is_organ_name(inner):
            out.append(Mention("Organ", start + 1, end - 1, inner))   # “国务院新闻办公室”: a body named, no formula
            continue
        dtail = _tail(text, end, g["document"]["quoted_tails"])
        if dtail:   # “十四五”规划: a plan, named with its quotation
            out.append(Mention("PolicyDocument", start, end + len(dtail), m.group() + dtail))
            continue
        ctail = _tail(text, end, g["campaign"]["tails"])
        stail = _tail(text, end, g["slogan"]["tails"])
        if ctail and is_han(text[end + len(ctail):end + len(ctail) + 1]) \
                and text[end + len(ctail)] not in "等和与中上的":
            ctail = ""
        cue = bool(_words("slogan", "cue_words").search(text, max(0, start - 3), start))
        # “青春跟党走寄语党代会”、“学讲话…”等主题学习实践活动: each quotation is a campaign.
        listed = _listed_re(tuple(camp_heads)).match(text, end, end + 120)
        if listed and not ctail:
            out.append(Mention("Campaign", start, end, strip_quotes(inner), {"short": strip_quotes(inner)}))
            continue
        if P.event().search(inner) and P.event().search(inner).end() == len(inner):
            out.append(Mention("Event", start, end, strip_quotes(inner)))
            continue
        if ctail and len(ctail) >= len(stail):
            out.append(Mention("Campaign", start, end + len(ctail), strip_quotes(inner) + ctail,
                               {"short": strip_quotes(inner)}))
            continue
        # “学思想 强党性 共奋斗”党史党建知识竞赛: a short generic name after the quotation.
        after = _strong_head_re().match(text, end, end + 14)
        if after and not re.search(r"[的和与是在]", after.group()) and (_is_formula(inner) or len(inner) >= 3):
            out.append(Mention("Campaign", start, after.end(), strip_quotes(inner) + after.group(),
                               {"short": strip_quotes(inner)}))
            if _is_formula(inner) or inner[0] in g["slogan"]["numerals"]:
                out.append(Mention("Slogan", start, end, strip_quotes(inner), {"nested": True}))
            continue
        if not _is_formula(inner, cue):
            continue
        name = strip_quotes(inner) + stail
        label = "Campaign" if name.endswith(tuple(camp_heads)) else "Slogan"
        out.append(Mention(label, start, end + len(stail), name, {"short": strip_quotes(inner)}))
    return out


def find_numbered(text: str) -> list[Mention]:
    return [Mention("Slogan", m.start(), m.end(), m.group()) for m in P.numbered().finditer(text)]




@functools.cache
def _campaign_count() -> re.Pattern:
    return re.compile(grammar()["campaign"]["count_prefix"])


def find_unquoted_campaigns(text: str) -> list[Mention]:
    out = []
    verbs = grammar()["campaign"]["trigger_verbs"]
    for m in P.campaign_unquoted().finditer(text):
        start, name = m.start("name"), m.group("name")
        cut = max((name.rfind(v) + len(v) for v in verbs if v in name), default=0)
        start, name = start + cut, name[cut:]
        if name.startswith(tuple(grammar()["campaign"]["particles"])):
            start, name = start + 1, name[1:]
        if len(name) < 4 or _words("campaign", "not_openers").match(name) or re.search("[的也要“]", name) \
                or _campaign_count().match(name):
            continue
        out.append(Mention("Campaign", start, start + len(name), name))
    return out




@functools.cache
def _standing_documents() -> re.Pattern:
    """Reports every body of a kind makes, named unquoted (政府工作报告, 省政府工作报告)."""
    level = P.alternation(grammar()["organ"]["levels"])
    names = P.alternation(grammar()["document"]["standing_names"])
    return re.compile(rf"(?:(?:{P.place_re()})(?:{level})?|(?<![{CJK}])(?:{level}))?(?:{names})$")


def find_standing_documents(text: str) -> list[Mention]:
    if "工作报告" not in text:
        return []
    out = []
    for name in _words("document", "standing_names").finditer(text):
        # the place or level before the name, looked for just there: a place pattern run everywhere is slow
        m = next(m for k in range(max(0, name.start() - 12), name.start() + 1)
                 if (m := _standing_documents().match(text, k, name.end())))
        if not _inside_quotes(text, m.start()):
            out.append(Mention("PolicyDocument", m.start(), m.end(), m.group()))
    return out


@functools.cache
def _about_document() -> re.Pattern:
    """[body]关于…的决定: a document named by its body and subject, without 《》."""
    kinds = P.alternation(grammar()["document"]["about_kinds"])
    return re.compile(rf"关于[^，,。；;“”《》\n]{{2,60}}?的(?:{kinds})")


def find_about_documents(text: str) -> list[Mention]:
    out = []
    for m in _about_document().finditer(text):
        body = P.organ().search(text, max(0, m.start() - 20), m.start())
        known = P.known_organ().search(text, max(0, m.start() - 20), m.start())
        body = max((b for b in (body, known) if b and b.end() == m.start()), key=lambda b: b.end() - b.start(), default=None)
        if body is None or text[body.start() - 1:body.start()] == "《":
            continue
        start = body.start() - (2 if text.startswith("中共", body.start() - 2) else 0)
        out.append(Mention("PolicyDocument", start, m.end(), text[start:m.end()]))
    return out


def find_book_titles(text: str) -> list[Mention]:
    out = []
    for m in P.book_title().finditer(text):
        inner = m.group(1)
        if len(inner) < 4 or inner.endswith(tuple(grammar()["document"]["publication_ends"])):
            continue
        out.append(Mention("PolicyDocument", m.start(), m.end(), strip_quotes(inner)))
    return out


@functools.cache
def _speech_spirit() -> re.Pattern:
    """A leader's named speech or instruction and its spirit: 习近平总书记考察上海重要讲话精神,
    邓小平同志南方谈话精神. A bare 重要讲话精神 names no one speech and is left out."""
    honorifics = P.alternation(grammar()["official"]["leader_honorifics"])
    return re.compile(rf"(?P<leader>{_leaders().pattern})(?:{honorifics})(?!重要)(?:[{CJK}“”0-9·]{{1,12}}?)"
                      rf"{_speech_spirit_end().pattern}")


@functools.cache
def _speech_spirit_end() -> re.Pattern:
    g = grammar()["slogan"]
    return re.compile(rf"(?:{P.alternation(g['speech_kinds'])}){g['spirit']}")


def find_speech_spirits(text: str) -> list[Mention]:
    if grammar()["slogan"]["spirit"] not in text:
        return []
    out = []
    ends = [e.end() for e in _speech_spirit_end().finditer(text)]   # the full pattern only just before these
    for m in (m for end in ends if (m := _speech_spirit().search(text, max(0, end - 40), end)) and m.end() == end):
        out.append(Mention("Slogan", m.start(), m.end(), m.group()))
        out.append(Mention("Official", m.start(), m.end("leader"), m.group("leader"), {"nested": True}))
    return out


# ---------------------------------------------------------------- events
_EVENT_STOP = set("。!?;！？；,，、:：\n()（）")


def _last_outside_quotes(span: str, word: str) -> int:
    k = span.rfind(word)
    while k >= 0 and span[:k].count("“") > span[:k].count("”"):
        k = span.rfind(word, 0, k)
    return k


def find_events(text: str) -> list[Mention]:
    """Event names: expand left from an event head over the name, within quotation marks."""
    out = []
    spirit_word = grammar()["slogan"]["spirit"]
    for m in P.event().finditer(text):
        # 全会精神: the meeting's spirit is a formulation (a Slogan named with the meeting); 会议部署 is neither.
        spirit = text.startswith(spirit_word, m.end())
        if _words("event", "not_after").match(text, m.end()) and not spirit:
            continue
        i, depth = m.start(), 0
        while i > 0:
            ch = text[i - 1]
            if ch == "”":
                depth += 1
                opening = text.rfind("“", max(0, i - 60), i - 1)
                if opening < 0 or re.search(r"[。!?！？]", text[opening:i]):
                    break   # the end of a quotation, not a quoted name
            elif ch == "“":
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and (ch in _EVENT_STOP or ch.isspace() and not text[i - 2:i - 1].isdigit()):
                break
            i -= 1
            if m.end() - i > 60:
                break
        span = text[i:m.start()]
        # 贯彻A全会精神和B全会精神: the name begins after the spirit before it.
        k = _last_outside_quotes(span, spirit_word)
        joined = k >= 0 and _words("slogan", "conjunctions").match(span, k + len(spirit_word))
        if joined:
            i, span = i + joined.end(), span[joined.end():]
        # Cut at the last trigger verb: 市政府新闻办召开“…”系列新闻发布会 → “…”系列新闻发布会.
        cut, by = -1, ""
        depth = 0
        triggers = tuple(grammar()["event"]["name_triggers"])
        not_triggers = tuple(grammar()["event"]["not_triggers"])
        for k in range(len(span)):
            if span[k] == "“":
                depth += 1
            elif span[k] == "”":
                depth -= 1
            elif depth == 0 and span.startswith(triggers, k):   # one test in C before the loop
                for trig in triggers:
                    if span.startswith(trig, k) and k + len(trig) > cut and not (trig == "的" and span[k - 1:k] == "党") \
                            and not span.startswith(not_triggers, k):
                        cut, by = k + len(trig), trig   # 党的建设 is a name's own words
        # a spirit's name is a meeting's: no verb of studying it stays in (深入学习贯彻); after 的, a
        # clause may go on to its own verb (讨论的意见进行修改后提请X全会)
        if cut < 0 or spirit or by == "的":
            for verb in grammar()["event"]["cut_verbs"]:
                k = _last_outside_quotes(span, verb)
                if k >= 0 and k + len(verb) > cut and not P.units().match(span, k):  # 组织部 is no verb
                    cut = k + len(verb)
        start = i + cut if cut >= 0 else i
        if cut < 0 and i > 0 and text[i - 1] not in _EVENT_STOP and not joined:
            continue
        name = text[start:m.end()]
        prefix = text[start:m.start()]
        year = re.match(r"(?:\d{4}年|\d{1,2}月\d{1,2}[日号]|了|日|号)+", prefix)
        if year:
            start += year.end()
            prefix, name = prefix[year.end():], name[year.end():]
        if _words("event", "not_in_name").search(prefix):
            continue
        # 庆典、研讨会、论坛 or A会议和B会议: a list of kinds or of meetings; the last is named on its own
        if (listed := re.search(rf"(?:{P.event().pattern})(?:和|、)", prefix)) and not spirit:
            start += listed.end()
            prefix, name = prefix[listed.end():], name[listed.end():]
        deictic = _words("event", "deictic_prefixes").match(prefix) or re.fullmatch(grammar()["event"]["generic_prefix"], prefix)
        kind = _words("event", "kind_prefixes").match(prefix)
        if spirit:
            if prefix and not (deictic or kind) and len(prefix) >= 2:
                out.append(Mention("Slogan", start, m.end() + len(spirit_word), name + spirit_word))
            continue
        if not prefix or deictic or kind or len(prefix) < 2 or P.is_organ_name(prefix):
            if not (prefix == "" and m.group() in ("动员大会", "党代会")):
                if not prefix or kind and not deictic:
                    out.append(Mention("Event", start, m.end(), name, {"generic": True}))
                continue
        out.append(Mention("Event", start, m.end(), name))
    return out


FINDERS = (find_organs, find_posts, find_honorific_names, find_header_names, find_quoted,
           find_numbered, find_unquoted_campaigns, find_book_titles, find_events, find_speech_spirits,
           find_standing_documents, find_about_documents)
