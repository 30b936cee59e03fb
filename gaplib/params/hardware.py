"""Parameters of the hardware chapter."""

from gaplib.params.base import ChapterParams, param

#: Seed and draws of the supply-side US/China ratio's Monte Carlo, defined here once: the hardware
#: chapter's defaults, which the strategy chapter's ``supply_seed`` and ``supply_draws`` take, so that
#: both chapters publish the same draw of one ratio and interval.
SUPPLY_SEED = 20260331
SUPPLY_DRAWS = 200_000
#: Share of the NVIDIA chips outside the five US hyperscalers and China counted as the US's, defined
#: here once: the default of the hardware chapter's ``us_share_of_rest_of_world`` and of the strategy
#: chapter's ``supply_us_share_of_rest_of_world``, so that both chapters draw the ratio from the same
#: US components (a judgement, argued in the hardware parameter's help).
SUPPLY_US_SHARE_OF_REST_OF_WORLD = 0.7
#: Range of the draws: the 5th and 95th percentiles rest on at least 50 draws each at the low end; a
#: million draws of about ten components is some 80 MB at the high end.
SUPPLY_DRAWS_RANGE = (1_000, 1_000_000)


def shared_default(other_chapter: str, other_name: str, differs: str) -> str:
    """Return the end of a help text for a parameter whose default the ``other_chapter``'s ``other_name`` shares:
    both chapters publish the same ratio until a reader sets it in one only, when the pages show ``differs``."""
    return (f"default shared with the {other_chapter} chapter's {other_name}, so both chapters publish the same "
            f"ratio and interval; set here only, the {other_chapter} chapter keeps its default and the two chapters "
            f"show {differs} (set {other_name} there too)")


class HardwareParams(ChapterParams):
    frontier_growth_per_year: float = param(
        4.5, ge=1.1, le=20.0, unit="x/year", fact="F003",
        help="growth of frontier training compute, used to turn a compute ratio into years of lag "
        "(Epoch AI: 4-5x/year, facts F003/F004)",
    )
    include_planned: bool = param(
        False, unit="", help="count clusters whose status is Planned as if they were operating",
    )
    standard_analysis_only: bool = param(
        True, unit="",
        help="keep only the clusters Epoch includes in its standard analysis (drops possible duplicates "
        "and superseded entries; Epoch leaves all Planned clusters out of it)",
    )
    frontier_run_flop: float = param(
        1e26, ge=1e22, le=1e29, unit="FLOP", fact="F069",
        help="size of one frontier-scale training run (1e26: the model-weight threshold of the "
        "January 2025 AI Diffusion rule, facts F069)",
    )
    # Closed ranges from here on: the open end (5e-324) overflowed a division to infinity. The lower bounds
    # are the smallest values the chapter was run at (1% utilisation or yield, one chip, 1 MW a year).
    utilisation_fraction: float = param(
        0.35, ge=0.01, le=1.0, unit="fraction",
        help="share of peak dense 16-bit throughput a training run achieves (0.35: implied by DeepSeek-V3, "
        "6 x 37e9 active parameters x 14.8e12 tokens over 2.664M H800-hours at 989.5 TFLOP/s, facts F011/F032)",
    )
    # Positive: the power section compares capacity with what a year of these chips needs.
    domestic_units_per_year: float = param(
        400000.0, ge=1.0, le=1e8, unit="chips/year", fact="F041", fact_part="2025 plan:",
        help="Chinese domestic AI accelerators made per year (Huawei's 2025 plan: 300k Ascend 910B + 100k 910C, "
        "facts F041; Bernstein estimates ~1.5M for all Chinese makers in 2025, F041 note); at least one, as "
        "the power section divides by the power they need",
    )
    domestic_910c_share: float = param(
        0.25, ge=0.0, le=1.0, unit="fraction",
        help="share of domestic units that are Ascend 910C (the rest counted as 910B): 100k of 400k, facts F041",
    )
    domestic_yield_fraction: float = param(
        1.0, ge=0.01, le=1.0, unit="fraction", fact="F042", fact_scale=0.01,
        departs="F041's plan is a number of chips to be produced, which counts working chips (Bloomberg's later "
        "Ascend output figures are likewise stated after yield losses), so the 910C's ~40% yield (0.2-0.6; "
        "the 910B's is about 50%) would count the losses twice; set 0.4 to read the plan as dies started",
        help="share of domestic_units_per_year that comes out working",
    )
    china_dc_capacity_added_gw: float = param(
        3.9, ge=0.001, le=500.0, unit="GW/year", fact="F080", fact_part="China",
        help="data-centre capacity China added in 2024 (Bernstein: 3.9 GW; US 5.3 GW, facts F080)",
    )
    china_generation_added_gw: float = param(
        429.0, ge=0.001, le=2000.0, unit="GW/year", fact="F073",
        help="power generation capacity China added in 2024, nameplate (China Electricity Council: 429-430 GW, "
        "facts F073; the article's '400 GW')",
    )
    us_share_of_rest_of_world: float = param(
        SUPPLY_US_SHARE_OF_REST_OF_WORLD, ge=0.0, le=1.0, unit="fraction",
        help="share of the NVIDIA chips outside the five US hyperscalers and China (Epoch's other owners: "
        "xAI, CoreWeave, other US firms, and buyers in Europe, the Gulf, Japan and elsewhere) counted as the "
        "US's in the supply-side estimate; judgement: Pilz et al. find about 75% of the world's AI "
        "supercomputer performance in the US and 15% in China (arXiv 2504.16026), which leaves about 10% of "
        "the world, about 0.3 of this remainder, outside both; the chapter shows 0.5 and 0.9 beside it; "
        + shared_default("strategy", "supply_us_share_of_rest_of_world", "different supply-side ratios"),
    )
    supply_seed: int = param(
        SUPPLY_SEED, ge=0, le=2**32 - 1, unit="",
        help="seed of the supply-side estimate's Monte Carlo; "
        + shared_default("strategy", "supply_seed", "different draws of the same ratio"),
    )
    supply_draws: int = param(
        SUPPLY_DRAWS, ge=SUPPLY_DRAWS_RANGE[0], le=SUPPLY_DRAWS_RANGE[1], unit="draws",
        help="draws of the supply-side estimate's Monte Carlo; "
        + shared_default("strategy", "supply_draws", "different draws of the same ratio"),
    )
