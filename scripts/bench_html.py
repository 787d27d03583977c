"""Main-content extractors measured on web pages built like real ones (gov.cn, people.com.cn, a
table-layout county site, a WeChat article, xinhuanet): how much of the article each keeps, how
much navigation, breadcrumb, sidebar, related-link, share and footer text it lets through, whether
it finds the article's title, and its time per page.

    python scripts/bench_html.py [--repeat 20]

The pages and what each must keep and drop are in tests/data/pages/ (the tests read them too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest.normalise import normalise  # noqa: E402

PAGES = ROOT / "tests" / "data" / "pages"


def trafilatura_precision(html: str) -> tuple[str, str]:
    import trafilatura

    d = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    return (d.title or "", d.text or "") if d else ("", "")


def trafilatura_default(html: str) -> tuple[str, str]:
    import trafilatura

    d = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    return (d.title or "", d.text or "") if d else ("", "")


def readability(html: str) -> tuple[str, str]:
    import lxml.html
    from readability import Document

    doc = Document(html)
    return doc.short_title(), lxml.html.fromstring(doc.summary()).text_content()


def selectolax_visible(html: str) -> tuple[str, str]:
    from kg.ingest.html import html_to_text

    return html_to_text(html)


def kg_page(html: str) -> tuple[str, str]:
    from kg.ingest.html import extract_page

    page = extract_page(html)
    return page.title, page.text


EXTRACTORS = {"kg: readability, else trafilatura": kg_page, "trafilatura (precision)": trafilatura_precision,
              "trafilatura (default)": trafilatura_default, "readability-lxml": readability,
              "selectolax visible text": selectolax_visible}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    print(f"{'extractor':<34}{'article kept':>14}{'noise kept':>12}{'titles':>8}{'ms/page':>9}")
    for name, extract in EXTRACTORS.items():
        kept = noise = titles = total_a = total_n = 0
        times = []
        for page, want in expected.items():
            html = (PAGES / page).read_text(encoding="utf-8")
            extract(html)  # warm
            start = time.perf_counter()
            for _ in range(args.repeat):
                title, text = extract(html)
            times.append((time.perf_counter() - start) / args.repeat * 1000)
            text = normalise(text)
            kept += sum(a in text for a in want["article"])
            noise += sum(n in text for n in want["noise"])
            titles += normalise(title).strip() == want["title"]
            total_a, total_n = total_a + len(want["article"]), total_n + len(want["noise"])
        print(f"{name:<34}{kept:>8}/{total_a:<5}{noise:>7}/{total_n:<4}{titles:>5}/{len(expected):<2}"
              f"{statistics.median(times):>9.1f}")


if __name__ == "__main__":
    main()
