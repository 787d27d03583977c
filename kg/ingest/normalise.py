"""Normalisation: script, width, conversion noise and web boilerplate.

Every offset the graph records points into the text this module returns.
"""

from __future__ import annotations

import functools
import re

import opencc

from kg.resources import load_toml

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# 發(fā)布會: a CJK character followed by its pinyin with a tone mark, in parentheses.
PINYIN_NOISE = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,7}}\)")
# 党(dang) 委: toneless pinyin, removed where it is a reading of the character before it (pypinyin),
# or where a page carries such annotations throughout (three or more).
TONELESS_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\(([a-z]{1,6})\)(?: (?=[\u3400-\u9fff]))?")
# 7?9, 喜迎二十大?建功新时代: a `?` that stood for a middle dot between two words.
QUESTION_DOT = re.compile(r"(?<=[0-9\u4e00-\u9fff])(?<![吗呢么吧啊嘛])\?(?=[0-9\u4e00-\u9fff])")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_TOP_LINES = 3
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Full-width quotation marks and brackets are the genre's own punctuation: keep them.
for _keep in "＂＇":
    _WIDTH.pop(ord(_keep), None)
_WIDTH[0x3000] = 0x20
_FOLD = {chr(a): chr(b) for a, b in _WIDTH.items()}
_FULL_WIDTH = re.compile("[" + "".join(map(re.escape, sorted(_FOLD))) + "]")


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _boilerplate() -> tuple[list[re.Pattern], list[re.Pattern], list[re.Pattern], list[re.Pattern]]:
    """The rules of each kind, compiled; the line rules anchored at the line's start joined into
    one pattern (one call per line instead of one per rule, and it is tried at the start only)."""
    rules = load_toml("boilerplate.toml")
    anchored = [p[1:] for p in rules["line"] if p.startswith("^")]
    lines = [re.compile("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")")] if anchored else []
    lines += [re.compile(p) for p in rules["line"] if not p.startswith("^")]
    return (lines, *([re.compile(p) for p in rules[kind]] for kind in ("inline", "story_end", "top")))


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def fold_width(text: str) -> str:
    """Full-width letters, digits and ASCII punctuation to half-width (replaced where they occur:
    str.translate would look up every character)."""
    return _FULL_WIDTH.sub(lambda m: _FOLD[m.group()], text)


def remove_noise(text: str) -> str:
    """Remove pinyin annotations and restore middle dots written as `?`."""
    if "(" in text:
        text = PINYIN_NOISE.sub("", text)
        if len(TONELESS_PINYIN.findall(text, 0, 20000)) >= 3:
            text = TONELESS_PINYIN.sub("", text)
        else:
            text = TONELESS_PINYIN.sub(lambda m: "" if m.group(1) in _readings(text[m.start() - 1]) else m.group(0), text)
    return QUESTION_DOT.sub("·", text) if "?" in text else text


@functools.lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """The toneless pinyin readings of one character (党: dang; 长: zhang, chang)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def is_boilerplate(line: str) -> bool:
    return any(p.search(line) for p in _boilerplate()[0])


def drop_boilerplate(text: str) -> str:
    for pattern in _boilerplate()[1]:
        text = pattern.sub("", text)
    kept = []
    for line in text.splitlines():
        line = _SPACES.sub(" ", line).strip()
        if kept and any(p.search(line) for p in _boilerplate()[2]):
            break   # a sidebar of related links: not the story
        if len(kept) < _TOP_LINES and any(p.search(line) for p in _boilerplate()[3]):
            continue   # a keyword line above the page
        if line and not is_boilerplate(line):
            kept.append(line)
    return "\n".join(kept)


def clean(text: str) -> str:
    """Script, width and noise, without dropping any line (used for metadata and names)."""
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return fold_width(to_simplified(remove_noise(text)))


def normalise(text: str) -> str:
    return drop_boilerplate(clean(text))


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The comparison key of a name: simplified, half-width, no spaces or quotation marks."""
    name = fold_width(to_simplified(name))
    return re.sub(r"[\s“”‘’\"'「」『』《》]", "", name)
