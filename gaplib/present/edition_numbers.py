"""The numbers of two editions of one text paired by value, a rounded Chinese count within the figures it shows.

The editions test reads every glued number of a page in both editions back to a value
(:func:`gaplib.present.numerals.shown_value`); this module says which of them have no partner.
"""

from __future__ import annotations

from collections import Counter


def unmatched_values(english: list[tuple[float, float]], chinese: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Pair the (value, tolerance) numbers of two editions of one text (:func:`shown_value`); return the
    values of each left without a partner, sorted (([], []) when the two show the same numbers).

    A value pairs with an equal one; a rounded count (tolerance above 0) with the nearest value of
    the other edition within its tolerance. No other difference is allowed.
    """
    first = Counter(value for value, _ in english)
    exact = Counter(value for value, tolerance in chinese if tolerance == 0)
    first, extra = first - exact, exact - first
    missing = []
    for value, tolerance in sorted((v, t) for v, t in chinese if t > 0):
        near = [v for v in first if first[v] > 0 and abs(v - value) <= tolerance]
        if near:
            first[min(near, key=lambda v: abs(v - value))] -= 1
        else:
            missing.append(value)
    return sorted(first.elements()), sorted([*extra.elements(), *missing])
