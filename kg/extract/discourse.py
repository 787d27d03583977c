"""The document as discourse: who speaks where, and who spoke at the event.

A page of this genre is a title and lead, then rosters, transcript turns or report paragraphs.
In prose, a speaker is set by an act: `X指出/强调/表示/说`, `X作报告/讲话/介绍/回答记者提问`,
`X就…作解读`, and carried through the paragraphs that follow (他指出 keeps it) until another
speaker. `会议指出` is the meeting's voice: whoever addressed it, else the body whose meeting it
is, else its chair. Several subjects of one act (A、B、C先后发言) speak, but no single one owns
the passage. Sidebars, related links and bylines belong to nobody.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from kg.extract.patterns import alternation
from kg.resources import grammar


@dataclass
class Act:
    kind: str            # "speech" (指出 …), "speaking" (讲话 …), "host" (主持), "attend" (出席 …), "voice",
                         # "future" (an act announced: X将作报告)
    start: int           # where the verb begins
    end: int
    subjects: list       # the Resolved officials who act (empty for a pronoun or the meeting's voice)
    span_start: int      # where the passage of this act begins (the subject, or the verb)


@functools.cache
def _verbs() -> re.Pattern:
    """The acts' verbs, each kind a named group. The lookahead on their first characters lets the
    engine skip a position with one test (it tries no branch of a group alternation otherwise)."""
    d = grammar()["discourse"]
    kinds = {"speech": d["speech_verbs"], "speaking": d["speaking_acts"], "host": d["host_acts"],
             "attend": d["attend_acts"]}
    first = "".join(sorted({w[0] for words in kinds.values() for w in words}))
    groups = "|".join(f"(?P<{k}>{alternation(v)})" for k, v in kinds.items())
    return re.compile(f"(?=[{re.escape(first)}])(?:{groups})")


@functools.cache
def _noun_context() -> tuple[re.Pattern, re.Pattern]:
    d = grammar()["discourse"]
    return re.compile(f"(?:{alternation(d['noun_before'])})$"), re.compile(alternation(d["noun_after"]))


@functools.cache
def _future() -> re.Pattern:
    """An act not yet done: a future mark right after its subject, or after the subject's title."""
    return re.compile(rf"[^，,。；;\n]{{0,3}}?(?:{alternation(grammar()['discourse']['future_marks'])})")


@functools.cache
def _voice() -> re.Pattern:
    return re.compile(f"(?:{alternation(grammar()['discourse']['meeting_voices'])})[,，]?$")


def story_end(text: str) -> int:
    """Where the story ends: the first line that opens a sidebar, related links or a byline."""
    marks = tuple(grammar()["discourse"]["sidebar_marks"])
    pos = 0
    for line in text.split("\n"):
        if pos > 0 and line.strip().lstrip("(（【[").startswith(marks):
            return pos
        pos += len(line) + 1
    return len(text)


def acts(text: str, officials: list, sentence_start) -> list[Act]:
    """Every act of the text in order, with the officials who are its subjects.

    The subjects of an act are the officials between it and the previous act or sentence start
    (A、B先后发言); an official followed by 的 is not a subject (受X的委托); an act after 并 or 后
    with no subject of its own has the subjects of the act before (X主持会议并讲话)."""
    found: list[Act] = []
    before_re, after_re = _noun_context()
    starts = [o.mention.start for o in officials]
    pronouns = tuple(grammar()["discourse"]["pronouns"])
    nouns = tuple(grammar()["discourse"]["noun_words"])
    bound = 0
    for m in _verbs().finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if before_re.search(text, max(0, s - 2), s) or after_re.match(text, e) \
                or text.endswith(nouns, 0, e):
            continue
        sent = sentence_start(s)
        lo = max(sent, bound)
        inside = officials[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, s)]
        subjects = _subjects(text, [o for o in inside if o.mention.end <= s], s)
        span_start = subjects[0].mention.start if subjects else s
        if not subjects and found and found[-1].start >= sent and s - found[-1].end <= 40:
            # X出席会议并讲话, X在参加审议时说: the subject of the act before, in the same sentence
            subjects, span_start = found[-1].subjects, found[-1].span_start
            kind = "future" if found[-1].kind == "future" else kind
        elif subjects and _future().match(text, subjects[-1].mention.end, s):
            kind = "future"
        if not subjects:
            k = s
            while k > lo and text[k - 1] in " ,，":
                k -= 1
            if text.endswith(pronouns, lo, k):
                kind = "speech" if kind in ("speech", "speaking") else kind
                found.append(Act(kind, s, e, [], s))
                bound = e
                continue
            if _voice().search(text, lo, s) and kind == "speech":
                found.append(Act("voice", s, e, [], s))
                bound = e
                continue
        found.append(Act(kind, s, e, subjects, span_start))
        bound = e
    return found


@functools.cache
def _thought() -> re.Pattern:
    return re.compile(grammar()["discourse"]["thought_after"])


def _subjects(text: str, before: list, verb: int) -> list:
    """The officials that act: the last one close to the verb, and those listed with it
    (A、B、C先后发言); never one who owns the next word (受X的委托, X重要讲话精神, 以X为核心, X党建思想)."""
    out: list = []
    limit = verb
    possessed = tuple(grammar()["discourse"]["possessed_after"])
    honorifics = tuple(grammar()["official"]["leader_honorifics"])
    for o in reversed(before):
        gap = limit - o.mention.end
        if gap > (40 if not out else 30) or "。" in text[o.mention.end:limit]:
            break
        after = o.mention.end
        after += next((len(h) for h in honorifics if text.startswith(h, after)), 0)   # X总书记重要讲话
        if text.startswith(possessed, after) or _thought().match(text, after, verb):   # not X强调解放思想
            if out:
                break
            continue   # 学习X总书记重要讲话精神作发言, 以X同志为核心的党中央提出: X owns a word, does not act
        out.append(o)
        limit = o.mention.start
    return out[::-1]
