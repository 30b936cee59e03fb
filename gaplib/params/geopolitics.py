"""Parameters of the geopolitics chapter."""

from gaplib.params.base import ChapterParams, param


class GeopoliticsParams(ChapterParams):
    tpp_threshold: float = param(
        4800.0, gt=0.0, le=100000.0, unit="TPP",
        help="Total Processing Performance above which an accelerator is controlled "
        "(ECCN 3A090.a: 4800 since October 2022)",
    )
