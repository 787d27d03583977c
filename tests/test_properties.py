"""Property tests: any Unicode input goes through normalisation and extraction without a crash,
and every offset the graph records points into the text, at its evidence."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph.build import process
from kg.ingest.document import SourceError
from kg.ingest.normalise import normalise, normalise_name
from kg.ingest.sources import make_document

# Characters of the genre, so that generated texts hit the patterns (titles, organs, quotes …)
GENRE = ("市委宣传部副部长王建华书记朱雷先生纪委监委主任盘锦菏泽省政府“”《》:,。、\n"
         "两个确立三不腐作风建设年活动新闻发布会召开强调指出问答第五场()?·0123456789 ")
texts = st.one_of(st.text(alphabet=GENRE, max_size=300), st.text(max_size=300),
                  st.lists(st.sampled_from(["市委宣传部", "副部长", "王建华", "“两个维护”", "新闻发布会", ":", "\n",
                                            "问:", "答:", "《关于加强作风建设的意见》", "盘锦市", "召开", "。"]),
                           max_size=40).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_normalisation_never_crashes(text):
    out = normalise(text)
    assert isinstance(out, str)
    assert isinstance(normalise_name(text), str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_offsets_lie_in_the_text_at_their_evidence(text):
    doc = make_document("p.txt", text)
    if isinstance(doc, SourceError):
        return
    record = process(doc)
    n = len(doc.text)
    for rel in record["relations"]:
        assert 0 <= rel["start"] <= rel["end"] <= n
        assert rel["evidence"] == doc.text[rel["start"]:rel["end"]]
    for m in record["mentions"]:
        for s, e in m["spans"]:
            assert 0 <= s < e <= n
