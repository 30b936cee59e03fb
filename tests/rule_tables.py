"""The threshold rows of the export-rules table, shared by the export-control tests."""

import math

import pandas as pd


def threshold_table():
    """The threshold columns of data/export_rules.csv (rows R01-R03)."""
    nan = math.nan
    return pd.DataFrame({
        "rule_id": ["R01", "R02", "R03"],
        "tpp_threshold": [4800.0, 4800.0, 2400.0],
        "performance_density_threshold": [nan, 5.92, 3.2],
        "interconnect_threshold_gb_per_s": [600.0, nan, nan],
        "tpp_threshold_with_density": [nan, 1600.0, 1600.0],
        "tpp_threshold_min_density": [nan, nan, 1.6],
    })

