"""Event names as the genre writes them, on sentences written for the purpose."""

from kg.extract.mentions import find_events


def events(text: str) -> dict[str, bool]:
    """name → generic? of the events found in text."""
    return {m.text: bool(m.attrs.get("generic")) for m in find_events(text) if m.label == "Event"}


def test_a_date_or_a_joining_word_is_no_part_of_a_name():
    found = events("我们将举行三场活动:4月1日淄博市成立60周年庆祝大会,还有淄博市经济社会发展座谈会。")
    assert "淄博市成立60周年庆祝大会" in found and "淄博市经济社会发展座谈会" in found
    assert not any(n.startswith(("4月", "还有")) for n in found)


def test_an_ordinal_or_a_series_alone_is_a_generic_event():
    found = events("淄博市纪委召开了春节后的第一场新闻发布会。市政府新闻办举行系列新闻发布会。")
    assert all(generic for name, generic in found.items() if name in ("第一场新闻发布会", "系列新闻发布会"))


def test_of_two_meetings_joined_by_he_the_second_is_named_on_its_own():
    found = events("会议听取了市委八届一次全体会议和市纪委八届一次全体会议的筹备情况。")
    assert "市纪委八届一次全体会议" in found
    assert not any("和" in n for n in found)



def test_a_venue_or_a_longer_word_is_no_meeting():
    found = events("大会在人民大会堂举行。中国人民政治协商会议全国委员会召开常委会。")
    assert not any(n.endswith(("人民大会", "协商会")) for n in found)


def test_a_head_inside_a_longer_word_is_no_meeting():
    found = events("副总理会见东海国国民议会议长。他同北湖国国会议员座谈。双方连续两年会晤。要坚持和完善人民代表大会制度。")
    assert not any(n.endswith(("议会议", "国会议", "两年会", "人民代表大会")) for n in found)


def test_the_subject_and_verb_of_a_national_story_are_no_part_of_a_name():
    found = events("王建国会见出席第三届南山合作论坛的外方代表。会议听取了关于西湖发展大会筹备情况的汇报。"
                   "会议决定将上述草案提请第二次全体会议审议。刘志强致信祝贺首届北山科技大会开幕。"
                   "《东湖保护法》已由第五届南江代表大会第三次会议通过。")
    assert {"第三届南山合作论坛", "西湖发展大会", "首届北山科技大会"} <= set(found)
    assert not any(n.startswith(("王建国", "会议听取", "决定", "刘志强", "东湖保护法")) for n in found)


def test_a_count_or_this_session_alone_is_no_named_meeting():
    found = events("论坛期间举办了20多场专题会议和多场分论坛。本届大会由市政府主办。会上举行一次重要会议。")
    assert all(generic for generic in found.values())


def test_a_site_or_a_form_of_a_meeting_is_no_meeting():
    found = events("代表们参观了淄博市一大会址。会议以电视电话会议形式召开。")
    assert not any(n.endswith("大会") or "以" in n for n in found)


def test_a_word_that_begins_with_a_trigger_is_kept_in_the_name():
    found = events("市长刘文华出席全市高校毕业生就业创业工作推进会并讲话。")
    assert "全市高校毕业生就业创业工作推进会" in found


def test_a_clause_after_de_is_cut_at_its_own_verb():
    found = events("根据市委常委会讨论的意见进行修改后将报告稿提请市委十三届五次全会审议。")
    assert "市委十三届五次全会" in found


def test_a_speakers_words_about_the_meeting_are_no_part_of_its_name():
    found = events("他从深刻认识全会重大意义等方面作了阐释,并预祝大会取得圆满成功,期待这次大会达成共识。")
    assert all(generic for generic in found.values())
