"""The dimensions of the gap at a glance: where each one's numbers live in the chapter results.

Each dimension reads a US value, a China value and their ratio (or a gap measured
directly, such as a lag in months) from one chapter's results, an interval or range for
them (or the reason there is none), and a direction of travel from a result that measures
change over time (or the reason there is none). Dimensions are grouped as the inputs of
AI (compute, chips, money), its outputs (models, capability, research) and its
diffusion (open weights). Templates in ``{braces}`` are filled from the same results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INPUTS, OUTPUTS, DIFFUSION = "inputs", "outputs", "diffusion"
GROUPS = (INPUTS, OUTPUTS, DIFFUSION)


@dataclass(frozen=True)
class Dimension:
    """Where one dimension's numbers live in the chapter results."""

    slug: str  # glue-name prefix
    name: str
    phrase: str  # how the prose names it ("installed AI compute")
    chapter: str
    unit: str
    group: str
    us_key: str | None = None
    china_key: str | None = None
    ratio_key: str | None = None  # else us / china when both are levels
    # The ratio's range: results whose values, with the ratio, span it; or ("quotient", us_low,
    # us_high, china_low, china_high): the ratio of two intervals, from low/high to high/low.
    ratio_range: tuple[str, ...] = ()
    lag_key: str | None = None  # a gap measured directly (months, Elo)
    lag_unit: str = ""
    gap_range: tuple[str, ...] = ()  # (low, high) keys, or ("+-", margin key)
    no_interval: str = ""  # why the row has no interval or range
    direction: tuple[str, ...] = field(default_factory=tuple)  # (rule, key, key, ...)
    before: str = ""  # for ratio_change: when the earlier ratio was, e.g. "at the end of 2022"
    trend_words: str = ""  # for trend: what changes per year, e.g. "the ECI lag, months a year"
    no_direction: str = "one date only"  # why there is no direction
    aside: str = ""  # appended to the basis (left out if a key is missing)
    # A headline published as a specification curve (gaplib.specs): ``<specs>_specs`` in the chapter's
    # results. Its default is the row's ratio (or gap), its definitions give the range and the direction.
    specs: str = ""
    levels_with_specs: bool = True  # False: the US and China levels are in another measure than the default
    # The period its data cover (gaplib.data.periods): ("source", source id, granularity, kind), the last
    # date of the source's date column; or ("year_key", result key, kind), a year the chapter publishes.
    # kind: "to" (data to ...), "year" (one year's figures), "as_of" (a state on a date)
    period: tuple[str, ...] = ()
    newer_facts: tuple[str, ...] = ()  # reference facts with newer published figures, shown beside a stale row


