"""Who speaks, where, at which event: the discourse layer on texts written for the purpose."""

from tests.test_posts import named_edges


def relations(text: str, type_: str) -> set[tuple[str, str]]:
    return {(e["source_name"], e["target_name"]) for e in named_edges(text) if e["type"] == type_}


MEETING = "\n".join([
    "淄博市召开全市宣传工作会议",
    "3月2日,淄博市委召开全市宣传工作会议。市委书记王德胜出席会议并讲话,市委常委、宣传部部长张立新主持会议。"
    "市人大常委会主任刘文、市政协主席孙明出席。",
    "王德胜指出,要坚持“两个维护”,深入开展“文化惠民”行动。",
    "他强调,要落实“第一议题”制度。",
    "张立新要求,坚持做到“三个务必”。",
])


def test_speech_acts_give_spoke_at_and_attendance_does_not():
    spoke = relations(MEETING, "SPOKE_AT")
    assert ("王德胜", "全市宣传工作会议") in spoke
    assert ("张立新", "全市宣传工作会议") in spoke          # presiding: kept, as the optional host
    assert not {("刘文", "全市宣传工作会议"), ("孙明", "全市宣传工作会议")} & spoke


def test_speaker_is_carried_until_another_speaks():
    reported = relations(MEETING, "REPORTED")
    assert ("王德胜", "两个维护") in reported
    assert ("王德胜", "第一议题制度") in reported           # 他强调: still the same speaker
    assert ("张立新", "三个务必") in reported
    assert ("王德胜", "三个务必") not in reported


def test_meeting_voice_goes_to_the_body_that_convened_it_when_nobody_addressed_it():
    text = "\n".join([
        "淄博市委常委会召开会议",
        "5月6日,淄博市委常委会召开会议,市委书记王德胜主持会议。",
        "会议指出,要坚定拥护“两个确立”。",
    ])
    assert ("淄博市委常委会", "两个确立") in relations(text, "REPORTED")


def test_a_group_of_subjects_speaks_but_owns_no_passage():
    text = "\n".join([
        "淄博市召开座谈会",
        "淄博市委召开民营企业座谈会。座谈会上,市工商联主席赵一鸣、市商务局局长钱二虎先后发言,围绕“营商环境”提出建议。",
    ])
    assert {("赵一鸣", "淄博市委民营企业座谈会"), ("钱二虎", "淄博市委民营企业座谈会")} <= relations(text, "SPOKE_AT") \
        or {("赵一鸣", "民营企业座谈会"), ("钱二虎", "民营企业座谈会")} <= relations(text, "SPOKE_AT")
    assert not {r for r in relations(text, "REPORTED") if r[1] == "营商环境"}


def test_sidebar_links_are_reported_by_nobody():
    text = "\n".join([
        "淄博市召开全市宣传工作会议",
        "淄博市委召开全市宣传工作会议。市委书记王德胜讲话。",
        "王德胜指出,要坚持“两个维护”。",
        "相关新闻",
        "王德胜强调坚持“三个务必”",
    ])
    reported = relations(text, "REPORTED")
    assert ("王德胜", "两个维护") in reported
    assert not {r for r in reported if r[1] == "三个务必"}


def test_inline_roster_of_spokespersons():
    text = "\n".join([
        "淄博市委新闻发言人见面会举行",
        "淄博市委举行新闻发言人见面会。市委5个部门的新闻发言人分别是:市纪委常委周一平;市委组织部副部长吴二强。",
    ])
    assert ("周一平", "淄博市纪委", "新闻发言人") in {
        (e["source_name"], e["target_name"], e["props"].get("title")) for e in named_edges(text)}
    spoke = {r[0] for r in relations(text, "SPOKE_AT")}
    assert {"周一平", "吴二强"} <= spoke


def test_being_elected_at_a_meeting_is_not_speaking_at_it():
    from tests.conftest import extract

    text = ("### 讣告 张立新同志逝世\n张立新同志，1931年5月生，山东淄博人。1992年10月，张立新同志在中共十四届一中全会上当选为"
            "中央政治局委员。他提出要深化改革。\n")
    _, triples, _ = extract(text)
    assert not [t for t in triples if t[0] == "SPOKE_AT"]
    _, triples, _ = extract("淄博市召开会议。市委书记王立新在全市宣传工作会议上讲话。")
    assert ("SPOKE_AT", "王立新", "全市宣传工作会议") in triples


