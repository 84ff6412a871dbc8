"""quantised-entropy's h(X), worked out beside the cell sums (measures/quantised_limit.py).

The extras' h must be the entropy of the law to every digit shown, whether it was derived
and evaluated in the forked child beside the sums or here: each expected value is computed
in this file from the definition (mpmath's own quadrature of -f ln f, or the normal's
closed form), and a wrong kept value is shown to be caught by the same comparison.
"""

import pickle

import mpmath
import pytest
import sympy as sp

from symbolic_info import DerivationError, derive
from symbolic_info.catalog import clear_cache
from symbolic_info.measures import quantised, quantised_limit
from symbolic_info.measures.custom_numeric import NumericIntegral
from symbolic_info.measures.quantised_law import QuantisedLaw
from symbolic_info.numeric.context import new_context

MIXTURE = "1/2*laplace(0, 1) + 1/2*normal(3, 1)"


def _mixture_entropy(dps):
    """h of 1/2 laplace(0, 1) + 1/2 normal(3, 1) by mpmath.quad, split at the kink 0, the
    normal's centre 3 and where the tails are far below 10^-dps."""
    ctx = mpmath.MPContext()
    ctx.dps = dps + 10

    def f(x):
        return ctx.exp(-abs(x)) / 4 + ctx.exp(-(x - 3) ** 2 / 2) / (2 * ctx.sqrt(2 * ctx.pi))

    def g(x):
        v = f(x)
        return -v * ctx.log(v)

    reach = 3 * dps  # exp(-x) far below 10^-(dps + 10), with its log factor
    return ctx.quad(g, [-reach, -10, 0, 3, 6, 20, reach]), ctx


def _fresh():
    quantised.clear_sums()  # clears the kept limits too
    clear_cache()  # finished derivations: another test's same request must not answer


def _text(text, delta):
    """The law's text the entry of ``text`` remembered for its cell sums."""
    law_key = quantised.QuantisedEntropy(*QuantisedLaw(text, "X").args(
        sp.Rational(delta))).args
    return quantised_limit.text_of(law_key)


def test_the_limit_beside_the_sums_is_the_mixtures_entropy_and_a_wrong_one_is_caught(
        monkeypatch):
    _fresh()
    try:
        d = derive("quantised-entropy", X=MIXTURE, delta="1/5", dps=30)
        assert d.verified
        assert _text(MIXTURE, "1/5") == MIXTURE
        # derived and evaluated by the cell sums' job (the extras did not compute it again)
        assert quantised_limit.kept(MIXTURE, 50) is not None
        h, _value = quantised_limit.limit_value(MIXTURE, new_context(20))
        assert d.extras["quantisation"]["X"]["h_closed_form"] == sp.sstr(h)
        assert h.has(NumericIntegral)  # no closed form: the kept integral
        want, ctx = _mixture_entropy(30)
        assert abs(ctx.mpf(d.extras["quantisation"]["X"]["h"]) - want) < ctx.mpf(10) ** -28
        # negative control: a kept value wrong in its 20th digit is shown, and caught
        _fresh()
        w = new_context(40)
        wrong = (h, (w.convert(want) + w.mpf(10) ** -20)._mpf_)
        monkeypatch.setattr(quantised, "limit_job", lambda text, dps: lambda: wrong)
        bad = derive("quantised-entropy", X=MIXTURE, delta="1/5", dps=31)
        assert abs(ctx.mpf(bad.extras["quantisation"]["X"]["h"]) - want) > ctx.mpf(10) ** -21
    finally:
        _fresh()


def test_a_failed_job_leaves_the_limit_to_the_extras(monkeypatch):
    _fresh()

    def failing(text, dps):
        def job():
            raise ValueError("no limit here")
        return job

    monkeypatch.setattr(quantised, "limit_job", failing)
    try:
        d = derive("quantised-entropy", X="normal(0, 1)", delta="1/2", dps=40)
        assert quantised_limit.kept("normal(0, 1)", 40) is None  # computed by the extras
    finally:
        _fresh()
    ctx = new_context(50)
    want = (1 + ctx.log(2 * ctx.pi)) / 2
    assert d.verified and abs(ctx.mpf(d.extras["quantisation"]["X"]["h"]) - want) < \
        ctx.mpf(10) ** -39


def test_the_limit_keeps_all_1000_digits_through_the_pipe_and_a_wrong_one_is_caught():
    """The job's value crosses a pipe pickled; every digit of h(normal(0, 1)) =
    ln(2 pi e) / 2 must survive, and a value wrong at 10^-900 must show."""
    ctx = new_context(1030)
    want = (1 + ctx.log(2 * ctx.pi)) / 2
    law = "normal(0, 1)"
    h, raw = pickle.loads(pickle.dumps(quantised_limit.limit_job(law, 1020)()))
    _fresh()
    try:
        quantised_limit.keep(law, 1020, (h, raw))
        assert abs(quantised_limit.limit_value(law, new_context(1020))[1] - want) < \
            ctx.mpf(10) ** -1005
        quantised_limit.keep(law, 1020, (h, (ctx.convert(want) + ctx.mpf(10) ** -900)._mpf_))
        assert abs(quantised_limit.limit_value(law, new_context(1020))[1] - want) > \
            ctx.mpf(10) ** -1005
    finally:
        _fresh()


@pytest.mark.parametrize("kept,asked,hit", [(70, 70, True), (70, 50, False), (70, 80, False)])
def test_a_kept_limit_answers_at_its_own_digits_only(kept, asked, hit):
    """Fewer digits are computed afresh too: a value rounded from more would make what is
    shown depend on what was asked before."""
    _fresh()
    law = "uniform(0, 2)"
    try:
        quantised_limit.keep(law, kept, quantised_limit.limit_job(law, kept)())
        assert (quantised_limit.kept(law, asked) is not None) == hit
        w = new_context(asked)
        h, value = quantised_limit.limit_value(law, w)
        assert h == sp.log(2) and value.context.prec == w.prec
        assert abs(value - w.log(2)) < w.mpf(10) ** -(asked - 1)
    finally:
        _fresh()


def test_a_density_that_is_not_normalised_is_refused_before_any_sum(monkeypatch):
    """The entropy entry is built with the request's entry: its refusal comes first, in its
    own words, and no cell is summed (a sum would fail on the mass check instead)."""
    def no_sums(*args, **kwargs):
        raise AssertionError("a cell sum was started")

    monkeypatch.setattr(quantised.quantised_sums, "both_sums", no_sums)
    with pytest.raises(DerivationError, match="integrates to .* not 1; did you leave out"):
        derive("quantised-entropy", X="3*x^2 on [0, 2]", delta="1/10")


def test_the_jobs_unsearched_bumps_stay_out_of_the_verifications_tally(monkeypatch):
    """On one core the job runs inside the verification's recording: a bump its quadrature
    did not search for is h's affair (the extras' value), not a note on the verification."""
    from symbolic_info.numeric import bumps

    def noting(h, args, ctx):
        bumps.note_missed(3)
        return lambda: ctx.mpf(1)

    monkeypatch.setattr(quantised_limit, "compile_expr", noting)
    with bumps.recording() as tally:
        quantised_limit.limit_job("uniform(0, 2)", 20)()
        assert tally.missed == 0
        bumps.note_missed(2)  # control: the same call outside the job is counted
    assert tally.missed == 2
