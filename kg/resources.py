"""Loading of the data files shipped in kg/data (lexicons, grammar, knowledge base)."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


def data_path(name: str):
    return resources.files("kg") / "data" / name


@functools.cache
def load_toml(name: str) -> dict:
    with data_path(name).open("rb") as fh:
        return tomllib.load(fh)


@functools.cache
def load_words(name: str) -> tuple[str, ...]:
    """A whitespace-separated word list; lines starting with # are comments."""
    words: list[str] = []
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.extend(line.split())
    return tuple(words)


def grammar() -> dict:
    return load_toml("grammar.toml")
