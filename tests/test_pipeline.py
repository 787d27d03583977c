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
    """The Doc's token (the text) is interned in a memory zone renewed every few hundred documents:
    a corpus of millions of distinct texts does not accumulate in the pipeline's string store."""
    nlp = build_nlp()
    mentions_of("市委书记张三出席会议。\n第一行")
    before = len(nlp.vocab.strings)
    sizes = []
    for i in range(2000):
        assert mentions_of(f"第{i}次会议：\n市委书记张三出席会议并讲话。")
        sizes.append(len(nlp.vocab.strings) - before)
    assert max(sizes) <= 256 + 1          # a new text a document, a zone's worth at most
    assert sizes[-1] < 1000               # not one a document for all of them


def test_doc_text_is_the_text():
    for text in ("第一行\n\n第三行，没有换行结尾", ""):
        doc = build_nlp()(text)
        assert doc.text == text and len(doc) == (1 if text else 0)


def test_threads_of_one_process_find_what_one_thread_finds():
    """A Dask worker runs documents in threads that share the pipeline and its memory zone."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"第{i}次会议由市委书记王{'一二三四五六七八'[i % 8]}明主持，市委宣传部部长李{i % 5}华讲话。" * 3
             for i in range(400)]
    alone = [[(m.label, m.start, m.end) for m in mentions_of(t)] for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: [(m.label, m.start, m.end) for m in mentions_of(t)], texts))
    assert together == alone
