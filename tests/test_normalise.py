from kg.ingest.metadata import find_date, find_locality
from kg.ingest.normalise import normalise, normalise_name


def test_pinyin_noise_removed_and_script_simplified():
    assert normalise("新聞發(fā)布會(huì)召開") == "新闻发布会召开"


def test_real_parentheses_after_cjk_are_kept():
    assert normalise("系列新聞發布會(第五場)") == "系列新闻发布会(第五场)"
    assert normalise("黨組(黨委)書記") == "党组(党委)书记"


def test_question_mark_standing_for_middle_dot():
    assert normalise("習近平總書記“7?9”重要講話") == "习近平总书记“7·9”重要讲话"
    assert normalise("这是真的吗?我不知道") == "这是真的吗?我不知道"


def test_full_width_folded():
    assert normalise("ＡＢＣ１２３，好") == "ABC123,好"


def test_boilerplate_lines_dropped():
    page = "\n".join([
        "您当前位置:首页 > 要闻 > 正文",
        "区委召开全会。",
        "字号:大 中 小 分享到:微信",
        "---此处隐藏300字,下载后查看---",
        "版权所有:某某网 鲁ICP备12345号",
    ])
    assert normalise(page) == "区委召开全会。"


def test_dates():
    assert find_date("发布时间:2024-01-02 10:00") == "2024-01-02"
    assert find_date("更新时间:2023-12 来源:网") == "2023-12"
    assert find_date("3月5日,会议召开。\n2022年工作回顾") == "2022-03-05"
    assert find_date("没有日期") is None


def test_locality_from_mentions():
    assert find_locality("淄博市委召开会议。淄博市委书记讲话。").name == "淄博市"
    assert find_locality("市委召开会议,没有地名。") is None
    # A county's short name that is a common word does not make a locality.
    assert find_locality("加快建设西部陆海新通道,通道建设。") is None


def test_name_key():
    assert normalise_name("“作風建設年” 活動") == "作风建设年活动"