def test_a_national_leader_introduced_by_posts_opens_a_new_passage():
    text = "\n".join([
        "中央宣讲团在各地宣讲",
        "中共中央政治局常委、全国人大常委会委员长赵乐际今天在南京作宣讲报告。他强调,要落实“三个务必”。",
        "中共中央政治局常委、国务院总理李强今天在杭州作宣讲报告。他强调,要坚持“两个毫不动摇”。",
    ])
    reported = relations(text, "REPORTED")
    assert ("赵乐际", "三个务必") in reported
    assert ("李强", "两个毫不动摇") in reported
    assert ("赵乐际", "两个毫不动摇") not in reported


def test_an_official_who_owns_a_word_is_no_subject_of_the_act_after_it():
    text = "\n".join([
        "淄博市政协召开主席会议",
        "6月3日,淄博市政协召开主席会议。市政协主席孙明主持会议。",
        "市政协副主席刘文华围绕学习贯彻习近平总书记近期重要讲话精神作发言。",
        "党的十八大以来,以习近平同志为核心的党中央提出一系列新理念。",
    ])
    spoke = relations(text, "SPOKE_AT")
    assert ("刘文华", "主席会议") in spoke
    assert not any(who == "习近平" for who, _ in spoke)


def test_the_event_of_guests_met_is_not_the_page_event():
    text = "\n".join([
        "王德胜会见外国客人",
        "市委书记王德胜5日在淄博会见来华出席2024淄博国际陶瓷博览会开幕式暨陶瓷论坛的外国客人。",
        "王德胜表示,欢迎各位客人。",
    ])
    assert not relations(text, "SPOKE_AT")
    attended = "\n".join([
        "代表议国是",
        "参加淄博市十八届人大三次会议的人大代表认真审议。市委书记王德胜在参加审议时说,完全赞同报告。",
    ])
    assert ("王德胜", "淄博市十八届人大三次会议") in relations(attended, "SPOKE_AT")


def test_an_official_a_thought_is_named_after_is_no_subject():
    text = "\n".join([
        "全国机关青年工作座谈会召开",
        "9日召开的全国机关青年工作座谈会引发热烈反响。",
        "与会同志一致认为,习近平党建思想内涵丰富,为发展建党学说作出贡献。",
        "中央组织部部长王德胜强调解放思想。",
    ])
    spoke = relations(text, "SPOKE_AT")
    assert not any(who == "习近平" for who, _ in spoke)
    assert ("王德胜", "全国机关青年工作座谈会") in spoke


def test_a_preposition_after_an_official_begins_no_thought():
    text = "\n".join([
        "习近平对青少年思想道德建设作出重要指示强调 坚持立德树人",
        "习近平强调,要践行“三个务必”。",
    ])
    assert ("习近平", "三个务必") in relations(text, "REPORTED")


def test_an_act_announced_is_not_yet_spoken():
    text = "\n".join([
        "全省科技大会明日开幕",
        "全省科技大会将于明日在济南开幕。省委书记周海平将出席大会并发表讲话，省长孙立明将作工作报告。"
        "省委副书记马建国主持会议。",
    ])
    spoke = relations(text, "SPOKE_AT")
    assert not {("周海平", "全省科技大会"), ("孙立明", "全省科技大会")} & spoke
    done = text.replace("将出席", "出席").replace("将作", "作")
    assert {("周海平", "全省科技大会"), ("孙立明", "全省科技大会")} <= relations(done, "SPOKE_AT")


def test_a_request_named_after_an_instruction_is_no_speech_act():
    text = "\n".join([
        "全市防汛工作会议召开",
        "7月3日，全市防汛工作会议召开。按照省委书记周海平等省领导同志批示要求，会议部署了“安全度汛”行动。",
        "市委书记刘志强出席会议并讲话。",
    ])
    assert ("周海平", "全市防汛工作会议") not in relations(text, "SPOKE_AT")
    instructed = text.replace("批示要求，会议", "作出重要批示强调，")
    assert ("周海平", "全市防汛工作会议") in relations(instructed, "SPOKE_AT")
