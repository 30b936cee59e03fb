"""Count the Chinese edition's measurable defects on a built site: python scripts/zh_counts.py SITE [--json].

Per page of SITE/zh_CN (the review's pages), in the reader's text of the article (code,
scripts, chart specifications, citations and quotations left out):
- magnitudes: a number followed by 十亿, 百万 or a k/m/bn suffix;
- grouped: a number of 10,000 or more in Western digit grouping (17,828,151) outside tables,
  where the glossary asks for the 万/亿 ladder;
- enotation: a number in e-notation (5.0e+26, 1e23) where the glossary asks for 10ⁿ;
- english: English phrases of four or more words (gaplib.present.english_phrases);
- terms: avoided renderings of the glossary's "One rendering per term" table;
- doubled: "数据：数据截至" (a period's words after "Data:" that say "data" again);
- isodates: a hyphenated ISO day (2025-03-31) beside Chinese words outside tables of numbers, where prose writes 2025 年 3 月 31 日;
- ranges: a hyphen between two numbers outside tables (3.2-19.9), where the glossary writes 3.2 至 19.9;
- raw: a raw float of six or more digits (550000000000.0);
and for the site, the CJK terms of the Chinese search index.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from gaplib.engine.catalog_style import glossary_terms, kept_names
from gaplib.present.english_phrases import english_phrases, reader_text
from gaplib.present.i18n import LOCALES_DIR

PAGES = ("intro", "chapters/hardware", "chapters/algorithms", "chapters/research", "chapters/funding",
         "chapters/geopolitics", "chapters/leaders", "chapters/strategy", "sensitivity", "replications",
         "claims", "sources", "bibliography", "reproduce", "changes")
KEPT = kept_names(LOCALES_DIR / "zh_CN" / "GLOSSARY.md")
MAGNITUDE = re.compile(r"\d\s*(十亿|百万)|\d(?:k|bn)\b|\d\s(?:m|bn)\b")
GROUPED = re.compile(r"(?<![\d.,])\d{2,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d(?:,\d{3}){2,}(?![\d,])")
ENOTATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?e[-+]?\d+(?![\w.])")
DOUBLED = re.compile(r"数据：\s*数据")
ISO_DAY = re.compile(r"[\u4e00-\u9fff（] ?\d{4}-\d\d-\d\d(?![\d-])|(?<![\d-])\d{4}-\d\d-\d\d ?[\u4e00-\u9fff）]")
RANGE = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?%?\s?-\s?\d{1,4}(?:\.\d+)?(?![\w.-])")
RAW = re.compile(r"(?<![\d.])\d{6,}\.0(?!\d)")
KEYS = ("magnitudes", "grouped", "enotation", "english", "terms", "doubled", "isodates", "ranges", "raw")


def page_counts(html: str, avoided: list[str]) -> dict[str, int]:
    text = reader_text(html)
    prose = reader_text(re.sub(r"<table\b.*?</table>", " ", html, flags=re.S))
    # The claims ledger and the gap at a glance are tables of sentences: their dates are prose.
    sentences = reader_text(re.sub(r'<table\b(?![^>]*class="(?:claims-ledger|gap-at-a-glance)").*?</table>', " ", html, flags=re.S))
    return {"magnitudes": len(MAGNITUDE.findall(text)), "grouped": len(GROUPED.findall(prose)),
            "enotation": len(ENOTATION.findall(text)), "english": len(english_phrases(text, KEPT)),
            "terms": sum(text.count(a) for a in avoided), "doubled": len(DOUBLED.findall(text)),
            "isodates": len(ISO_DAY.findall(sentences)), "ranges": len(RANGE.findall(prose)), "raw": len(RAW.findall(text))}


def main(site: Path) -> dict[str, dict[str, int]]:
    avoided = [a for t in glossary_terms(LOCALES_DIR / "zh_CN" / "GLOSSARY.md") for a in t.avoid
               if not a.startswith("`")]
    counts = {}
    for page in PAGES:
        path = site / "zh_CN" / f"{page}.html"
        if path.is_file():
            counts[page] = page_counts(path.read_text(encoding="utf-8"), avoided)
    counts["total"] = {k: sum(c[k] for c in counts.values()) for k in KEYS}
    index = (site / "zh_CN" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    counts["search"] = {"terms": len(terms), "cjk_terms": sum(bool(re.search(r"[\u4e00-\u9fff]", t)) for t in terms)}
    return counts


if __name__ == "__main__":
    result = main(Path(sys.argv[1]))
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for page, c in result.items():
            print(f"{page:24} " + "  ".join(f"{k} {v}" for k, v in c.items()))
