"""Words for the scenario model's probabilities: "below 1%", whole percents, ranges across sets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.present.probabilities import range_text, share_text


@pytest.mark.parametrize("prob, text", [(0.0, "below 1%"), (0.0099, "below 1%"), (0.01, "1%"), (0.274, "27%"),
                                        (1.0, "100%")])
def test_share_text(prob, text):
    assert share_text(prob, 0.01) == text


def test_range_text():
    assert range_text([0.0, 0.001], 0.01) == "below 1% in every set"
    assert range_text([0.13, 0.0, 0.05], 0.01) == "from below 1% to 13%"
    assert range_text([0.03, 0.27], 0.01) == "from 3% to 27%"
    assert range_text([0.27], 0.01) == "27% in every set"


@given(st.floats(0.0, 1.0))
def test_never_zero_point_zero(prob):
    assert "0.0%" not in share_text(prob, 0.01) and share_text(prob, 0.01) != "0%"


@pytest.mark.parametrize("args", [(1.2, 0.01), (-0.1, 0.01), (0.5, 0.0)])
def test_bad_input(args):
    with pytest.raises(ValueError, match="must lie in"):
        share_text(*args)
    with pytest.raises(ValueError, match="no probabilities to give the range of"):
        range_text([], 0.01)
