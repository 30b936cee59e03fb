"""Epoch AI's published China compute trends beside the book's reproduction, with computed verdicts.

The published figures are those of the data insight (B. Cottier, 22 Jan 2025) and of the
saved outputs of ``compute_analysis.ipynb`` in github.com/epoch-research/china-ai-trends;
the reproduction is :mod:`gaplib.replications.epoch_trends` on the book's model table, on
all of it ("today") and on the models published by the insight's date.
"""

from __future__ import annotations

import pandas as pd

from gaplib.algorithms import segmented
from gaplib.replications.epoch_trends import N_BOOT, SEED, SNAPSHOT_DATE, TrendComparison, compare_trends, select_frontier
from gaplib.replications.verdict import describe, replication_verdict

#: The published figures (data insight of 22 Jan 2025; the notebook's saved outputs).
PUBLISHED = {
    "china_growth_per_year": (2.93, 1.96, 5.54), "china_kind": segmented.CONTINUOUS, "china_break": "2021-10",
    "nonchina_growth_per_year": (4.78, 4.28, 5.30), "nonchina_kind": segmented.ONE_LINE,
    "lag_years": (2.08, 1.41, 2.63), "n_china": 49, "n_nonchina": 60,
    "citation": "Cottier, B. (2025), 'Chinese language models have scaled up more slowly than their global "
                "counterparts', Epoch AI data insight, 22 Jan 2025; code: github.com/epoch-research/china-ai-trends",
}


def replication_table(models: pd.DataFrame, *, n_boot: int = N_BOOT, seed: int = SEED,
                      snapshot: str = SNAPSHOT_DATE, today: TrendComparison | None = None) -> pd.DataFrame:
    """Return the published figures beside their reproduction on ``models``, today and as of ``snapshot``.

    One row per (``id``, ``vintage``): ids ``epoch_china_growth`` and ``epoch_nonchina_growth``
    (x/year) and ``epoch_lag_years`` (years); vintage ``today`` or ``as of <snapshot>``.
    Columns: ``what`` (the id in words), ``published``, ``published_ci_low``, ``published_ci_high``, ``reproduced``,
    ``reproduced_ci_low``, ``reproduced_ci_high``, ``kind`` (chosen fit), ``breakpoint``,
    ``n_points`` (published: ``n_published``), ``verdict`` and ``reason`` (empty when reproduced:
    ``vintage`` when only the snapshot reproduces, else ``coverage or definition``).
    ``today``: the non-China comparison on all of ``models``, when the caller has fitted it already
    (with the same ``n_boot`` and ``seed``), so it is not fitted twice.
    """
    rows = []
    for vintage, as_of in (("today", None), (f"as of {snapshot}", snapshot)):
        res = (today if today is not None and as_of is None
               else compare_trends(select_frontier(models, as_of=as_of), n_boot=n_boot, seed=seed))
        for key, trend, n_pub in (("epoch_china_growth", res.china, PUBLISHED["n_china"]),
                                  ("epoch_nonchina_growth", res.other, PUBLISHED["n_nonchina"])):
            pub_key = key.removeprefix("epoch_") + "_per_year"
            rows.append({"id": key, "vintage": vintage, "published": PUBLISHED[pub_key],
                         "reproduced": (trend.growth_per_year, trend.ci_low, trend.ci_high), "kind": trend.kind,
                         "breakpoint": trend.breakpoint.strftime("%Y-%m") if trend.breakpoint is not None else "",
                         "n_points": trend.n_points, "n_published": n_pub})
        rows.append({"id": "epoch_lag_years", "vintage": vintage, "published": PUBLISHED["lag_years"],
                     "reproduced": (res.lag_years, res.lag_ci_low, res.lag_ci_high), "kind": "", "breakpoint": "",
                     "n_points": res.china.n_points + res.other.n_points,
                     "n_published": PUBLISHED["n_china"] + PUBLISHED["n_nonchina"]})
    out = pd.DataFrame(rows)
    out["verdict"] = [replication_verdict(p[0], p[1:], r[0], r[1:]) for p, r in zip(out["published"], out["reproduced"])]
    for col in ("published", "reproduced"):
        out[[col, f"{col}_ci_low", f"{col}_ci_high"]] = pd.DataFrame(out[col].tolist(), index=out.index)
    snap = out[out["vintage"] != "today"].set_index("id")["verdict"]
    out["reason"] = [("" if v == "reproduced" else "vintage" if snap[i] == "reproduced" else "coverage or definition")
                     for i, v in zip(out["id"], out["verdict"])]
    out["what"] = out["id"].map(describe)
    return out[["id", "what", "vintage", "published", "published_ci_low", "published_ci_high", "reproduced",
                "reproduced_ci_low", "reproduced_ci_high", "kind", "breakpoint", "n_points", "n_published",
                "verdict", "reason"]]
