"""What each chapter must publish, and how its results must move under a variant.

``required``: glue names that must be in the chapter's results.json.
``variant``: non-default parameters for a second execution.
``moves``: for each named result, "up" or "down": its direction under ``variant``
relative to the default execution.
"""

EXPECTATIONS: dict[str, dict] = {}

# A slower algorithmic halving time means more months of progress per 10x of compute;
# counting all Chinese models (not only record-setters) adds older, further-behind models.
EXPECTATIONS["algorithms"] = dict(
    required=[
        "us_frontier_growth_per_year", "us_frontier_growth_per_year_ci_low", "us_frontier_growth_per_year_ci_high",
        "china_frontier_growth_per_year", "china_frontier_growth_per_year_ci_low",
        "china_frontier_growth_per_year_ci_high", "frontier_lag_months", "eci_lag_months_mean",
        "eci_lag_months_min", "eci_lag_months_max", "arena_gap_latest_elo", "algorithmic_months_per_10x",
        "open_weight_share_china_pct", "open_weight_share_us_pct",
    ],
    variant={"halving_time_months": 14.0, "eci_chinese_models": "all"},
    moves={"algorithmic_months_per_10x": "up", "eci_lag_months_max": "up"},
)

# Spreading the same stated probability over a longer horizon lowers the annual hazard and
# hence the five-year probability; reading 'under 20%' at its midpoint lowers the pool.
EXPECTATIONS["leaders"] = dict(
    required=["pooled_probability_overtake_5y", "annual_hazard_pct", "model_implied_probability_5y"],
    variant={"horizon_years": 10.0, "bound_reading": "midpoint"},
    moves={"pooled_probability_overtake_5y": "down", "annual_hazard_pct": "down"},
)
