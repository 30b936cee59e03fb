"""A headline's specification curve on the page: its numbers glued, its chart and its table published.

Glued: ``<headline>_default`` (and its interval), ``_default_spec``, ``_spec_low``, ``_spec_high``,
``_spec_count`` (:func:`gaplib.specs.glue_items`) and ``<headline>_specs``, the estimates as JSON
that the gap at a glance reads back to apply the direction rule to every specification.
"""

from __future__ import annotations

from collections.abc import Sequence

from gaplib.present.publish import Figure, Published, figure, glue, glue_data, table
from gaplib.present.spec_chart import spec_curve_chart
from gaplib.specs import Estimate, curve_frame, glue_items, to_json

LABELS = {"spec": "Specification", "value": "Estimate", "low": "Low", "high": "High", "default": "Default",
          "reason": "Why it is defensible"}


def glue_curve(headline: str, estimates: Sequence[Estimate]) -> None:
    """Glue the headline's default, range, count and its estimates (JSON, ``<headline>_specs``)."""
    for name, value in glue_items(headline, estimates).items():
        glue(name, value)
    glue_data(f"{headline}_specs", to_json(estimates))


def curve_figure(headline: str, estimates: Sequence[Estimate], *, value_title: str, title: str, credit: str,
                 log_scale: bool = False, reference: float | None = None) -> Figure | None:
    """Publish the specification-curve chart ``<headline>_spec_curve`` (with its CSV); return it for display."""
    chart = spec_curve_chart(curve_frame(estimates), value_title=value_title, log_scale=log_scale, reference=reference)
    return figure(f"{headline}_spec_curve", chart, title=title, credit=credit,
                  subtitle="Each dot is one definition, lowest first; bars are intervals; beneath, the choices it makes")


def curve_table(headline: str, estimates: Sequence[Estimate], *, decimals: int = 2) -> Published | None:
    """Publish the specifications with their values and reasons as table ``<headline>_specs`` (and its CSV)."""
    frame = curve_frame(estimates).drop(columns="rank")
    return table(f"{headline}_specs", frame, labels=LABELS,
                 decimals={"value": decimals, "low": decimals, "high": decimals})
