"""Multi-story files to stories: a daily transcript with fifteen stories is fifteen documents.

A story is a verbatim slice of the file (heading, body, link line), so each one is read exactly
as a file holding that story alone would be.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.resources import load_toml

_HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*?)[ \t#]*$", re.M)
# A thematic break (---) ends the last story: what follows is the file's colophon.
_BREAK = re.compile(r"^[ \t]*(?:-[ \t]*){3,}$", re.M)


@dataclass(frozen=True)
class Story:
    number: int   # position in the file, from 1; 0 for text before the first marker
    title: str
    text: str


@functools.cache
def link_line() -> re.Pattern:
    """`[查看原文](https://…)` alone on a line: the story's original."""
    labels = "|".join(map(re.escape, load_toml("ingest.toml")["stories"]["link_labels"]))
    return re.compile(rf"^[ \t]*\[(?:{labels})\]\((https?://[^)\s]+)\)[ \t]*$", re.M)


def split_markdown(text: str) -> list[Story] | None:
    """The stories of a Markdown file whose sections at one heading level are stories, or None.

    The deepest level with two or more sections wins when two of them carry a link to their
    original, or when they sit under a heading that names a list of stories (详细新闻). What comes
    before the first section (the file's title, a summary of the day) is no story.
    """
    headings = list(_HEADING.finditer(text))
    lists = set(load_toml("ingest.toml")["stories"]["list_headings"])
    for level in sorted({len(h.group(1)) for h in headings}, reverse=True):
        sections = _sections(text, headings, level)
        if len(sections) < 2:
            continue
        first = sections[0][0]
        parents = [h.group(2).strip() for h in headings if h.start() < first.start() and len(h.group(1)) < level]
        linked = sum(bool(link_line().search(text, start, end)) for _, start, end in sections)
        if linked >= 2 or (parents and parents[-1] in lists):
            return [Story(i, h.group(2).strip(), text[start:end].strip())
                    for i, (h, start, end) in enumerate(sections, 1)]
    return None


def _sections(text: str, headings: list[re.Match], level: int) -> list[tuple[re.Match, int, int]]:
    """(heading, start, end) of each section at `level`: up to the next heading as high or higher."""
    out = []
    for i, h in enumerate(headings):
        if len(h.group(1)) != level:
            continue
        end = next((n.start() for n in headings[i + 1:] if len(n.group(1)) <= level), None)
        if end is None:
            rule = _BREAK.search(text, h.end())
            end = rule.start() if rule else len(text)
        out.append((h, h.start(), end))
    return out


def split_by(text: str, pattern: re.Pattern) -> list[Story]:
    """Stories that start at each line where `pattern` matches (kg build --split); the title is
    that line. Text before the first marker is story 0."""
    starts = sorted({text.rfind("\n", 0, m.start()) + 1 for m in pattern.finditer(text)})
    if not starts:
        return [Story(0, "", text)]
    stories = [Story(0, "", text[:starts[0]].strip())] if text[:starts[0]].strip() else []
    for i, start in enumerate(starts, 1):
        end = starts[i] if i < len(starts) else len(text)
        chunk = text[start:end].strip()
        stories.append(Story(i, chunk.split("\n", 1)[0].strip().lstrip("#").strip(), chunk))
    return stories
