"""What each chapter must publish, and how its results must move under a variant.

``required``: glue names that must be in the chapter's results.json.
``variant``: non-default parameters for a second execution.
``moves``: for each named result, "up" or "down": its direction under ``variant``
relative to the default execution.
"""

EXPECTATIONS: dict[str, dict] = {}

EXPECTATIONS["hardware"] = dict(
    required=["us_share_h100e_pct", "china_share_h100e_pct", "us_china_h100e_ratio", "gap_orders_of_magnitude",
              "gap_time_equivalent_months", "frontier_runs_per_year_us", "frontier_runs_per_year_china",
              "domestic_h100e_per_year", "domestic_power_needed_gw", "ratio_with_planned"],
    variant={"frontier_growth_per_year": 6.0, "utilisation_fraction": 0.5, "domestic_units_per_year": 800000.0},
    moves={"gap_time_equivalent_months": "down", "frontier_runs_per_year_us": "up",
           "frontier_runs_per_year_china": "up", "domestic_h100e_per_year": "up",
           "domestic_power_needed_gw": "up"},
)

# Asking for the best datasheet figure instead of the best chip shipped in volume picks a
# stronger Chinese design (the Biren BR100 over the Ascend 910C).
EXPECTATIONS["geopolitics"] = dict(
    required=["h100_tpp", "h20_tpp", "h20_performance_density", "best_legal_import_tpp", "best_domestic_tpp",
              "best_domestic_chip", "best_domestic_label", "best_shipped_tpp", "best_datasheet_tpp",
              "best_datasheet_chip", "rule_events"],
    variant={"tpp_threshold": 2000.0, "h20_die_area_mm2": 600.0, "domestic_chip_basis": "datasheet"},
    moves={"best_legal_import_tpp": "down", "h20_performance_density": "up", "best_domestic_tpp": "up"},
)

# A slower algorithmic halving time means more months of progress per 10x of compute;
# counting all Chinese models (not only record-setters) adds older, further-behind models;
# a 50% instead of a 90% level takes inner percentiles of the same (seeded) bootstrap draws.
EXPECTATIONS["algorithms"] = dict(
    required=[
        "large_scale_models_cumulative_us", "large_scale_models_cumulative_china", "notable_models_latest_us",
        "notable_models_latest_china", "large_scale_models_ratio", "large_scale_models_ratio_first",
        "arena_gap_trend_elo_per_year", "arena_gap_trend_ci_low", "arena_gap_trend_ci_high",
        "us_frontier_growth_per_year", "us_frontier_growth_per_year_ci_low", "us_frontier_growth_per_year_ci_high",
        "china_frontier_growth_per_year", "china_frontier_growth_per_year_ci_low",
        "china_frontier_growth_per_year_ci_high", "china_frontier_model", "us_frontier_model",
        "frontier_lag_months", "frontier_lag_months_ci_low", "frontier_lag_months_ci_high",
        "nonchina_frontier_growth_per_year", "topk_china_growth_per_year", "eci_lag_months_mean",
        "eci_lag_months_min", "eci_lag_months_max", "arena_gap_latest_elo", "algorithmic_months_per_10x",
        "open_weight_share_china_pct", "open_weight_share_us_pct",
    ],
    variant={"halving_time_months": 14.0, "eci_chinese_models": "all", "ci_level": 0.5},
    moves={"algorithmic_months_per_10x": "up", "eci_lag_months_max": "up",
           "china_frontier_growth_per_year_ci_high": "down", "us_frontier_growth_per_year_ci_low": "up",
           "frontier_lag_months_ci_high": "down"},
)

# Spreading the same stated probability over a longer horizon lowers the annual hazard and
# hence the five-year probability; reading 'under 20%' at its midpoint lowers the pool, and a
# lower probability over a longer horizon needs slower Chinese frontier growth to match.
EXPECTATIONS["leaders"] = dict(
    required=["pooled_probability_overtake_5y", "annual_hazard_pct", "model_implied_probability_5y",
              "stated_overtake_probability_pooled", "model_implied_overtake_probability",
              "required_china_growth_for_stated_odds"],
    variant={"horizon_years": 10.0, "bound_reading": "midpoint"},
    moves={"pooled_probability_overtake_5y": "down", "annual_hazard_pct": "down",
           "stated_overtake_probability_pooled": "down", "required_china_growth_for_stated_odds": "down"},
)

# Comparing 2025 (CSET's projection) instead of 2024: US investment nearly doubles while
# China's falls, so the ratio rises; a larger compute share buys more H100-equivalents.
# Starting the comparison later shortens the period of China's fast early growth in both
# series, so its compound growth rate falls; the US/China ratio at the first year falls with it.
EXPECTATIONS["research"] = dict(
    required=["publications_latest_year", "publications_us", "publications_china", "patents_latest_year",
              "patents_us", "patents_china", "publications_us_china_ratio", "patents_us_china_ratio",
              "patents_china_growth_per_year"],
    variant={"first_year": 2019},
    moves={"patents_china_growth_per_year": "down"},
)

EXPECTATIONS["funding"] = dict(
    required=[
        "us_private_investment_2024_usd", "china_private_investment_2024_usd", "private_investment_ratio_2024",
        "ipo_proceeds_total_usd", "ipo_h100_equivalents", "us_capex_latest_year_usd", "capex_ratio_latest_year",
    ],
    variant={"comparison_year": 2025, "compute_share": 0.8},
    moves={"us_private_investment_2024_usd": "up", "china_private_investment_2024_usd": "down",
           "private_investment_ratio_2024": "up", "ipo_h100_equivalents": "up"},
)

# Faster Chinese compute growth (the lever moves all four supply-side scenario sets) lowers every
# percentile of the 2030 ratio (the draws are common to both runs) and makes near-parity by 2035
# more likely; no algorithmic lag lowers the ratio and the lag's multiplier falls to 1; a six-year
# fit of the documented fleets (the "before" comparison) reaches back to 2019, before the US
# build-out of H100s, so the documented US fleet grows slower.
EXPECTATIONS["strategy"] = dict(
    required=[
        "effective_compute_ratio_2030_p10", "effective_compute_ratio_2030_p50", "effective_compute_ratio_2030_p90",
        "prob_ratio_below_2_by_2030", "prob_ratio_below_2_by_2035", "prob_below_2_by_2035_text",
        "prob_below_2_by_2035_sets_text", "sets_ratio_2030_p50", "sets_ratio_2035_p50", "most_sensitive_lever",
        "us_fleet_growth_per_year", "us_fleet_growth_low", "us_fleet_growth_high", "china_fleet_growth_per_year",
        "china_fleet_growth_low", "china_fleet_growth_high", "start_fleet_ratio", "supply_start_ratio",
        "us_supply_stock_growth_per_year", "china_supply_stock_growth_per_year", "algorithmic_lag_multiplier",
        "fleet_ratio_2030_p50", "before_ratio_2030_p50",
    ],
    variant={"china_compute_growth_per_year": 2.0, "algorithmic_lag_years": 0.0, "fleet_growth_years": 6},
    moves={"effective_compute_ratio_2030_p10": "down", "effective_compute_ratio_2030_p50": "down",
           "effective_compute_ratio_2030_p90": "down", "prob_ratio_below_2_by_2035": "up",
           "algorithmic_lag_multiplier": "down", "us_fleet_growth_per_year": "down", "fleet_ratio_2030_p50": "down"},
)
