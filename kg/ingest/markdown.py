"""Markdown markup out of a text: heading marks, link syntax, the story's link line."""

from __future__ import annotations

import re

from kg.ingest.split import link_line

_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)", re.M)
_TRAILING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.M)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|\.)[^)\s]*\)")


def looks_like_markdown(text: str) -> bool:
    head = text[:4096]
    return bool(_HEADING.search(head) or link_line().search(text))


def strip_markdown(text: str) -> tuple[str, str, str | None]:
    """(text, title, url): the first heading is the title, a link line to the original the url;
    both markup lines become plain text or go."""
    links: list[str] = []
    title = ""
    if "](" in text:   # each pass only where its markup can be (a story is read in every build)
        text = link_line().sub(lambda m: links.append(m.group(1)) or "", text)
    if "#" in text:
        heading = _HEADING.search(text)
        if heading:
            line_end = text.find("\n", heading.end())
            title = text[heading.end():line_end if line_end >= 0 else len(text)].strip()
        text = _HEADING.sub("", text)
        if " #" in text or "\t#" in text:
            text = _TRAILING_HASHES.sub("", text)
    if "![" in text:
        text = _IMAGE.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    return text, _TRAILING_HASHES.sub("", title).strip(), links[0] if links else None
