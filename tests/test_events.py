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
