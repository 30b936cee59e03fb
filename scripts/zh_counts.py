"""Count the Chinese edition's measurable defects on a built site: python scripts/zh_counts.py SITE [--json].

Per page of SITE/zh_CN (the review's pages), in the reader's text of the article (code,
scripts, chart specifications, citations and quotations left out):
- magnitudes: a number followed by 十亿, 百万 or a k/m/bn suffix;
- english: English phrases of four or more words (gaplib.present.english_phrases);
- terms: avoided renderings of the glossary's "One rendering per term" table;
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


def page_counts(html: str, avoided: list[str]) -> dict[str, int]:
    text = reader_text(html)
    return {"magnitudes": len(MAGNITUDE.findall(text)), "english": len(english_phrases(text, KEPT)),
            "terms": sum(text.count(a) for a in avoided)}


def main(site: Path) -> dict[str, dict[str, int]]:
    avoided = [a for t in glossary_terms(LOCALES_DIR / "zh_CN" / "GLOSSARY.md") for a in t.avoid
               if not a.startswith("`")]
    counts = {}
    for page in PAGES:
        path = site / "zh_CN" / f"{page}.html"
        if path.is_file():
            counts[page] = page_counts(path.read_text(encoding="utf-8"), avoided)
    counts["total"] = {k: sum(c[k] for c in counts.values()) for k in ("magnitudes", "english", "terms")}
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
