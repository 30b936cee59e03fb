"""Parameters of the strategy chapter (the scenario engine of ``gaplib.strategy.scenarios``).

Event probabilities and scenario weights have no published estimate: their defaults are
stated judgements, anchored where possible on the record of export-control rule changes
(data/export_rules.csv) and on the facts cited; the chapter's sensitivity chart shows how
much each one matters.
"""

from gaplib.params.base import ChapterParams, param
from gaplib.params.hardware import (SUPPLY_DRAWS, SUPPLY_DRAWS_RANGE, SUPPLY_SEED, SUPPLY_US_SHARE_OF_REST_OF_WORLD,
                                    shared_default)

WEIGHT_FIELDS = ("weight_status_quo", "weight_algorithmic_shift", "weight_cost_shock")


class StrategyParams(ChapterParams):
    ordered_pairs = (("h200_first_year", "end_year", "H200-class imports must start within the projection"),)
    fixed_sums = ((WEIGHT_FIELDS, 1.0, "they are the scenario weights, and every path follows exactly one scenario"),)

    # The fleets grow by what each country can obtain (the supply side: chips sold, made and
    # imported, within what capex and power buy), not at the trend of one documented-cluster
    # series, nor at the 4-5x/year of the largest training runs (F003).
    us_compute_growth_per_year: float = param(
        1.3, ge=1.0, le=20.0, unit="x/year", follows="us_supply_stock_growth_per_year",
        help="growth of the US AI compute stock; default: the supply-side growth (the US's yearly NVIDIA "
        "additions from Epoch's chip sales, fitted with a t prediction interval, up to what capex and power buy "
        "each year), shown in the chapter; the documented fleet's 2020-24 growth (about 3.1x) is the 'before' "
        "comparison; not the 4-5x/year of frontier training runs (F003)",
    )
    china_compute_growth_per_year: float = param(
        1.33, ge=1.0, le=20.0, unit="x/year", follows="china_supply_stock_growth_per_year",
        help="central growth of China's AI compute stock; default: the geometric mean of the four scenario sets' "
        "supply-side growths (domestic ramp low/high x controls hold/H200-class imports at the January 2026 "
        "rule's cap); another value moves every set by the same factor and keeps their spread",
    )
    fleet_growth_years: int = param(
        5, ge=3, le=8, unit="years",
        help="full years of documented fleet over which each country's growth is fitted for the 'before' "
        "comparison (at least 3, for an interval; at most 8, as the documented US fleet starts in the mid-2010s)",
    )
    # The chapter reports 2030 (percentiles, scenario table, sensitivity), so the projection must reach it.
    end_year: int = param(
        2035, ge=2030, le=2050, unit="year",
        help="last year of the projection (at least 2030: the chapter reports the 2030 ratio and its sensitivity)",
    )
    start_ratio_log_sd: float = param(
        0.3, ge=0.0, le=2.0, unit="log units",
        help="uncertainty of the measured starting fleet ratio, sd of its natural log: Epoch's cluster "
        "data document a minority of each fleet; F023 puts the gap at 10-100x, F044 the 2025 flow at >25x",
    )
    algorithmic_progress_per_year: float = param(
        2.8, ge=1.0, le=10.0, unit="x/year",
        help="compute-equivalent algorithmic efficiency gain: 8-month halving time, 95% CI 5-14 months (F001)",
    )
    algorithmic_lag_years: float = param(
        0.5, ge=0.0, le=5.0, unit="years",
        help="how long the frontier's algorithmic gains take to reach Chinese labs; benchmark gaps "
        "nearly closed by end-2024 (F015-F017) and CSIS sees no lead above 1-2 years (F026)",
    )
    domestic_share_of_additions: float = param(
        0.7, ge=0.0, le=1.0, unit="fraction",
        help="share of China's new compute that is domestic chips: Bernstein's 2025 estimate of 0.6 of "
        "0.8-0.9 zettaFLOP/s (F044)",
    )
    domestic_yield_start: float = param(
        0.4, ge=0.05, le=0.95, unit="fraction", fact="F042", fact_scale=0.01,
        help="Ascend 910C yield at the start, ~40% (F042; range 20-60% sampled per path)",
    )
    domestic_yield_gain_per_year: float = param(
        0.05, ge=0.0, le=0.3, unit="fraction/year",
        help="yearly rise in domestic yield, capped at 70% (F042: 20% in Nov 2024, 40% in Feb 2025, "
        "target 60%, ~70% commercially viable); 0 switches the ramp off",
    )
    china_pooling_gain: float = param(
        1.0, ge=1.0, le=10.0, unit="x",
        help="multiplier on China's usable compute from pooling across a consortium (1 = no pooling); "
        "the chapter bounds it by China's fleet over its largest cluster (Epoch GPU clusters)",
    )
    algorithmic_shift_prob_per_year: float = param(
        0.05, ge=0.0, le=1.0, unit="probability/year",
        help="yearly odds of a Chinese efficiency breakthrough that removes the algorithmic lag "
        "(DeepSeek-V3 as the precedent, F011/F012; judgement)",
    )
    us_cost_shock_prob_per_year: float = param(
        0.1, ge=0.0, le=1.0, unit="probability/year",
        help="yearly odds of a cost shock (power, capital) to US build-out: the US added ~30-49 GW of "
        "power in 2024 against China's ~430 GW (F073/F074; judgement)",
    )
    china_cost_shock_prob_per_year: float = param(
        0.05, ge=0.0, le=1.0, unit="probability/year",
        help="yearly odds of a cost shock to China's build-out (more spare power, F076; judgement)",
    )
    cost_shock_growth_loss: float = param(
        0.5, ge=0.0, le=1.0, unit="fraction",
        help="share of that year's fleet growth (in log terms) a cost shock removes (judgement)",
    )
    weight_status_quo: float = param(
        0.7, ge=0.0, le=1.0, unit="probability",
        help="scenario weight: only the yearly event odds above apply (export policy is carried by the "
        "scenario sets, not by a weighted scenario)",
    )
    weight_algorithmic_shift: float = param(
        0.15, ge=0.0, le=1.0, unit="probability",
        help="scenario weight: China reaches algorithmic parity in a year between 2026 and 2030 (judgement)",
    )
    weight_cost_shock: float = param(
        0.15, ge=0.0, le=1.0, unit="probability",
        help="scenario weight: a cost shock hits US build-out between 2026 and 2030 (judgement)",
    )
    n_paths: int = param(200_000, ge=1_000, le=5_000_000, unit="paths", help="Monte Carlo paths")
    seed: int = param(20260101, ge=0, le=2**32 - 1, unit="",
                      help="seed of the scenario paths' random generator (the supply-side starting ratio has its own, "
                      "supply_seed)")
    # Scenario sets from the supply side (gaplib.strategy.supply_growth).
    supply_us_share_of_rest_of_world: float = param(
        SUPPLY_US_SHARE_OF_REST_OF_WORLD, ge=0.0, le=1.0, unit="fraction",
        help="share of the NVIDIA chips outside the five US hyperscalers and China counted as the US's, in the "
        "supply-side starting ratio and in the US's yearly additions (Pilz et al.: ~75% of AI supercomputer "
        "performance in the US); "
        + shared_default("hardware", "us_share_of_rest_of_world", "different supply-side ratios"),
    )
    # The starting ratio is the hardware chapter's supply-side ratio: the same components, seed and draws.
    supply_seed: int = param(
        SUPPLY_SEED, ge=0, le=2**32 - 1, unit="",
        help="seed of the supply-side starting ratio's Monte Carlo (not the scenario paths' seed); "
        + shared_default("hardware", "supply_seed", "different draws of the same ratio"),
    )
    supply_draws: int = param(
        SUPPLY_DRAWS, ge=SUPPLY_DRAWS_RANGE[0], le=SUPPLY_DRAWS_RANGE[1], unit="draws",
        help="draws of the supply-side starting ratio's Monte Carlo; "
        + shared_default("hardware", "supply_draws", "different draws of the same ratio"),
    )
    us_capex_usd_per_year: float = param(
        550e9, gt=0.0, le=5e12, unit="USD/year",
        help="US hyperscalers' capital expenditure in the first projected year: their combined 2026 plans "
        "(data/funding_events.csv, E17)",
    )
    accelerator_share_of_capex: float = param(
        0.5, gt=0.0, le=1.0, unit="fraction",
        help="share of that capex spent on AI accelerators (judgement; the rest buys buildings, power, networks)",
    )
    # At least $100: near 0 (5e-324) the capex buys infinitely many chips and the chapter cannot publish.
    usd_per_h100e: float = param(
        25_000.0, ge=100.0, le=1e6, unit="USD/H100e",
        help="price of one H100-equivalent of new accelerators (judgement: an H100 sold for about $25,000-30,000; "
        "a B200, about 2.3 H100e, for somewhat more)",
    )
    us_power_added_gw: float = param(
        5.3, gt=0.0, le=500.0, unit="GW/year", fact="F080", fact_part="US",
        help="data-centre capacity the US adds a year (Bernstein: 5.3 GW in 2024, facts F080)",
    )
    new_h100e_per_mw: float = param(
        1_000.0, gt=0.0, le=10_000.0, unit="H100e/MW",
        help="H100-equivalents per MW of new data-centre capacity (judgement: about 1 kW per H100e with cooling "
        "and networking; newer chips give more)",
    )
    ceiling_growth_per_year: float = param(
        1.3, ge=1.0, le=5.0, unit="x/year",
        help="yearly growth of the capex and power ceiling (judgement: US hyperscaler capex rose from $246bn in "
        "2024 to $380bn planned for 2025 and $550bn for 2026, data/funding_events.csv E04, E16, E17)",
    )
    china_ramp_low_per_year: float = param(
        1.0, ge=0.5, le=5.0, unit="x/year",
        help="growth of China's domestic chip additions, low set: SemiAnalysis expects Ascend output to fall "
        "from 805,000 in 2025 to about 300,000 in 2026 without new HBM (data/china_chip_supply.csv S06); flat",
    )
    china_ramp_high_per_year: float = param(
        1.7, ge=0.5, le=5.0, unit="x/year",
        help="growth of China's domestic chip additions, high set: Bernstein (4 Dec 2025 note, read only on a "
        "document-sharing copy) expects local AI chip supply in 2028 five times 2025's, 1.7x a year; Huawei's "
        "plan of about 600,000 910C in 2026 is roughly double 2025 (Bloomberg, data/china_chip_supply.csv S04)",
    )
    china_ramp_years: int = param(
        3, ge=1, le=25, unit="years",
        help="years the domestic ramp lasts before additions level off (2026-2028, the horizon of Bernstein's "
        "five-fold projection); no published estimate reaches further",
    )
    # Policy levers, each sized to a rule or fact of data/chip_policy.csv (P01-P07).
    h200_cap_share_of_us: float = param(
        0.5, ge=0.0, le=1.0, unit="fraction",
        help="cap on China's H200-class volumes as a share of US volumes (data/chip_policy.csv P03: the US "
        "Commerce final rule of 13 January 2026, export_rules R12: licences case by case, China shipments at "
        "most 50% of US shipments)",
    )
    h200_first_year: int = param(
        2027, ge=2026, le=2050, unit="year",
        help="first year H200-class imports under the cap reach China (data/chip_policy.csv P06: China's customs "
        "told agents in January 2026 that H200s may not enter, 'basically a ban for now'; before it the sets "
        "with the cap keep the controls-hold floor)",
    )
    china_h200_uptake: float = param(
        0.3, ge=0.0, le=1.0, unit="fraction", follows="h200_orders_share_of_cap",
        help="share of the cap China takes up once it lets H200s in; default: the more than a million H200s "
        "NVIDIA expected China to order (chip_policy P07) over the cap in the first year of imports, shown in the "
        "chapter; China's curbs (P04-P06) argue for less, demand that grows with US volumes for more; the H20 "
        "licences came with a 15% revenue share (F071)",
    )
    controls_hold_nvidia_h100e_per_year: float = param(
        0.0, ge=0.0, le=5e6, unit="H100e/year", follows="china_nvidia_run_rate_h100e",
        help="China's NVIDIA additions a year while controls hold; default: the run rate of Epoch's China line "
        "in its last two quarters (none since Q3 2025), after the H20 episode of 2025 (licence requirement in "
        "April, export_rules R07, licences in August, R08) and China's own curbs on buying NVIDIA chips "
        "(chip_policy P01-P05); smuggled chips are not counted",
    )
    scenario_set_paths: int = param(50_000, ge=1_000, le=1_000_000, unit="paths",
                                    help="Monte Carlo paths per scenario set")
