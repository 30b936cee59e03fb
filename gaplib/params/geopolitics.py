"""Parameters of the geopolitics chapter."""

from typing import Literal

from gaplib.params.base import ChapterParams, param


class GeopoliticsParams(ChapterParams):
    rule_version: Literal["2022-10", "2023-10"] = param(
        "2023-10", unit="",
        help="US export rule whose 3A090 lines the what-if uses: '2022-10' (TPP and 600 GB/s interconnect, "
        "facts F067) or '2023-10' (TPP and performance density, F064; 3A090.b tier F066); "
        "see export_rules.csv for which values were read at a source",
    )
    # Below about 20 TPP (the GeForce GTX 280 of 2008) every accelerator designed outside China
    # would be controlled under the 2023 rule, leaving no import for the chapter to compare with.
    tpp_threshold: float = param(
        4800.0, ge=100.0, le=100000.0, unit="TPP", fact="F064",
        help="Total Processing Performance above which an accelerator is controlled "
        "(ECCN 3A090.a: 4800 since October 2022, facts F064/F067); move it to ask 'what if the line moved?' "
        "(at least 100: a lower line controls every import in Epoch's table)",
    )
    density_threshold: float = param(
        5.92, gt=0.0, le=100.0, unit="TPP/mm^2", fact="F064", fact_part="performance density >=",
        help="performance density at or above which a chip with TPP >= 1600 is 3A090.a under the 2023 rule "
        "(5.92, facts F064); ignored under the 2022 rule",
    )
    h20_die_area_mm2: float = param(
        814.0, ge=100.0, le=2000.0, unit="mm^2", fact="F035",
        help="die area assumed for the NVIDIA H20, which neither Epoch's table nor the chip supplement gives; "
        "default: the GH100 die of the H100 and H800 (814 mm^2, facts F035), on which the H20 is reported to be built",
    )
    domestic_chip_basis: Literal["shipped", "datasheet"] = param(
        "shipped", unit="",
        help="what 'China's best domestic chip' means: 'shipped' (the highest-TPP Chinese chip the chip "
        "supplement records as shipped in volume) or 'datasheet' (the highest datasheet TPP of any Chinese design)",
    )
