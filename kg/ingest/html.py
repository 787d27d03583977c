"""HTML to text: a whole page to its article, a fragment (markup inside a text file) to its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_DROP = "script, style, noscript, nav, header, footer, aside, iframe, form, template, svg"
_TITLE_TAG = re.compile(r"<title\b", re.I)
_DROP_TAG = re.compile(r"<(?:" + "|".join(_DROP.split(", ")) + r")\b", re.I)   # is there any to drop?
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "title"}
# The page's own word for where the article comes from (the byline's 来源).
_SOURCE_META = ("ContentSource", "source", "og:site_name", "article:publisher")
_URL_META = ("og:url", "url")
_DATE_META = ("PubDate", "publishdate", "pubdate", "article:published_time", "og:release_date", "publish_time",
              "firstpublishedtime", "date")


@dataclass
class Page:
    title: str
    text: str
    date: str | None = None          # the page's own meta (PubDate …)
    guessed_date: str | None = None  # trafilatura's, from wherever on the page
    url: str | None = None
    source: str | None = None


# Markup left in a text or Markdown file: the tags of running text (not <script> or <img>, which
# a text may quote and is then shown as written), character entities.
_MARKUP = re.compile(r"</?(?:p|div|br|span|strong|b|em|i|u|font|a|table|tr|td|li|ul|ol|h[1-6])\b[^<>\n]{0,300}>"
                     r"|&(?:nbsp|ensp|emsp|amp|lt|gt|quot|ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|#\d{2,6}|#x[0-9a-f]{2,5});",
                     re.I)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    if "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head or "<div" in head:
        return True
    return _MARKUP.search(text) is not None


def is_page(text: str) -> bool:
    """A whole web page (not a fragment of markup inside a text)."""
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<head" in head


def html_to_text(markup: str) -> tuple[str, str]:
    """Return (title, text) with one line per block element: every visible line."""
    tree = HTMLParser(markup)
    title_node = tree.css_first("title") if _TITLE_TAG.search(markup) else None
    title = title_node.text(strip=True) if title_node else ""
    if _DROP_TAG.search(markup):   # a selector query costs more than the rest of a short fragment
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


def _meta(tree: HTMLParser, names: tuple[str, ...]) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[name="{name}"], meta[property="{name}"]')
        if node and (value := (node.attributes.get("content") or "").strip()):
            return value
    return None


def extract_page(markup: str) -> Page:
    """The article of a page: navigation, breadcrumbs, sidebars, related links, share bars and
    footers dropped; title from the article (h1, og:title), not the site's <title>; date, url and
    source from the page's own meta and byline.

    Two well-kept extractors, measured on pages built like real ones (scripts/bench_html.py):
    readability-lxml keeps the article and drops the most chrome, table layouts included, but
    loses articles made of <section>/<span> (WeChat); trafilatura keeps those and reads the
    metadata. The readability text is taken unless it holds less than half of trafilatura's.
    """
    import trafilatura

    found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=True)
    tree = HTMLParser(markup)
    page_title, visible = html_to_text(markup)
    wide = (found.text or "") if found else ""
    text = _readability_text(markup)
    if len(_squeezed(text)) < len(_squeezed(wide)) / 2:
        text = wide
    if not text.strip():
        text = visible
    from kg.ingest.metadata import find_source

    title = (found.title if found and found.title else "") or page_title
    if title == page_title:   # the <title>: the site's name after the headline
        title = _SITE_SUFFIX.split(title)[0] or title
    return Page(title=title, text=text, date=_meta(tree, _DATE_META), guessed_date=found.date if found else None,
                url=_meta(tree, _URL_META) or (found.url if found else None),
                source=_byline(_meta(tree, _SOURCE_META[:2])) or find_source(visible) or _meta(tree, _SOURCE_META[2:]))


def _byline(value: str | None) -> str | None:
    return re.sub(r"^\s*来源\s*[:：]\s*", "", value) if value else value


_SITE_SUFFIX = re.compile(r"\s*(?:--|__|_|\||-|–|—)\s*(?=[^_|\-–—]*$|.*(?:网|政府|频道|门户))")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _readability_text(markup: str) -> str:
    """The article readability-lxml finds, one line per block."""
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(markup).summary(html_partial=True)
    except (Unparseable, ValueError):
        return ""
    return html_to_text(summary)[1]
