"""Generate a large, realistic corpus by recombining the example corpus.

Each document takes a header and a run of paragraphs from the example pages, moved to
another city: the example's place names become that city's, its officials become people of the
city's roster, and its date changes. A roster is drawn from a small pool of names, so that the
same official recurs across a city's documents and namesakes appear in other cities. That gives
the linker real work. The same arguments always give the same files.

    python scripts/make_corpus.py OUT_DIR [--docs 20000] [--seed 7] [--per-file 1000]

Writes OUT_DIR/part-00000.jsonl, … (one document a line: id, title, date, text).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph.build import process  # noqa: E402
from kg.ingest.gazetteer import places  # noqa: E402
from kg.ingest.sources import iter_sources  # noqa: E402
from kg.resources import load_words  # noqa: E402

GIVEN = "建华国强志刚晓东立新海燕丽娟明辉永红春梅文军德胜秀英振宇伟平玉兰宏伟学军桂芳红梅卫东"


def _seed_material():
    """Paragraphs of the example pages, with the places and officials each one names."""
    docs = [d for d in iter_sources([str(ROOT / "examples" / "seeds")]) if hasattr(d, "text")]
    material = []
    for doc in docs:
        record = process(doc)
        officials = sorted({e["name"] for e in record["entities"] if e["label"] == "Official"
                            and not e["props"].get("kb")}, key=len, reverse=True)
        lines = [line for line in doc.text.splitlines() if len(line) >= 8]
        material.append({"title": doc.title, "lines": lines, "officials": officials, "place": doc.locality})
    return material


def _place_forms(name: str) -> list[str]:
    from kg.ingest.gazetteer import _short

    return [name, _short(name)]


def make_corpus(out: Path, n_docs: int, seed: int = 7, per_file: int = 1000) -> int:
    rng = random.Random(seed)
    material = _seed_material()
    surnames = [s for s in load_words("surnames.txt") if len(s) == 1][:60]
    cities = sorted((p for p in places().values() if p.level == "city"), key=lambda p: p.code)
    cities = rng.sample(cities, min(300, len(cities)))
    name_pool = sorted({rng.choice(surnames) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(3000)})
    rosters = {c.code: rng.sample(name_pool, 25) for c in cities}
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    start = date(2019, 1, 1)
    for part in range(0, n_docs, per_file):
        rows = []
        for i in range(part, min(n_docs, part + per_file)):
            src = material[rng.randrange(len(material))]
            city = cities[rng.randrange(len(cities))]
            roster = rosters[city.code]
            k = rng.randrange(0, max(1, len(src["lines"]) - 8))
            lines = src["lines"][k:k + rng.randint(6, 30)]
            text = "\n".join(lines)
            for j, official in enumerate(src["officials"]):
                text = text.replace(official, roster[(j + i) % len(roster)])
            if src["place"]:
                for old, new in zip(_place_forms(src["place"]), _place_forms(city.name)):
                    text = text.replace(old, new)
            day = start + timedelta(days=rng.randrange(0, 6 * 365))
            title = f"{city.name}{rng.choice(['召开', '举行', '举办'])}{rng.choice(['新闻发布会', '工作会议', '座谈会', '推进会'])}"
            body = f"{title}\n发布时间:{day.isoformat()}\n{text}\n第{i}号稿件。"
            chars += len(body)
            rows.append({"id": f"gen-{i:07d}", "title": title, "date": day.isoformat(), "text": body})
        with open(out / f"part-{part // per_file:05d}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-file", type=int, default=1000)
    args = ap.parse_args()
    chars = make_corpus(args.out, args.docs, args.seed, args.per_file)
    print(f"{args.docs:,} documents, {chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()
