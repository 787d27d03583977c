"""Relations between resolved mentions, from the structure of the text.

Posts come from title–name patterns; who reported what from the speaker structure of a
transcript (发布人 lists, speaker headers, 问/答 turns, sections headed by an organ, the body an
interview is with); LEADS and ISSUED from the verbs of a clause.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.extract import discourse
from kg.extract import patterns as P
from kg.extract import posts
from kg.extract.mentions import Mention
from kg.link.document import DocumentLinker, Entity, Resolved
from kg.link.kb import knowledge_base
from kg.resources import grammar

_SENT_END = "。!?;！？；\n"
_CLAUSE_END = _SENT_END + ",，:："
_SENT_END_RE = re.compile(f"[{_SENT_END}]")
_CLAUSE_END_RE = re.compile(f"[{_CLAUSE_END}]")
# Tried on every line of every document: compiled once, not looked up in re's cache each time.
_QUESTION = re.compile(r"问\s*[:：]")
_ANSWER = re.compile(r"答\s*[:：]")
_TURN = re.compile(r"\s*([^:：\n]{2,30})[:：]")
_SPEECH_TITLE = re.compile(r"[^\n]{2,40}?(?=在[^\n]{2,60}上的[^\n,，。]{0,6}(?:发言|讲话|报告|汇报|致辞)$)")
_RESPONSIBLE = re.compile(r"(有关|相关)负责(人|同志)")
_CONVENE = re.compile(r"召开|举行|举办")
_CONVENED_BEFORE = re.compile(rf"({_CONVENE.pattern})了?$")
_CONVENED_AFTER = re.compile(rf"(在[^,，。]{{1,12}})?({_CONVENE.pattern})")
REPORTABLE = ("Campaign", "Slogan", "PolicyDocument")


@functools.cache
def _issued_kind() -> re.Pattern:
    """The kind of an issued text ending a title or its first part (…讣告)."""
    return re.compile(rf"(?:{P.alternation(grammar()['document']['issued_kinds'])})(?=[\s:：]|$)")


@functools.cache
def _roster() -> tuple[re.Pattern, re.Pattern]:
    """A roster's head (13位新闻发言人分别是:), and the words that make one of spokespersons."""
    g = grammar()["official"]
    heads, verbs = P.alternation(g["roster_heads"]), P.alternation(g["roster_verbs"])
    return re.compile(rf"({heads})(?:{verbs})[:：]"), re.compile(P.alternation(g["spokesperson_words"]))


@dataclass
class Relation:
    type: str
    head: Entity
    tail: Entity
    start: int          # evidence sentence offsets in the normalised text
    end: int
    props: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=65536)
def parent_name(name: str) -> str | None:
    """The organ a named unit belongs to, by the structure of its name: 淄博市委宣传部 → 淄博市委.

    None for a combined body (纪委监委) or a name whose rest is not whole units (新闻办|公室)."""
    organ_re, group_re = P.organ(), P.leading_group()
    for cut in range(len(name) - 2, 1, -1):
        prefix, rest = name[:cut], name[cut:]
        if not (organ_re.fullmatch(prefix) or group_re.fullmatch(prefix)):
            continue
        if P.bodies().fullmatch(rest):
            return None
        if P.units().fullmatch(rest):
            return prefix          # 市委宣传部
    # One unit outside the closed list, after a body: 市委改革办, 中央统战部研究室, 中宣部人权事务局宣传处.
    for cut in range(len(name) - 2, 1, -1):
        prefix, rest = name[:cut], name[cut:]
        if re.fullmatch(posts.open_unit(), rest) and not P.continues(prefix, rest) and _is_organ(prefix):
            return prefix
    return None


def _is_organ(name: str) -> bool:
    """An organ by its name alone: grammatical, known, a unit of one, or a place's own committee
    (云南省精神文明建设指导委员会)."""
    if P.is_organ_name(name) or P.leading_group().fullmatch(name) or P.known_organ().fullmatch(name):
        return True
    place = P.place().match(name)
    if place and re.fullmatch(posts.open_unit(), name[place.end():]) and name.endswith(tuple(grammar()["organ"]["bodies"])):
        return True
    return parent_name(name) is not None


