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
    url, title = None, ""
    if "](" in text:   # each pass only where its markup can be (a story is read in every build)
        url = next((m.group(1) for m in link_line().finditer(text)), None)
        text = link_line().sub("", text)
    if "#" in text:
        heading = _HEADING.search(text)
        if heading:
            line_end = text.find("\n", heading.end())
            title = text[heading.end():line_end if line_end >= 0 else len(text)].strip()
        text = _TRAILING_HASHES.sub("", _HEADING.sub("", text))
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    return text, _TRAILING_HASHES.sub("", title).strip(), url
