"""One number in one place: quantities that several pages publish must carry the same value.

Each entry of :data:`SAME_QUANTITY` names one quantity and the (page, result) pairs under
which pages (or a page's text and its chart) publish it. :func:`inconsistencies` compares them
across one build's results and returns one line per disagreement; the book's test suite fails
on any. Numbers are compared to a relative tolerance, texts (dates, chip statuses) exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

SAME_QUANTITY: dict[str, tuple[tuple[str, str], ...]] = {
    "installed-compute ratio (default)": (("hardware", "compute_ratio_default"), ("intro", "compute_ratio")),
    "installed-compute ratio, standard analysis in H100e": (("hardware", "us_china_h100e_ratio"),
                                                            ("algorithms", "us_china_h100e_ratio"),
                                                            ("hardware", "fleet_ratio_chart_end")),
    "China's installed H100e, standard analysis (text and fleet chart)": (("hardware", "china_h100e"),
                                                                          ("hardware", "fleet_chart_end_china_h100e")),
    "ECI lag (default, Epoch's method), months": (("algorithms", "eci_lag_default"), ("intro", "capability_gap"),
                                                  ("replications", "replication_epoch_eci_lag_months_reproduced"),
                                                  ("leaders", "eci_lag_default")),
    "frontier lag, months": (("algorithms", "frontier_lag_months"), ("intro", "frontier_gap"),
                             ("leaders", "fitted_frontier_lag_months")),
    "China's frontier growth, x a year": (("algorithms", "china_frontier_growth_per_year"), ("intro", "frontier_china"),
                                          ("leaders", "fitted_china_frontier_growth_per_year")),
    # one China fit, one interval: the chapter's headline (against the US) and Epoch's comparison reproduced
    # (against the rest of the world) fit the same Chinese models
    "China's frontier growth, interval low": (("algorithms", "china_frontier_growth_per_year_ci_low"),
                                              ("replications", "replication_epoch_china_growth_reproduced_ci_low")),
    "China's frontier growth, interval high": (("algorithms", "china_frontier_growth_per_year_ci_high"),
                                               ("replications", "replication_epoch_china_growth_reproduced_ci_high")),
    "capex ratio (default)": (("funding", "capex_ratio_default"), ("intro", "capex_ratio")),
    "best-chip ratio (default)": (("geopolitics", "best_chip_default"), ("intro", "chips_ratio")),
    "date the H100 first needed a licence for China": (("geopolitics", "h100_first_controlled"),
                                                       ("claims", "h100_first_controlled")),
    "H20's status under the October 2023 rule": (("geopolitics", "h20_status_2023_10"),
                                                 ("replications", "h20_status_2023_10")),
    "what the book lacks to classify the H20 (October 2023 rule)": (("geopolitics", "h20_missing_inputs_2023_10"),
                                                                    ("replications", "h20_missing_inputs_2023_10")),
}
RELATIVE_TOLERANCE = 1e-9  # the same computation gives the same float; any real difference is a second number


def inconsistencies(results: Mapping[str, Mapping[str, Any]],
                    same: Mapping[str, tuple[tuple[str, str], ...]] = SAME_QUANTITY) -> list[str]:
    """Return one line per quantity whose pages publish different values ("quantity: page.key=v, ...").

    Pages absent from ``results``, or results a page does not publish, are not compared. Where
    a quantity has numbers, texts beside them ("n/a") are markers and not compared.
    """
    wrong = []
    for quantity, places in same.items():
        found = [(f"{page}.{key}", results[page][key]) for page, key in places
                 if page in results and isinstance(results[page].get(key), int | float | str)]
        numbers = [(name, value) for name, value in found if not isinstance(value, str)]
        found = numbers or found  # beside numbers, a text is a marker ("n/a"), not a second value
        if len(found) > 1 and any(not _same(value, found[0][1]) for _, value in found):
            wrong.append(f"{quantity}: " + ", ".join(f"{name}={_shown(value)}" for name, value in found))
    return wrong


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=RELATIVE_TOLERANCE)


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else f"{float(value):g}"
