"""resolved_text: only the digits an absolute uncertainty leaves certain, else 0e-k."""

import pytest
from negative_controls import every_digit_right

from symbolic_info.numeric.context import new_context, to_decimal
from symbolic_info.numeric.resolved import resolved_text, zero_within

CTX = new_context(60)


@pytest.mark.parametrize("truth,noise", [("-1.0052780704979e-31", "1e-18"),
                                         ("3.3333333333333333e-5", "1e-12"),
                                         ("-7.25", "1e-40"), ("1e-300", "1e-310"),
                                         ("4.5e-17", "1e-18"), ("1e+40", "5e+20")])
@pytest.mark.parametrize("shift", [-1, 0, 1])
def test_every_digit_shown_holds_for_any_value_within_the_noise(truth, noise, shift):
    """The computed value is the truth moved by up to the noise: the text holds for the truth."""
    t, u = CTX.mpf(truth), CTX.mpf(noise)
    text = resolved_text(t + shift * u, u, 8, CTX)
    assert every_digit_right(text, t), text
    assert len(text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")) <= 8


def test_noise_is_never_shown_and_resolved_values_keep_their_digits():
    assert resolved_text(CTX.mpf("-1.6940659e-21"), CTX.mpf("1e-18"), 8, CTX) == "0e-18"
    assert resolved_text(CTX.mpf("5e-18"), CTX.mpf("1e-18"), 8, CTX) == "0e-17"
    assert resolved_text(CTX.mpf(2) / 3, CTX.mpf("1e-30"), 8, CTX) == "0.66666667"
    # negative control: the naive 8 digits of a value next to its noise are wrong
    t, u = CTX.mpf("4.5e-17"), CTX.mpf("1e-18")
    assert not every_digit_right(to_decimal(t + u, 8, CTX), t)


def test_zero_within_is_the_power_of_ten_at_or_above():
    assert zero_within(CTX.mpf("1e-18"), CTX) == "0e-18"
    assert zero_within(CTX.mpf("1.5e-18"), CTX) == "0e-17"
    assert zero_within(CTX.mpf("3"), CTX) == "0e+1"
