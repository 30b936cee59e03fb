"""Parameters of the replications page."""

from gaplib.params.base import ChapterParams, param


class ReplicationsParams(ChapterParams):
    bootstrap_samples: int = param(
        1000, ge=200, le=5000, unit="resamples",
        help="bootstrap resamples of Epoch AI's trend fits (the authors used 1,000); fewer than 200 leave "
             "the 90% interval's ends resting on a handful of draws",
    )
    seed: int = param(
        20260101, ge=0, le=2**32 - 1, unit="",
        help="seed of the bootstrap (default: the algorithms chapter's, so China's frontier fit shows one interval "
             "on every page; the book's draws are not Epoch's whatever the seed)",
    )
