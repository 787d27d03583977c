"""The knowledge base (kg/data/kb.toml plus user files): canonical names and aliases."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.normalise import normalise_name
from kg.resources import load_toml


@dataclass(frozen=True)
class Entry:
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: dict = field(default_factory=dict, hash=False, compare=False)

    def forms(self) -> list[str]:
        """The surface forms matched in text (as substrings): the name and the aliases, less a name
        the entry marks `match_name = false` because it is also an ordinary word (汪洋)."""
        if self.props.get("match_name", True):
            return [self.name, *self.aliases]
        return list(self.aliases)

    def all_forms(self) -> list[str]:
        """Every form the entry resolves, matched in text or not."""
        return [self.name, *self.aliases]


class KnowledgeBase:
    def __init__(self, tables: list[dict]):
        self.entries: list[Entry] = []
        for table in tables:
            for label, rows in table.items():
                for row in rows:
                    props = {k: v for k, v in row.items() if k not in ("name", "aliases")}
                    self.entries.append(Entry(label, row["name"], tuple(row.get("aliases", ())), props))
        self._by_form: dict[tuple[str, str], Entry] = {}
        self._labels: dict[str, dict[str, Entry]] = {}  # form → label → entry, the same entries
        for e in self.entries:
            for form in e.all_forms():
                key = normalise_name(form)
                self._by_form.setdefault((e.label, key), e)
                self._labels.setdefault(key, {}).setdefault(e.label, e)
        # The few leaders known by a bare title (总书记), listed once: every document looks for them.
        self.titled: list[tuple[str, Entry]] = [(t, e) for e in self.entries for t in e.props.get("titles", ())]

    def lookup(self, label: str, name: str) -> Entry | None:
        return self._by_form.get((label, normalise_name(name)))

    def labels(self, name: str) -> dict[str, Entry]:
        """The entry `name` resolves under each label that knows it: what lookup gives for each
        label, in one step (a surface tried as a campaign, a slogan, a document …)."""
        return self._labels.get(normalise_name(name), {})

    def by_title(self, title: str) -> Entry | None:
        """The leader a bare title refers to (总书记 → 习近平)."""
        return next((e for t, e in self.titled if t == title), None)


_extra: list[Path] = []


def add_kb_file(path: str | Path) -> None:
    """Register a user's KB file (same format as kg/data/kb.toml)."""
    set_kb_files([*_extra, path])


def set_kb_files(paths) -> None:
    """The user's KB files, in place of those registered before; what was derived from them goes."""
    from kg.extract import mentions, patterns, pipeline, posts

    _extra[:] = [Path(p) for p in paths]
    for cached in (knowledge_base, patterns.known_organ, posts._organ, posts.post, patterns.anchors,
                   mentions._not_a_name_start, mentions._leaders,
                   pipeline.build_nlp):
        cached.cache_clear()


@functools.cache
def knowledge_base() -> KnowledgeBase:
    tables = [load_toml("kb.toml")]
    for path in _extra:
        with open(path, "rb") as fh:
            tables.append(tomllib.load(fh))
    return KnowledgeBase(tables)
