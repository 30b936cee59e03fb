"""Dollars into compute: what an amount buys or rents, and what the labs spend on compute.

Pure functions over the frames of ``gaplib.data`` (Epoch's ML Hardware, notable-models
and AI-companies tables, the curated ``funding_events``). Amounts are in US dollars
(``_usd``); throughputs in FLOP per second; training compute in FLOP.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gaplib.guards import require_rows, source_of

SECONDS_PER_YEAR = 365.25 * 24 * 3600
HOURS_PER_YEAR = 365.25 * 24

#: Epoch ML Hardware rows behind each chip choice of the chapter's ``chip`` parameter.
CHIP_HARDWARE_NAMES = {
    "H100": "NVIDIA H100 SXM5 80GB",
    "H20": "NVIDIA HGX H20",
    "Ascend 910B": "Huawei Ascend 910B",
}
REFERENCE_CHIP = "H100"

#: Countries of the companies in Epoch's AI-companies tables (as in data/organizations.csv).
EPOCH_COMPANY_COUNTRY = {"OpenAI": "US", "Anthropic": "US", "xAI": "US", "Mistral AI": "France"}


@dataclass(frozen=True)
class ChipSpec:
    """A chip's purchase price (USD) and dense 16-bit throughput (FLOP/s)."""

    name: str
    price_usd: float
    flop_per_s: float


def chip_spec(hardware: pd.DataFrame, chip: str) -> ChipSpec:
    """Return price and dense 16-bit FLOP/s of ``chip`` from Epoch's ML Hardware frame.

    Throughput is the tensor FP16/BF16 figure, else plain FP16 (Huawei rows have only
    that). Raises KeyError for an unknown chip and ValueError when a figure is missing.
    """
    if chip not in CHIP_HARDWARE_NAMES:
        raise KeyError(f"unknown chip {chip!r}; choose from {', '.join(CHIP_HARDWARE_NAMES)}")
    row = hardware.loc[hardware["hardware_name"] == CHIP_HARDWARE_NAMES[chip]]
    if row.empty:
        raise ValueError(f"{CHIP_HARDWARE_NAMES[chip]} is not in the hardware table")
    row = row.iloc[0]
    flops = row["tensor_fp16_flops"] if pd.notna(row["tensor_fp16_flops"]) else row["fp16_flops"]
    # a zero price or throughput is as unusable as a missing one: prices divide rental rates
    if not (flops > 0 and row["release_price_usd"] > 0):
        raise ValueError(f"{source_of(hardware, 'epoch_ml_hardware')}: {CHIP_HARDWARE_NAMES[chip]}: price or "
                         f"16-bit throughput missing or not positive (price {row['release_price_usd']} USD, "
                         f"{flops} FLOP/s)")
    return ChipSpec(chip, float(row["release_price_usd"]), float(flops))


@dataclass(frozen=True)
class ComputeBought:
    """What an amount of money buys, two ways.

    ``compute_usd``: the part spent on compute. Buying: ``accelerators`` (chips),
    ``h100_equivalents`` (chips times their throughput relative to an H100). Renting:
    ``accelerator_years`` (chip-years at the rental price), ``training_flop`` (FLOP those
    chip-years deliver at the given utilisation) and ``frontier_runs`` (training_flop over
    the size of one frontier-scale run).
    """

    compute_usd: float
    accelerators: float
    h100_equivalents: float
    accelerator_years: float
    training_flop: float
    frontier_runs: float


def capital_to_compute(amount_usd: float, *, chip_price_usd: float, chip_flop_per_s: float,
                       h100_flop_per_s: float, compute_share: float, rental_usd_per_hour: float,
                       utilisation: float, frontier_run_flop: float) -> ComputeBought:
    """Turn ``amount_usd`` into accelerators, H100-equivalents, accelerator-years and FLOP.

    compute_usd = amount * compute_share; accelerators = compute_usd / chip price;
    accelerator_years = compute_usd / (rental per hour * 8766 hours); training FLOP =
    accelerator_years * seconds per year * chip FLOP/s * utilisation.
    """
    for name, value in dict(amount_usd=amount_usd, chip_price_usd=chip_price_usd,
                            chip_flop_per_s=chip_flop_per_s, h100_flop_per_s=h100_flop_per_s,
                            rental_usd_per_hour=rental_usd_per_hour,
                            frontier_run_flop=frontier_run_flop).items():
        if not value > 0 and not (name == "amount_usd" and value == 0):
            raise ValueError(f"{name} must be positive, got {value}")
    if not 0 < compute_share <= 1 or not 0 < utilisation <= 1:
        raise ValueError("compute_share and utilisation are fractions in (0, 1]")
    compute_usd = amount_usd * compute_share
    accelerators = compute_usd / chip_price_usd
    accelerator_years = compute_usd / (rental_usd_per_hour * HOURS_PER_YEAR)
    training_flop = accelerator_years * SECONDS_PER_YEAR * chip_flop_per_s * utilisation
    return ComputeBought(
        compute_usd=compute_usd,
        accelerators=accelerators,
        h100_equivalents=accelerators * chip_flop_per_s / h100_flop_per_s,
        accelerator_years=accelerator_years,
        training_flop=training_flop,
        frontier_runs=training_flop / frontier_run_flop,
    )


