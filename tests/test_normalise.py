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
        "手机版", "|", "无障碍版", "关怀版",
        "终审:王某",
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


def test_toneless_pinyin_folded_where_it_is_the_characters_reading():
    assert normalise("自治區黨(dang) 委召開會議") == "自治区党委召开会议"
    assert normalise("中共中央總書記習(xi) 近平出席") == "中共中央总书记习近平出席"
    assert normalise("方案(a)通过,长(zhang) 江") == "方案(a)通过,长江"   # (a) is no reading of 案


def test_keyword_line_above_a_mirror_page_dropped():
    page = "91自拍直播,久久AV老女人综合网,丝瓜草莓视频\n本页位置: 首页新闻中心国内新闻\n中共中央11部门新闻发言人集体亮相"
    assert normalise(page) == "中共中央11部门新闻发言人集体亮相"
    assert normalise("会议名单\n张三,李四,王五出席会议。") == "会议名单\n张三,李四,王五出席会议。"


def test_markup_inside_a_text_file_removed():
    from kg.ingest.sources import make_document

    doc = make_document("t.txt", "淄博市委书记&nbsp;马东升出席<strong>全市宣传工作会议</strong>并讲话。<br/>会议强调&ldquo;实干&rdquo;。")
    assert doc.text == "淄博市委书记 马东升出席全市宣传工作会议并讲话。\n会议强调“实干”。"


def test_title_is_a_headline_not_page_chrome():
    from kg.ingest.metadata import find_title

    assert find_title(["当前页面: 淮北先锋网 > 先锋头条", "https://www.gov.cn/", "(上海发布)", "全市组织部长会议召开"]) == "全市组织部长会议召开"
    assert find_title(["原标题:国家监委召开第一届特约监察员聘请会议"]) == "国家监委召开第一届特约监察员聘请会议"
