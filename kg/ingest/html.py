"""Visible text of an HTML page: scripts, styles and navigation dropped."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_DROP = "script, style, noscript, nav, header, footer, aside, iframe, form, template, svg"
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "title"}


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head or "<div" in head


def html_to_text(markup: str) -> tuple[str, str]:
    """Return (title, text) with one line per block element."""
    tree = HTMLParser(markup)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else ""
    for node in tree.css(_DROP):
        node.decompose()
    body = tree.body or tree.root
    if body is None:
        return title, ""
    for node in body.traverse(include_text=False):
        if node.tag in _BLOCK:
            node.insert_before("\n")
            node.insert_after("\n")
    lines = (line.strip() for line in body.text(separator="", deep=True).splitlines())
    return title, "\n".join(line for line in lines if line)