def rental_rate_usd_per_hour(chip: ChipSpec, reference: ChipSpec, reference_rate_usd_per_hour: float) -> float:
    """Return a chip's rental price, scaled from the reference chip's by purchase price."""
    return reference_rate_usd_per_hour * chip.price_usd / reference.price_usd


def largest_training_run(models: pd.DataFrame) -> pd.Series:
    """Return the row (model, organization, publication_date, training_compute_flop) of the largest run."""
    known = models.dropna(subset=["training_compute_flop"])
    require_rows(known, 1, source=source_of(models, "epoch_notable_models"),
                 selection=f"model with a training compute among {len(models)} rows", result="the largest training run")
    return known.loc[known["training_compute_flop"].idxmax(),
                     ["model", "organization", "publication_date", "training_compute_flop"]]


def spend_scenarios(amounts_usd: dict[str, float], **kwargs) -> pd.DataFrame:
    """Return ``capital_to_compute`` for several named amounts, one row each (column ``spend``)."""
    rows = [{"spend": name, "amount_usd": amount,
             **capital_to_compute(amount, **kwargs).__dict__} for name, amount in amounts_usd.items()]
    return pd.DataFrame(rows)


def us_lab_funding_by_year(rounds: pd.DataFrame) -> pd.DataFrame:
    """Return closed funding (equity + debt, USD) per company and year of closing, US labs only.

    Year from ``close_date``, else ``report_date``. Columns ``company``, ``year``, ``funding_usd``.
    """
    closed = rounds[rounds["status"] == "Closed"].copy()
    closed = closed[closed["company"].map(EPOCH_COMPANY_COUNTRY) == "US"]
    date = closed["close_date"].fillna(closed["report_date"])
    closed["year"] = date.dt.year
    closed["funding_usd"] = closed["funding_equity_usd"].fillna(0) + closed["funding_debt_usd"].fillna(0)
    out = closed.dropna(subset=["year"]).groupby(["company", "year"], as_index=False)["funding_usd"].sum()
    out["year"] = out["year"].astype(int)
    return out


def lab_compute_spend(spend: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return yearly compute spend of US labs (Epoch) beside the Chinese labs' disclosed spending.

    US labs: rows not excluded from Epoch's graph view, per company and calendar year; a
    year's ``Total compute spend`` when given, else R&D plus inference compute. Chinese
    labs: the curated ``spend`` rows, each spread over its window (3 years for E24) and
    multiplied by the stated share on compute (about half, F062). Columns ``lab``,
    ``country``, ``year``, ``compute_spend_usd``, ``basis``.
    """
    rows = []
    usable = spend[~spend["exclude_from_graph_view"].astype(bool)].dropna(subset=["date"])
    usable = usable[usable["period_type"] == "Year"]
    for (company, year), group in usable.groupby(["company", usable["date"].dt.year]):
        total = group["total_compute_spend_usd"].dropna()
        if len(total):
            value, basis = float(total.sum()), "total compute spend (Epoch)"
        else:
            value = float(group["rd_compute_spend_usd"].fillna(0).sum()
                          + group["inference_compute_spend_usd"].fillna(0).sum())
            basis = "R&D + inference compute (Epoch)"
        rows.append({"lab": company, "country": EPOCH_COMPANY_COUNTRY.get(company, "other"),
                     "year": int(year), "compute_spend_usd": value, "basis": basis})
    for event in events[(events["kind"] == "spend") & (events["country"] == "China")].itertuples():
        window = CHINESE_SPEND_WINDOW_YEARS.get(event.event_id, 1)
        share = CHINESE_SPEND_COMPUTE_SHARE.get(event.event_id, 1.0)
        mid = (event.amount_usd_low + event.amount_usd_high) / 2
        rows.append({"lab": event.entity, "country": "China", "year": int(event.year),
                     "compute_spend_usd": mid * share / window,
                     "basis": f"yearly average over {window} years, {share:.0%} on compute ({event.fact_id})"})
    return pd.DataFrame(rows).sort_values(["year", "country", "lab"], ignore_index=True)


#: E24 (F062): RMB ~11bn over about three years to 2025, about half on rented compute.
CHINESE_SPEND_WINDOW_YEARS = {"E24": 3}
CHINESE_SPEND_COMPUTE_SHARE = {"E24": 0.5}
