"""The spaCy pipeline: lexicon matching (SpanRuler) and pattern finders, then one mention list.

`spacy.blank("zh")` with its character segmenter needs no download, and every character
offset is a token boundary, so patterns found on the text map exactly onto spans.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.extract.careers import find_careers
from kg.extract.mentions import FINDERS, Mention, find_bare_units
from kg.link.kb import knowledge_base

LABELS = ("Official", "Organ", "Campaign", "Slogan", "Event", "PolicyDocument")
_PRIORITY = {label: i for i, label in enumerate(("Official", "Organ", "Event", "Campaign", "PolicyDocument", "Slogan"))}

if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=None)


@Language.factory("kg_patterns")
def make_pattern_finder(nlp: Language, name: str):
    def find(doc: Doc) -> Doc:
        found: list[Mention] = []
        text = text_of(doc)
        for finder in (*FINDERS, find_careers):
            found.extend(finder(text))
        doc.user_data["kg_pattern_mentions"] = found
        doc.spans["kg_patterns"] = filter_spans(
            [s for m in found if (s := doc.char_span(m.start, m.end, m.label, alignment_mode="expand"))])
        return doc
    return find


@Language.factory("kg_mentions")
def make_mention_resolver(nlp: Language, name: str):
    """Merge lexicon and pattern mentions; overlapping spans keep the longest."""
    def resolve(doc: Doc) -> Doc:
        candidates: list[Mention] = list(doc.user_data.pop("kg_pattern_mentions", []))
        for span in doc.spans.get("kg_lexicon", []):
            candidates.append(Mention(span.label_, span.start_char, span.end_char, span.text,
                                      {"kb": span.id_}))
        merged: dict[tuple, Mention] = {}
        for m in candidates:
            key = (m.start, m.end, m.label)
            if key in merged:
                kept = merged[key].attrs
                both = {k: kept[k] + m.attrs[k] for k in ("posts", "titles") if k in kept and k in m.attrs}
                merged[key].attrs = {**m.attrs, **kept, **both}   # one name, posts from two chains
            else:
                merged[key] = m
        ordered = sorted(merged.values(), key=lambda m: (-(m.end - m.start), _PRIORITY[m.label], m.start))
        text = text_of(doc)
        taken = [False] * (len(text) + 1)
        kept = []
        for m in ordered:
            if m.attrs.get("nested"):
                kept.append(m)
                continue
            if any(taken[m.start:m.end]):
                continue
            for k in range(m.start, m.end):
                taken[k] = True
            kept.append(m)
        # Bare units (宣传部) are kept only where nothing else claimed the text.
        for m in find_bare_units(text):
            if not any(taken[m.start:m.end]):
                kept.append(m)
        doc._.kg_mentions = sorted(kept, key=lambda m: (m.start, m.end, m.label))
        return doc
    return resolve


class CharTokenizer:
    """One token per character, every character offset a token boundary.

    The same segmentation as spacy.blank("zh")'s char segmenter, built directly: spaCy's own
    path re-scans the text and slows down badly on very long lines.
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data["text"] = text
        return doc


def text_of(doc: Doc) -> str:
    """The text the doc was made from (spaCy rebuilds doc.text from its tokens on every access)."""
    return doc.user_data.get("text") or doc.text


@functools.cache
def build_nlp() -> Language:
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    ruler = nlp.add_pipe("span_ruler", name="kg_lexicon", config={"spans_key": "kg_lexicon", "overwrite": True})
    ruler.add_patterns([{"label": e.label, "pattern": form, "id": e.name}
                        for e in knowledge_base().entries for form in e.forms()])
    nlp.add_pipe("kg_patterns")
    nlp.add_pipe("kg_mentions")
    return nlp
