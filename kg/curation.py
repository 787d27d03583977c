"""An analyst's decisions, applied by the build: namesake pairs confirmed as one person
(`[[same]]`: one node) or rejected (`[[different]]`: their SAME_AS_CANDIDATE edge goes), and
aliases added (`[[alias]]`). Each decision is recorded on the node with the file and line that made
it, for `kg explain` and `kg person`.

    [[same]]
    nodes = ["off:62927755d7d24f19", "off:bdb2da070840756b"]
    [[different]]
    nodes = ["off:04100780d8c017cf", "off:e35e82c5725250da"]
    [[alias]]
    node = "off:62927755d7d24f19"
    alias = "王建华同志"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("same", "different", "alias")
_HEADER = re.compile(r"^\s*\[\[\s*(same|different|alias)\s*\]\]")


class CurationError(ValueError):
    """A curation file that cannot be applied: the message names its file and line."""


@dataclass(frozen=True)
class Decision:
    kind: str
    nodes: tuple[str, ...]
    alias: str | None
    where: str  # file:line


@dataclass
class Curation:
    decisions: list[Decision] = field(default_factory=list)

    def of(self, kind: str) -> list[Decision]:
        return [d for d in self.decisions if d.kind == kind]


def read_curation(path: str | Path) -> Curation:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CurationError(f"{path}: {exc}") from None
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise CurationError(f"{path}: unknown section {unknown[0]!r}; use [[same]], [[different]] or [[alias]]")
    lines = {k: [] for k in KINDS}
    for n, line in enumerate(text.splitlines(), 1):
        if m := _HEADER.match(line):
            lines[m[1]].append(n)
    curation = Curation()
    for kind in KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list) or len(entries) != len(lines[kind]):
            raise CurationError(f"{path}: write each decision as its own [[{kind}]] table")
        for entry, n in zip(entries, lines[kind]):
            where = f"{path.name}:{n}"
            if kind == "alias":
                node, alias = entry.get("node"), entry.get("alias")
                if not isinstance(node, str) or not isinstance(alias, str) or not alias.strip():
                    raise CurationError(f"{where}: [[alias]] needs node = \"ID\" and alias = \"NAME\"")
                curation.decisions.append(Decision(kind, (node,), alias.strip(), where))
            else:
                nodes = entry.get("nodes")
                if not (isinstance(nodes, list) and len(nodes) == 2 and all(isinstance(x, str) for x in nodes)
                        and nodes[0] != nodes[1]):
                    raise CurationError(f"{where}: [[{kind}]] needs nodes = [\"ID\", \"ID\"], two different ids")
                curation.decisions.append(Decision(kind, tuple(nodes), None, where))
    return curation


def apply(curation: Curation, remap: dict[str, str], candidates: list[dict],
          known: set[str]) -> tuple[dict[str, str], list[dict], dict[str, list[str]]]:
    """(remap with the confirmed merges, candidates without rejected or merged pairs, notes by
    node: what the file decided, and where). A node may be named by its id before or after an
    automatic merge."""
    for d in curation.decisions:
        for nid in d.nodes:
            if nid not in known:
                raise CurationError(f"{d.where}: no node {nid} in this build")
    head = lambda n: remap.get(n, n)  # noqa: E731
    notes: dict[str, list[str]] = {}
    for d in curation.of("same"):
        a, b = sorted(head(n) for n in d.nodes)
        if a != b:  # b's whole group joins a's
            remap = {n: (a if h == b else h) for n, h in remap.items()}
            remap[b] = a
        notes.setdefault(a, []).append(f"confirmed: {d.nodes[0]} and {d.nodes[1]} are one person ({d.where})")
    rejected = set()
    for d in curation.of("different"):
        x, y = (head(n) for n in d.nodes)
        if x == y:
            raise CurationError(f"{d.where}: {d.nodes[0]} and {d.nodes[1]} are one node (confirmed or merged)")
        rejected.add(frozenset((x, y)))
        notes.setdefault(x, []).append(f"not the same as {y} ({d.where})")
        notes.setdefault(y, []).append(f"not the same as {x} ({d.where})")
    kept, seen = [], set()
    for c in candidates:
        pair = frozenset((head(c["source"]), head(c["target"])))
        if len(pair) == 2 and pair not in rejected and pair not in seen:
            seen.add(pair)
            s, t = sorted(pair)
            kept.append({**c, "source": s, "target": t})
    for d in curation.of("alias"):
        notes.setdefault(head(d.nodes[0]), []).append(f"alias {d.alias} ({d.where})")
    return remap, kept, notes


def aliases(curation: Curation, remap: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in curation.of("alias"):
        out.setdefault(remap.get(d.nodes[0], d.nodes[0]), set()).add(d.alias)
    return out
