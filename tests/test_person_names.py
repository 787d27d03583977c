"""LAC person names near title words, on sentences written for the test (invented names), with
the real model."""

import multiprocessing
import subprocess
import sys

import pytest

from kg.extract.person_names import person_spans, tagger, trim


def names(text: str, **kw) -> list[str]:
    return [text[s:e] for s, e in person_spans(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("市委书记李建强强调，要守住底线。", ["李建强"]),           # 强调 is not part of the name
    ("会上，局长 赵明 介绍了全市商务运行情况。", ["赵明"]),    # spaces around the name are not in the span
    ("副市长王志强通报了上半年经济运行情况。", ["王志强"]),
    ("县委副书记、县长孙文博主持会议。", ["孙文博"]),
    ("党委书记徐海涛和副书记冯丽娟分别讲话。", ["徐海涛", "冯丽娟"]),
    ("区委宣传部副部长、区委网信办主任刘嘉怡，区融媒体中心主任何振东出席活动。", ["刘嘉怡", "何振东"]),
])
def test_name_next_to_title(text, expected):
    assert names(text) == expected


def test_exact_spans():
    text = "市委书记李建强强调，副市长王志强通报。"
    assert person_spans(text) == [(4, 7), (13, 16)]


def test_roster_lines():
    # name before the title on its line, and a title ending one line with the name on the next
    assert names("发布人：\n陈立新 市商务局党组书记、局长\n周雅琴 市发展和改革委员会副主任\n") == ["陈立新", "周雅琴"]
    assert names("出席会议的领导有：市委常委、秘书长\n郑国华\n市政府副秘书长\n吴晓燕") == ["郑国华", "吴晓燕"]
    assert names("镇党委书记\n马东升\n镇长\n黄佳慧") == ["马东升", "黄佳慧"]


def test_formulations_and_text_without_titles():
    # LAC alone tags 正风肃纪 and 党忠诚 as people; no title word, no window, no span
    assert names("会议强调，要坚持正风肃纪，以对党忠诚的政治品格履职尽责。") == []
    assert names("") == []


def test_name_far_from_title_is_outside_window():
    text = "周雅琴在调研中说，要抓好落实，进一步提高服务水平。市委书记出席。"
    assert names(text, window=12) == []
    assert names(text, window=40) == ["周雅琴"]


def test_name_before_its_title():
    assert names("赵明副局长主持会议，孙文博副局长出席。") == ["赵明", "孙文博"]


def test_trim_what_lac_glues_on():
    # LAC tags 肖立新副 in some contexts: the start of a title never belongs to the name
    assert trim("肖立新副委员长主持会议。", [(0, 4)], {3}) == [(0, 3)]
    # 黄志刚和 loses its 和 because 黄志刚 is tagged elsewhere in the text; 钱卫和 keeps it
    text = "副书记黄志刚和钱卫东出席。黄志刚说，钱卫和主任到会。"
    assert trim(text, [(3, 7), (7, 10), (13, 16), (18, 21)], set()) == [(3, 6), (7, 10), (13, 16), (18, 21)]
    # longer than four characters, or not all Han characters: not a name here
    assert trim("宝音满都呼 A张三", [(0, 5), (6, 9)], set()) == []


def test_spacy_component():
    import spacy

    from kg.extract.pipeline import TextTokenizer

    nlp = spacy.blank("zh")
    nlp.tokenizer = TextTokenizer(nlp.vocab)
    nlp.add_pipe("kg_person_names")
    text = "副市长王志强通报了情况。"
    assert nlp(text).user_data["kg_person_spans"] == [(3, 6)]


def test_no_model_at_import():
    code = "import sys, kg.extract.person_names; assert 'onnxruntime' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def _child(queue):
    queue.put(names("副市长王志强通报了情况。"))


def test_works_in_forked_worker():
    tagger()  # the parent has a session before the fork
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(queue,))
    child.start()
    assert queue.get(timeout=60) == ["王志强"]
    child.join(timeout=60)
    assert child.exitcode == 0


def test_names_outside_the_surname_system_in_a_list_of_officials():
    from tests.conftest import extract

    nodes, _, _ = extract("甘南州召开会议。州委副书记、州委宣传部部长扎西草,旗人大常委会主任宝音满都呼,"
                          "州政协主席李明出席。市委书记崔立海会谈,并共进午餐。")
    officials = {n for label, n in nodes if label == "Official"}
    assert {"扎西草", "宝音满都呼", "李明"} <= officials
    assert not any(n.endswith("会谈") for n in officials)


def test_a_place_or_a_group_is_no_person():
    from tests.conftest import extract

    nodes, _, _ = extract("宁夏:推进大项目建设。\n向全体同志致贺电。欧盟委员会宣布新方案。市委书记宁志强讲话。")
    officials = {n for label, n in nodes if label == "Official"}
    organs = {n for label, n in nodes if label == "Organ"}
    assert officials == {"宁志强"}
    assert "盟委员会" not in organs
