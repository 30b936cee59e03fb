"""The AI Index's benchmark gap between the top US and the top Chinese model (a specification curve).

One definition per benchmark the AI Index 2025 reports (MMLU, HumanEval, MATH, MMMU; facts
F015-F018): the US lead in percentage points at the end of the later year, with the lead at the
end of the earlier year as the evidence of change (``ratio_change``: the two-date rule of the gap
at a glance reads the lead's relative change, a change inside the stable band counting as stable).
The default is MMLU, the benchmark the AI Index leads its US-China comparison with and the broadest
of the four (57 subjects of general knowledge). The values are quoted, not computed: the book holds
no model-level benchmark scores, so they carry no interval.
"""

from __future__ import annotations

import pandas as pd

from gaplib.specs import Estimate, Spec

DEFAULT_BENCHMARK = "MMLU"
REASONS = {"MMLU": "general knowledge across 57 subjects, the benchmark the AI Index leads with",
           "HumanEval": "writing code that passes unit tests",
           "MATH": "competition mathematics",
           "MMMU": "multimodal questions at college level"}


def benchmark_estimates(leads: pd.DataFrame) -> list[Estimate]:
    """Return the US lead (percentage points, later year) on each benchmark of ``leads``
    (:func:`gaplib.data.benchmark_facts.benchmark_leads`), its lead in the earlier year as the evidence.

    Raises ValueError when ``leads`` is empty or lacks the default benchmark."""
    if leads.empty:
        raise ValueError("no benchmark gap to quote: the table of benchmark leads is empty")
    if DEFAULT_BENCHMARK not in set(leads["benchmark"]):
        raise ValueError(f"the default benchmark {DEFAULT_BENCHMARK} is not among the benchmark leads")
    out = []
    for row in leads.to_dict("records"):
        name = row["benchmark"]
        spec = Spec(f"{name}, end-{row['year_after']}", {"benchmark": name},
                    REASONS.get(name, "a benchmark the AI Index reports"), name == DEFAULT_BENCHMARK)
        out.append(Estimate(spec, float(row["after_pp"]),
                            evidence=("ratio_change", float(row["before_pp"]), float(row["after_pp"]))))
    return out
