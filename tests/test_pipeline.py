"""The spaCy pipeline itself: the lexicon of the knowledge base, and a long run's memory."""

from kg.extract.pipeline import Lexicon, build_nlp
from kg.graph.build import mentions_of
from kg.link.kb import Entry


def test_lexicon_finds_every_form_and_every_overlap():
    entries = [Entry("Organ", "中共中央", ("党中央",)), Entry("Organ", "中央政治局"),
               Entry("Official", "某甲", ("甲同志",), {"match_name": False}),
               Entry("Organ", "甲同志")]   # one form, two entries: both are found
    text = "中共中央政治局会议，党中央决定。甲同志、某甲出席。"
    found = [(m.label, text[m.start:m.end], m.attrs["kb"]) for m in Lexicon(entries)(text)]
    assert found == [("Organ", "中共中央", "中共中央"), ("Organ", "中央政治局", "中央政治局"),
                     ("Organ", "党中央", "中共中央"),
                     ("Official", "甲同志", "某甲"), ("Organ", "甲同志", "甲同志")]


def test_a_long_run_does_not_grow_the_vocabulary():
    """The Doc's tokens (lines) are interned in a memory zone: a corpus of millions of distinct
    lines does not accumulate in the pipeline's string store."""
    nlp = build_nlp()
    mentions_of("市委书记张三出席会议。\n第一行")
    before = len(nlp.vocab.strings)
    for i in range(300):
        assert mentions_of(f"第{i}次会议：\n市委书记张三出席会议并讲话。")
    assert len(nlp.vocab.strings) == before


def test_doc_text_is_the_text():
    text = "第一行\n\n第三行，没有换行结尾"
    doc = build_nlp()(text)
    assert doc.text == text and [t.text for t in doc] == ["第一行\n", "\n", "第三行，没有换行结尾"]
