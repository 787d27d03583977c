"""`kg explain` finds a node by any name the knowledge base gives it, written in the corpus or
not, and prints corpus text without the terminal control sequences it may carry."""

import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.run import build
from kg.link.explain import printable

# Neither 中共中央 nor 不敢腐、不能腐、不想腐 is written here; the text carries a colour, a window
# title (OSC 0) and a hyperlink (OSC 8) for the terminal.
TEXT = ("盘锦市召开新闻发布会。\x1b[31m盘锦市委书记王强\x1b[0m指出，要一体推进三不腐，"
        "\x1b]0;pwned\x07坚决拥护党中央。\x1b]8;;http://x.example\x1b\\链接\x1b]8;;\x1b\\\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("explain")
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    build([str(d / "a.txt")], d / "out", workers=1)
    return d / "out"


def explain(out, name):
    run = CliRunner().invoke(main, ["explain", str(out), name])
    assert run.exit_code == 0, run.output
    return run.output


@pytest.mark.parametrize("name, label, canonical", [
    ("中共中央", "Organ", "党中央"),
    ("中国共产党中央委员会", "Organ", "党中央"),
    ("党中央", "Organ", "党中央"),
    ("不敢腐、不能腐、不想腐", "Slogan", "三不腐"),
    ("“不敢腐不能腐不想腐”", "Slogan", "三不腐"),
])
def test_a_knowledge_base_alias_absent_from_the_corpus_finds_its_node(out, name, label, canonical):
    text = explain(out, name)
    assert text.startswith(f"{name}: 1 node(s)")
    assert f"[{label}] {canonical}  (" in text
    if name != canonical:
        assert f"in the knowledge base, {name} is {label} {canonical}" in text


def test_a_name_neither_in_the_build_nor_the_knowledge_base_is_not_found(out):
    assert explain(out, "不敢腐").startswith("no node is called 不敢腐; did you mean: 三不腐")


def test_corpus_text_is_printed_without_terminal_control_sequences(out):
    text = explain(out, "王强")
    assert "HOLDS_POSITION" in text and "盘锦市委书记王强指出" in text
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), ascii(text)
    assert "pwned" not in text                # a terminated OSC goes whole, payload included


@pytest.mark.parametrize("raw, shown", [
    ("a\x1b[1;31mb\x1b[0m", "ab"),
    ("a\x1b]0;title\x07b", "ab"),
    ("a\x1b]8;;http://x\x1b\\b\x1b]8;;\x1b\\", "ab"),
    ("a\x9b2Jb", "ab"),                       # 8-bit CSI
    ("a\x1bcb", "ab"),                        # reset
    ("a\rb\x08c\nd\te", "abc d e"),
    ("盘锦市委", "盘锦市委"),
])
def test_printable(raw, shown):
    assert printable(raw) == shown
