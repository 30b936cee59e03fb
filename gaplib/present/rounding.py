"""A number to a few significant figures, as English digits: the one rounding the ledger and the chart
descriptions share (:func:`gaplib.present.claims_render.format_number`, :func:`gaplib.present.chart_words.number`).
"""

from __future__ import annotations


def significant(value: float, digits: int = 3) -> str:
    """Return ``value`` rounded to ``digits`` significant figures as English digits, with thousands separators
    from 1,000 on: "0.0346", "12.7", "1,000" (999.7), "66,300" (66,349); an exponent only below 10^-4
    ("1.23e-05"), as Python's shortest form writes it."""
    rounded = float(f"{value:.{digits - 1}e}")
    return f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{rounded:g}"