class RelationExtractor:
    def __init__(self, linker: DocumentLinker, resolved: list[Resolved]):
        self.linker = linker
        self.text = linker.doc.text
        self.resolved = sorted(resolved, key=lambda r: (r.mention.start, r.mention.end, r.mention.label))
        self._starts = [r.mention.start for r in self.resolved]
        self._label_cache: dict[tuple, list[Resolved]] = {}
        self.relations: list[Relation] = []
        self._seen: set = set()
        self.posts: dict[tuple, list[Entity]] = {}
        self.implied: list[Resolved] = []   # parents spelled inside a mentioned organ's name
        self.speaker_of: dict[int, Entity] = {}
        self.main_event: Entity | None = None
        self.issued = False
        self._sentence_ends = [m.start() for m in _SENT_END_RE.finditer(self.text)]

    def add(self, type_: str, head: Entity, tail: Entity, at: int, **props) -> None:
        if head.key == tail.key:
            return
        key = (type_, head.key, tail.key, props.get("title"))
        if key in self._seen:
            return
        self._seen.add(key)
        s, e = self.sentence(at)
        self.relations.append(Relation(type_, head, tail, s, e, props))

    def run(self) -> list[Relation]:
        self.holds_position()
        self.part_of()
        self.acts = discourse.acts(self.text, self._by_label("Official"), lambda i: self.sentence(i)[0])
        self.main_event = self.find_main_event()
        self.meeting_voice = self.find_meeting_voice()
        self.speakers()
        self.spoke_at()
        if self.main_event is not None:
            for rel in self.relations:
                if rel.type == "REPORTED":
                    rel.props["event"] = self.main_event.name
        self.leads_and_issued()
        return self.relations

    # ------------------------------------------------------------ helpers
    def _organ_span(self, start: int, end: int, name: str) -> Entity | None:
        """The organ resolved at exactly [start, end), preferring the one a post named `name`."""
        lo = bisect.bisect_left(self._starts, start)
        found = [r for r in self.resolved[lo:bisect.bisect_right(self._starts, start)]
                 if r.mention.end == end and r.entity.label == "Organ"]
        return next((r.entity for r in found if r.mention.attrs.get("name") == name), None) \
            or next((r.entity for r in found if not r.mention.attrs.get("name")), None)

    def sentence(self, i: int) -> tuple[int, int]:
        """The sentence around offset i: after the end mark before it, through the next one."""
        ends = self._sentence_ends
        k = bisect.bisect_left(ends, i)
        s = ends[k - 1] + 1 if k else 0
        e = ends[k] + 1 if k < len(ends) else len(self.text)
        while e > s and self.text[e - 1] == "\n":
            e -= 1
        return s, e

    @functools.cached_property
    def _clause_ends(self) -> list[int]:
        """Found when first asked for: most documents have no clause to bound."""
        return [m.start() for m in _CLAUSE_END_RE.finditer(self.text)]

    def clause_start(self, i: int) -> int:
        ends = self._clause_ends
        k = bisect.bisect_left(ends, i)
        return ends[k - 1] + 1 if k else 0

    def _by_label(self, *labels: str) -> list[Resolved]:
        if labels not in self._label_cache:
            self._label_cache[labels] = [r for r in self.resolved if r.entity.label in labels]
        return self._label_cache[labels]

    def _within(self, start: int, end: int) -> list[Resolved]:
        """The resolved mentions inside [start, end] (mentions are sorted by start)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        return [r for r in self.resolved[lo:hi] if r.mention.end <= end]

    # ------------------------------------------------------------ HOLDS_POSITION
    def holds_position(self) -> None:
        for r in self._by_label("Official"):
            m = r.mention
            for post in m.attrs.get("posts", ()):
                s, e, name = post["organ"]
                organ = self._organ_span(s, e, name) or self.linker.organ(name)
                status = {"status": post["status"]} if post.get("status") else {}
                self.add("HOLDS_POSITION", r.entity, organ, post.get("at", m.start), title=post["title"], **status)
                if not status:
                    self.posts.setdefault(r.entity.key, []).append(organ)
            kb = knowledge_base().lookup("Official", r.entity.name) if r.entity.props.get("kb") else None
            if kb:
                for post in kb.props.get("posts", ()):
                    if post["title"] in m.text:
                        organ = self.linker.organ(post["organ"])
                        self.add("HOLDS_POSITION", r.entity, organ, m.start, title=post["title"])
        # 桑福岭书记 with no post stated: the party secretary of the document's locality.
        place = self.linker.place
        for r in self._by_label("Official"):
            if r.entity.key in self.posts or r.entity.props.get("kb") or place is None:
                continue
            for t in r.mention.attrs.get("titles", ()):
                if t in ("书记", "副书记") and not r.mention.attrs.get("posts"):
                    organ = self.linker.organ(place.party_committee)
                    self.add("HOLDS_POSITION", r.entity, organ, r.mention.start, title=t)
                    self.posts.setdefault(r.entity.key, []).append(organ)
                    break

    # ------------------------------------------------------------ PART_OF
    def part_of(self) -> None:
        for r in self._by_label("Organ"):
            self._parents(r)
        done = set()
        for r in self.implied:    # a parent only spelled inside a name has its own parent (… 统战部 → 市委)
            if r.entity.key not in done:
                done.add(r.entity.key)
                self._parents(r)

    def _parents(self, r: Resolved) -> None:
        if not r.entity.props.get("kb"):
            self._combined_parts(r)
            if up := r.mention.attrs.get("parent"):   # a career names its units
                return self._part_of(r, self._organ_like(up, r.entity))
        if parent := self._parent(r.entity):
            self._part_of(r, parent)

    def _parent(self, organ: Entity) -> Entity | None:
        """The organ `organ` is part of: by the knowledge base for a national body (中共中央政治局
        is part of 中共中央: data of the world), else by the structure of its name."""
        if organ.props.get("kb"):
            kb = knowledge_base().lookup("Organ", organ.name)
            up = kb.props.get("part_of") if kb else None
            return self.linker.organ(up) if up else None
        up = parent_name(organ.name)
        return self._organ_like(up, organ) if up else None

    def _part_of(self, r: Resolved, parent: Entity) -> None:
        """PART_OF a parent the child's name spells (市委 in 市委宣传部, 人大 in 人大常委会): the parent
        is mentioned where the child's text writes it."""
        self.add("PART_OF", r.entity, parent, r.mention.start)
        m, rest = r.mention, r.entity.name[len(parent.name):]
        if r.entity.name.startswith(parent.name) and m.text.endswith(rest):
            end = m.end - len(rest)
        else:
            kb = knowledge_base().lookup("Organ", parent.name)
            forms = sorted(kb.forms() if kb else [parent.name], key=len, reverse=True)
            end = next((m.start + len(f) for f in forms if m.text.startswith(f)), m.start)
        if end > m.start:
            self.implied.append(Resolved(Mention("Organ", m.start, end, m.text[:end - m.start]), parent))

    def _combined_parts(self, r: Resolved) -> None:
        """盘锦市纪委 and 盘锦市监委 are parts of 盘锦市纪委监委."""
        for body, parts in grammar()["organ"]["combined"].items():
            prefix = r.entity.name[: -len(body)]
            if r.entity.name.endswith(body) and prefix:
                for part in parts:
                    self.add("PART_OF", self._organ_like(prefix + part, r.entity), r.entity, r.mention.start)

    def _organ_like(self, name: str, like: Entity) -> Entity:
        """The organ called `name`, scoped as `like` is: a local body's relatives are local too."""
        if len(like.key) == 3:
            return self.linker.entity(("Organ", name, like.key[2]), "Organ", name)
        return self.linker.organ(name)

    # ------------------------------------------------------------ REPORTED
    def default_speaker(self) -> Entity | None:
        """Who speaks where nobody else is named: the author of a speech titled `X在Y上的发言`,
        the body whose 有关负责人 answers, or a local body that opens several paragraphs."""
        text = self.text
        organs = self._by_label("Organ")
        first = text.split("\n", 1)[0]
        kind = _issued_kind().search(first.rstrip("。 "))
        if kind:   # …讣告 or …讣告 朱某同志逝世: the kind ends the title or its first part
            issuer = [r for r in self._within(0, kind.start()) if r.entity.label == "Organ"]
            if issuer:   # 中共中央 国务院…讣告: the issuing body speaks throughout
                self.issued = True
                return issuer[0].entity
        title = "上的" in first and _SPEECH_TITLE.match(first)   # X在Y上的讲话
        if title:
            who = [r for r in self._within(0, title.end()) if r.entity.label in ("Official", "Organ")]
            if who and who[-1].mention.end == title.end():
                return who[-1].entity
        for m in _RESPONSIBLE.finditer(text):
            cs = self.clause_start(m.start())
            inside = [r for r in organs if cs <= r.mention.start < m.start()]
            if len({r.entity.key for r in inside}) == 1:
                return inside[0].entity
            if len(inside) > 1:
                return None
        starts = Counter()
        for r in organs:
            if r.entity.props.get("kb"):
                continue   # a national body opening paragraphs is reported on, not speaking
            i = r.mention.start
            before = text[max(0, i - 2):i]
            if i == 0 or before[-1:] in "\n。" or before.endswith(("答:", "答：")):
                starts[r.entity.key] += 1
        if starts:
            key, n = starts.most_common(1)[0]
            if n >= 2:
                return next(r.entity for r in organs if r.entity.key == key)
        return None

    def speakers(self) -> None:
        """Walk the lines, tracking who speaks; each reportable mention is REPORTED by them."""
        g = grammar()["official"]
        default = self.default_speaker()
        speaker = default
        pos = 0
        self.presenters: list[Resolved] = []
        in_list = False
        # Once turns are marked (headers, 问/答), or in a text a body issues, prose acts change no speaker.
        transcript = self.issued
        story_end = discourse.story_end(self.text)
        pending = iter(self.acts)
        act = next(pending, None)

        def follow_acts(until: int, inclusive: bool) -> None:
            """Let the prose acts up to `until` change the speaker (not in a transcript)."""
            nonlocal act, speaker
            while act is not None and (act.span_start <= until if inclusive else act.span_start < until):
                if not transcript:
                    speaker = self._act_speaker(act, speaker)
                act = next(pending, None)
        for line in self.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            if start >= story_end:
                break
            bare = line.rstrip(":：").strip()
            inside = self._within(start, end)
            if bare in g["presenter_list"]:
                in_list, speaker = True, None
                continue
            header = self._header(bare, start, inside)
            if in_list:
                if header is not None and header.entity.label == "Official":
                    self.presenters.append(header)
                    continue
                in_list = False
            if bare in g["host_words"] or bare.endswith("记者") or bare in g["question_marks"]:
                speaker, transcript = None, True
                continue
            if _QUESTION.match(line):
                speaker, transcript = None, True
                continue
            if _ANSWER.match(line):
                speaker, transcript = default, True
            elif header is not None:
                speaker, transcript = header.entity, True
                if header.entity.label == "Official":
                    self.presenters.append(header)
                continue
            elif turn := self._inline_turn(line, start, inside):
                speaker, transcript = turn.entity, True  # 王建华:各位记者… — the speaker's name opens the line
                if turn.entity.label == "Official":
                    self.presenters.append(turn)
            if "邀请" in line:
                self.presenters += [r for r in inside if r.entity.label == "Official" and r.mention.attrs.get("posts")]
            for r in inside:
                follow_acts(r.mention.start, inclusive=True)
                if r.entity.label in REPORTABLE:
                    head = self._quoted_speaker(r) or speaker
                    if head is not None:
                        self.speaker_of[r.mention.start] = head
                        self.add("REPORTED", head, r.entity, r.mention.start)
            follow_acts(end, inclusive=False)

    def _act_speaker(self, act: discourse.Act, speaker: Entity | None) -> Entity | None:
        """The speaker after an act: its one subject, nobody for a group, the meeting's voice."""
        if act.kind == "voice":
            return self.meeting_voice
        if act.kind not in ("speech", "speaking"):
            return speaker
        if not act.subjects:
            return speaker                     # 他指出: the same speaker
        if self._quotes(act, speaker):
            return speaker
        keys = {o.entity.key for o in act.subjects}
        return act.subjects[0].entity if len(keys) == 1 else None

    def _quotes(self, act: discourse.Act, speaker: Entity | None) -> bool:
        """A national leader's words cited in a local page, or inside another official's passage,
        are not a new speaker."""
        def leader(o: Resolved) -> bool:   # the leader a bare title stands for (总书记)
            kb = knowledge_base().lookup("Official", o.entity.name) if o.entity.props.get("kb") else None
            return bool(kb and kb.props.get("titles"))

        def introduced(o: Resolved) -> bool:   # 中共中央政治局委员、国务院副总理X: a new actor, not a quote
            chain = o.mention.attrs.get("chain")
            return bool(o.mention.attrs.get("posts")) and chain is not None and chain[1] <= o.mention.start

        if not act.subjects:
            return False
        if speaker is not None and speaker.label == "Official":
            return all(o.entity.props.get("kb") and o.entity.key != speaker.key and not introduced(o)
                       for o in act.subjects)
        return self.linker.place is not None and all(leader(o) for o in act.subjects)

    def _header(self, bare: str, start: int, inside: list[Resolved]) -> Resolved | None:
        """A line that names only a speaker: 朱雷 / 市委宣传部副部长黄勇: / 市纪委监委."""
        if not bare or len(bare) > 30:
            return None
        officials = [r for r in inside if r.entity.label == "Official"]
        if officials and officials[-1].mention.end - start == len(bare):
            return officials[-1]
        organs = [r for r in inside if r.entity.label == "Organ"]
        if len(organs) == 1 and organs[0].mention.start == start and organs[0].mention.end - start == len(bare):
            return organs[0]
        return None

    def _inline_turn(self, line: str, start: int, inside: list[Resolved]) -> Resolved | None:
        m = (":" in line or "：" in line) and _TURN.match(line)   # a turn's name ends at a colon
        return self._header(m.group(1).strip(), start + m.start(1), inside) if m else None

    def _quoted_speaker(self, r: Resolved) -> Entity | None:
        """习近平总书记指出:“…”: the official before a speech verb speaks the quotation."""
        text = self.text
        s, _ = self.sentence(r.mention.start)
        verbs = grammar()["official"]["speech_verbs"]
        for o in self._within(s, r.mention.start):
            if o.entity.label == "Official" and o.mention.start < r.mention.start:
                between = text[o.mention.end:r.mention.start]
                if len(between) <= 6 and any(between.startswith(v) for v in verbs):
                    return o.entity
        return None

    # ------------------------------------------------------------ SPOKE_AT
    def spoke_at(self) -> None:
        text = self.text
        events = self._by_label("Event")
        main = self.main_event
        self.inline_rosters()
        if main:
            for p in self.presenters:
                self.add("SPOKE_AT", p.entity, main, p.mention.start, role="presenter")
            speaker = None
            for act in self.acts:
                if act.kind in ("speech", "speaking", "host") and not self._quotes(act, speaker):
                    for o in act.subjects:
                        self.add("SPOKE_AT", o.entity, main, o.mention.start,
                                 role="host" if act.kind == "host" else "speaker")
                if act.kind in ("speech", "speaking"):
                    speaker = self._act_speaker(act, speaker)
        for o in self._by_label("Official"):
            after = text[o.mention.end:o.mention.end + 2]
            if not after.startswith("在"):
                continue
            for ev in events:
                if ev.mention.start == o.mention.end + 1 and text[ev.mention.end:ev.mention.end + 1] == "上" \
                        and self._speaks_after(ev.mention.end + 1):
                    self.add("SPOKE_AT", o.entity, ev.entity, o.mention.start, role="speaker")

    def _speaks_after(self, i: int) -> bool:
        """X在Y上讲话 / 指出 speaks at Y; X在Y上当选 does not: an act of speech in the clause after 上."""
        d = grammar()["discourse"]
        clause = re.split(r"[,，。;；\n]", self.text[i:i + 16], maxsplit=1)[0]
        return any(w in clause for w in (*d["speech_verbs"], *d["speaking_acts"], *d["host_acts"])) \
            and not any(w in clause for w in d["not_speaking"])

    @functools.cached_property
    def lead_end(self) -> int:
        """The title and lead: the first six lines (page clutter is short lines), at least 300 characters."""
        ends = [m.start() for m in itertools.islice(re.finditer("\n", self.text), 6)]
        return max(300, ends[5] if len(ends) == 6 else len(self.text))

    def inline_rosters(self) -> None:
        """13位新闻发言人分别是:A;B;C。 — every listed official presents, and a spokesperson roster
        makes each a spokesperson of the first body of their own post."""
        g = grammar()["official"]
        roster, spokesperson = _roster()
        for m in roster.finditer(self.text):
            end = min(k for k in (self.text.find("。", m.end()), self.text.find("\n", m.end()), len(self.text)) if k >= 0)
            listed = [r for r in self._within(m.end(), end) if r.entity.label == "Official"]
            self.presenters += listed
            para = self.text.rfind("\n", 0, m.start()) + 1
            if m.group(1).endswith("发言人") or spokesperson.search(self.text, max(para, m.start() - 60), m.start()):
                for r in listed:
                    organs = self.posts.get(r.entity.key)
                    if organs:
                        self.add("HOLDS_POSITION", r.entity, self._department(organs[0]), r.mention.start,
                                 title=g["roster_heads"][0])

    def _department(self, organ: Entity) -> Entity:
        """The body a unit serves under its governing body: 中央外宣办新闻局 → 中央外宣办, 市委统战部机关党委
        → 市委统战部; 市委组织部 stays, its parent (市委) being a body of no other."""
        above = self._parent(organ)
        while above is not None and (higher := self._parent(above)) is not None:
            organ, above = above, higher
        return organ

    def find_main_event(self) -> Entity | None:
        """The event of the page: in the title or lead, the one convened there (X召开/举行…), else the
        first named."""
        lead = [r for r in self._by_label("Event") if r.mention.start < self.lead_end and not r.entity.props.get("kb")]
        convened = [r for r in lead if _CONVENED_BEFORE.search(self.text[max(0, r.mention.start - 40):r.mention.start].split("，")[-1].split(",")[-1])
                    or _CONVENED_AFTER.match(self.text[r.mention.end:r.mention.end + 16])]
        # An event not convened here is the page's only where its title or first sentence names it
        # (an obituary's career names events it is not about).
        first_sentence_end = self.sentence(self.text.find("\n") + 1)[1]
        opening = [r for r in lead if r.mention.start < first_sentence_end and not self._guests_event(r)]
        chosen = convened or opening
        return chosen[0].entity if chosen else None

    def _guests_event(self, r: Resolved) -> bool:
        """会见来华出席X的Y总理: an event that qualifies the guests met is theirs, not the page's."""
        if not self.text.startswith("的", r.mention.end):
            return False
        clause = self.text[self.clause_start(r.mention.start):r.mention.start]
        return any(v in clause for v in grammar()["event"]["guest_verbs"])

    def find_meeting_voice(self) -> Entity | None:
        """Who 会议指出 speaks for: the one official who addressed the meeting (讲话, 作报告), else the
        body that convened it (X召开/举行 in the lead), else its one chair."""
        addressed = {o.entity.key: o.entity for a in self.acts if a.kind == "speaking" and "讲话" in self.text[a.start:a.end + 2]
                     for o in a.subjects}
        if len(addressed) == 1:
            return next(iter(addressed.values()))
        for m in _CONVENE.finditer(self.text, 0, self.lead_end):
            s = self.sentence(m.start())[0]
            organs = [r for r in self._by_label("Organ") if s <= r.mention.start < m.start()]
            if organs:
                return organs[0].entity
        chairs = {o.entity.key: o.entity for a in self.acts if a.kind == "host" for o in a.subjects}
        return next(iter(chairs.values())) if len(chairs) == 1 else None

    # ------------------------------------------------------------ LEADS, ISSUED
    def leads_and_issued(self) -> None:
        text = self.text
        lead_verbs = grammar()["campaign"]["lead_verbs"]
        issue_verbs = grammar()["document"]["issue_verbs"]
        speaker_at = self.speaker_of
        for r in self.resolved:
            if r.entity.label == "Campaign":
                verbs, rel = lead_verbs, "LEADS"
            elif r.entity.label == "PolicyDocument" and not r.entity.props.get("kb"):
                verbs, rel = issue_verbs, "ISSUED"
                if issuer := self._named_issuer(r.mention.text):   # 市委关于…的决定: issued by 市委
                    self.add(rel, issuer, r.entity, r.mention.start)
                    continue
            else:
                continue
            cs = self.clause_start(r.mention.start)
            clause = text[cs:r.mention.start]
            hits = [clause.rfind(v) for v in verbs if v in clause]
            if not hits:
                continue
            verb_at = cs + max(hits)
            s, _ = self.sentence(r.mention.start)
            before = [o for o in self._within(s, verb_at) if o.entity.label == "Organ"]
            heads = [before[-1].entity] if before else []
            if not heads:
                sp = speaker_at.get(r.mention.start)
                if sp is not None and sp.label == "Organ":
                    heads = [sp]
                elif sp is not None:
                    heads = self.posts.get(sp.key, [])[:1]
            for h in heads:
                self.add(rel, h, r.entity, r.mention.start)

    def _named_issuer(self, title: str) -> Entity | None:
        """The body a document's name begins with, before 关于: 《中共某市委关于…的决定》 → 某市委."""
        name = title.lstrip("《“")
        if "关于" not in name:
            return None   # most documents' names: no need to try the organ patterns
        for prefix in grammar()["organ"]["drop_prefixes"]:
            name = name[len(prefix):] if name.startswith(prefix) else name
        m = P.known_organ().match(name) or P.organ().match(name)
        return self.linker.organ(m.group()) if m and name.startswith("关于", m.end()) else None