DIMENSIONS: tuple[Dimension, ...] = (
    # Inputs
    Dimension("compute", "Installed AI compute", "installed AI compute", "hardware", "H100-equivalents", INPUTS,
              "us_h100e", "china_h100e", "us_china_h100e_ratio",
              ratio_range=("us_china_h100e_ratio_low", "us_china_h100e_ratio_high"),  # without a curve
              direction=("ratio_change", "ratio_2022", "us_china_h100e_ratio"), before="at the end of 2022",
              aside="default: Epoch's published method (16-bit FLOP/s); China's documented additions since 2022 "
                    "would have to be {undercount_factor_since_2022}x larger to hold the 2022 ratio",
              specs="compute_ratio", levels_with_specs=False,
              period=("source", "epoch_gpu_clusters", "month", "to")),
    Dimension("chips", "Best chip: leading US chip vs China's best domestic chip",
              "chip performance (the leading US chip against China's best domestic chip)", "geopolitics", "TPP", INPUTS,
              "h100_tpp", "best_domestic_tpp",
              no_interval="datasheet figures of one chip each",
              aside="default: dense 16-bit TPP (no sparsity) of the best US chip in operating clusters "
                    "({best_chip_default_us_chip}) over {best_domestic_chip} ({best_domestic_label}); the best datasheet figure of any Chinese design: "
                    "{best_datasheet_chip}, TPP {best_datasheet_tpp} (datasheet only)",
              specs="best_chip", levels_with_specs=False,
              period=("source", "epoch_ml_hardware", "month", "as_of")),
    Dimension("power", "Compute per megawatt of installed clusters", "compute per megawatt", "hardware",
              "H100e per MW", INPUTS, "us_h100e_per_mw", "china_h100e_per_mw",
              no_interval="one total per country over the clusters that report their power",
              period=("source", "epoch_gpu_clusters", "month", "to")),
    Dimension("investment", "Private AI investment, 2024", "private investment", "funding", "USD", INPUTS,
              "us_private_investment_2024_usd", "china_private_investment_2024_usd", "private_investment_ratio_2024",
              ratio_range=("cset_ratio_2024", "ai_index_ratio"),
              direction=("trend", "ratio_trend_change_pct_per_year", "ratio_trend_low_pct_per_year",
                         "ratio_trend_high_pct_per_year"),
              trend_words="the US/China investment ratio, % a year",
              aside="range: CSET's and the AI Index's estimates",
              period=("year_key", "comparison_year", "year"), newer_facts=("F081", "F082")),
    Dimension("capex", "Capital expenditure of the largest firms", "big-firm capital expenditure", "funding", "USD",
              INPUTS, "us_capex_latest_year_usd", "china_capex_latest_year_usd", "capex_ratio_latest_year",
              no_interval="company totals as reported",
              no_direction="{capex_latest_year} is the one year with reported actual spending for both countries; "
                           "plans are not set against actuals",
              specs="capex_ratio", levels_with_specs=False,
              period=("year_key", "capex_latest_year", "year")),
    # Outputs
    Dimension("frontier", "Frontier training compute, latest growth a year", "frontier training compute", "algorithms",
              "x a year", OUTPUTS, "us_frontier_growth_per_year", "china_frontier_growth_per_year",
              lag_key="frontier_lag_months", lag_unit="months",
              gap_range=("frontier_lag_months_ci_low", "frontier_lag_months_ci_high"),
              direction=("growth", "us_frontier_growth_per_year", "china_frontier_growth_per_year"),
              specs="frontier_lag", period=("source", "epoch_notable_models", "month", "to")),
    Dimension("capability", "Model capability (ECI)", "model capability", "algorithms", "", OUTPUTS,
              lag_key="eci_lag_months_mean", lag_unit="months",
              direction=("trend", "eci_lag_trend_months_per_year", "eci_lag_trend_ci_low", "eci_lag_trend_ci_high"),
              trend_words="the ECI lag, months a year", no_interval="a mean over days (Epoch's method)",
              specs="eci_lag", period=("source", "epoch_capabilities_index", "month", "to")),
    Dimension("arena", "Chatbot preference (LMArena)", "chatbot preference votes", "algorithms", "", OUTPUTS,
              lag_key="arena_gap_latest_elo", lag_unit="Elo", gap_range=("+-", "arena_gap_latest_ci_elo"),
              direction=("trend", "arena_gap_trend_elo_per_year", "arena_gap_trend_ci_low", "arena_gap_trend_ci_high"),
              trend_words="the Elo gap over every leaderboard version, points a year",
              aside="default: the AI Index's comparison, the top US against the top Chinese model on the latest "
                    "leaderboard",
              specs="arena_gap", period=("source", "lmarena_text_snapshots", "day", "as_of")),
    Dimension("benchmarks", "Benchmark gap of the top models (AI Index)", "benchmark scores of the top models",
              "algorithms", "", OUTPUTS, lag_key="benchmark_gap_default", lag_unit="percentage points",
              no_interval="quoted figures without an interval",
              aside="quoted from the AI Index 2025, not computed from model scores; facts {benchmark_gap_facts}, "
                    "{benchmark_gap_grade}",
              specs="benchmark_gap", period=("year_key", "benchmark_gap_year", "as_of"), newer_facts=("F083",)),
    Dimension("models", "Notable models released a year", "notable models released", "algorithms",
              "models", OUTPUTS, "notable_models_latest_us", "notable_models_latest_china", "notable_models_ratio",
              no_interval="counts of models; the range across counting rules is the row's own",
              direction=("ratio_change", "notable_models_ratio_first", "notable_models_ratio"),
              before="in {model_counts_first_year}",
              aside="default: the AI Index's count, notable models of {model_counts_year} for each credited country; "
                    "large-scale models (over 1e23 FLOP), cumulative: {large_scale_models_ratio}x",
              specs="model_counts", period=("year_key", "model_counts_year", "year")),
    Dimension("publications", "AI publications a year", "AI publications", "research", "papers", OUTPUTS,
              "publications_us", "publications_china", "publications_us_china_ratio",
              no_interval="full counts of papers; their error is one of classification and coverage",
              direction=("ratio_change", "publications_us_china_ratio_first", "publications_us_china_ratio"),
              before="in {publications_first_year}",
              period=("year_key", "publications_latest_year", "year")),
    Dimension("patents", "AI patent filings a year", "AI patent filings", "research", "filings", OUTPUTS,
              "patents_us", "patents_china", "patents_us_china_ratio",
              no_interval="full counts of filings, granted or not",
              direction=("ratio_change", "patents_us_china_ratio_first", "patents_us_china_ratio"),
              before="in {patents_first_year}",
              period=("year_key", "patents_latest_year", "year")),
    # Diffusion
    Dimension("open_weights", "Models released with open weights", "open-weight releases", "algorithms", "%",
              DIFFUSION, "open_weight_share_us_pct", "open_weight_share_china_pct",
              ratio_range=("quotient", "open_weight_share_us_ci_low_pct", "open_weight_share_us_ci_high_pct",
                           "open_weight_share_china_ci_low_pct", "open_weight_share_china_ci_high_pct"),
              no_direction="one period (from {open_weights_from_year})",
              aside="share of each country's notable models since {open_weights_from_year}; range from the "
                    "shares' 95% intervals",
              specs="open_weights", period=("source", "epoch_notable_models", "month", "to")),
)
