"""The spaCy pipeline: the knowledge base's names (lexicon), the pattern finders, then one
mention list, in `doc._.kg_mentions` with character offsets into the text.

`spacy.blank("zh")` needs no download. Its Doc holds the text as one token (see TextTokenizer):
the finders read the text itself.
"""

from __future__ import annotations

import functools

import ahocorasick_rs
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.careers import find_appointments, find_careers
from kg.extract.mentions import FINDERS, Mention, find_bare_units, foreign_before
from kg.link.kb import knowledge_base

LABELS = ("Official", "Organ", "Campaign", "Slogan", "Event", "PolicyDocument")
_PRIORITY = {label: i for i, label in enumerate(("Official", "Organ", "Event", "Campaign", "PolicyDocument", "Slogan"))}

if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=None)


class Lexicon:
    """Every occurrence of every form of the knowledge base (overlapping ones too), in one
    Aho–Corasick scan."""

    def __init__(self, entries):
        by_form: dict[str, set[tuple[str, str]]] = {}
        for e in entries:
            for form in e.forms():
                if form:
                    by_form.setdefault(form, set()).add((e.label, e.name))
        self.forms = sorted(by_form)
        self.entries = [sorted(by_form[f]) for f in self.forms]
        self.automaton = ahocorasick_rs.AhoCorasick(self.forms) if self.forms else None

    def __call__(self, text: str) -> list[Mention]:
        if self.automaton is None:
            return []
        found = [Mention(label, start, end, text[start:end], {"kb": name})
                 for i, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True)
                 for label, name in self.entries[i]]
        return sorted(found, key=lambda m: (m.start, m.end, m.label, m.attrs["kb"]))


@Language.factory("kg_lexicon")
def make_lexicon(nlp: Language, name: str):
    lexicon = Lexicon(knowledge_base().entries)

    def find(doc: Doc) -> Doc:
        doc.user_data["kg_lexicon_mentions"] = lexicon(text_of(doc))
        return doc
    return find


@Language.factory("kg_patterns")
def make_pattern_finder(nlp: Language, name: str):
    def find(doc: Doc) -> Doc:
        found: list[Mention] = []
        text = text_of(doc)
        for finder in (*FINDERS, find_careers, find_appointments):
            found.extend(finder(text))
        doc.user_data["kg_pattern_mentions"] = found
        return doc
    return find


@Language.factory("kg_mentions")
def make_mention_resolver(nlp: Language, name: str):
    """Merge lexicon and pattern mentions; overlapping spans keep the longest."""
    def resolve(doc: Doc) -> Doc:
        candidates: list[Mention] = [*doc.user_data.pop("kg_pattern_mentions", []),
                                     *doc.user_data.pop("kg_lexicon_mentions", [])]
        merged: dict[tuple, Mention] = {}
        text = text_of(doc)
        for m in candidates:
            if m.label == "Organ" and foreign_before(text, m.start):
                continue   # 俄罗斯国防部: another country's body, not the national one
            key = (m.start, m.end, m.label)
            if key in merged:
                kept = merged[key].attrs
                both = {k: kept[k] + m.attrs[k] for k in ("posts", "titles") if k in kept and k in m.attrs}
                merged[key].attrs = {**m.attrs, **kept, **both}   # one name, posts from two chains
            else:
                merged[key] = m
        ordered = sorted(merged.values(), key=lambda m: (-(m.end - m.start), _PRIORITY[m.label], m.start))
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
            if not any(taken[m.start:m.end]) and not foreign_before(text, m.start):
                kept.append(m)
        doc._.kg_mentions = sorted(kept, key=lambda m: (m.start, m.end, m.label))
        return doc
    return resolve


class TextTokenizer:
    """The text as one token: doc.text is the text, character for character. The finders read the
    text itself, so finer tokens would only be work (a token per character, spaCy's default for
    Chinese, is a Python object per character of a corpus of millions)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])
        doc.user_data["text"] = text
        return doc


def text_of(doc: Doc) -> str:
    """The text the doc was made from (spaCy rebuilds doc.text from its tokens on every access)."""
    return doc.user_data.get("text") or doc.text


@functools.cache
def build_nlp() -> Language:
    nlp = spacy.blank("zh")
    nlp.vocab.lex_attr_getters = {}   # like_num, shape … of a whole text mean nothing, and cost a pass over it
    nlp.tokenizer = TextTokenizer(nlp.vocab)
    nlp.add_pipe("kg_lexicon")
    nlp.add_pipe("kg_patterns")
    nlp.add_pipe("kg_mentions")
    return nlp
