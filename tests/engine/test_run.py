"""engine/run.py: result verification, units, precision, isolation, the derive cache.

Negative controls live here: a wrong closed form must be caught, whatever the
entry.  The checks of single steps are tested in test_verify.py.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import mpmath
import pytest
import sympy as sp
from negative_controls import corrupt_step

from symbolic_info import derive
from symbolic_info.catalog import entry
from symbolic_info.engine.run import run

SIGMA = sp.Symbol("sigma", positive=True)


def _corrupt_last_step(name, wrong):
    return corrupt_step(name, wrong)


@pytest.mark.parametrize("name", ["entropy/normal", "entropy/exponential"])
def test_wrong_closed_form_is_not_verified(name):
    """Negative control: a closed form off by 1/1000 fails both its step and the reference."""
    bad = _corrupt_last_step(name, lambda rhs: rhs + sp.Rational(1, 1000))
    e = entry(name)
    values = {p.name: p.parse(p.default) for p in e.params}
    d = run(bad, values, None, 30)
    assert not d.verification.ok
    assert not d.steps[-1].check.ok
    assert not d.verified
    assert d.verification.agree_digits < 5


def test_wrong_closed_form_symbolic_run_is_not_verified():
    bad = _corrupt_last_step("entropy/normal", lambda rhs: rhs * 2)
    d = run(bad, {}, None, 30)
    assert not d.verified and not d.verification.ok


def test_correct_derivation_is_verified_with_full_digits():
    d = derive("entropy/normal", mu="1/3", sigma="3/2", dps=60)
    assert d.verified
    assert d.verification.agree_digits >= 57
    expected = mpmath.mpf(1) / 2 * mpmath.log(2 * mpmath.pi * mpmath.e * mpmath.mpf(9) / 4)
    assert abs(mpmath.mpf(d.value) - expected) < mpmath.mpf(10) ** -14


def test_bits_are_nats_divided_by_ln2_exactly():
    nats = derive("entropy/exponential", **{"lambda": "3/7"})
    bits = derive("entropy/exponential", units="bits", **{"lambda": "3/7"})
    assert sp.simplify(bits.result - nats.result / sp.log(2)) == 0
    assert bits.verified and bits.units == "bits"


def test_symbolic_result_checked_at_random_points():
    d = derive("entropy/normal")
    assert d.value is None
    assert d.result.free_symbols == {SIGMA}
    assert len(d.verification.points) == 3 and d.verification.ok


def test_unused_parameter_left_out_still_gives_a_value():
    d = derive("entropy/normal", sigma="2")
    assert d.value is not None and d.verified


def test_global_mpmath_precision_is_untouched():
    before = mpmath.mp.dps
    derive("entropy/normal", sigma="2", dps=120)
    assert mpmath.mp.dps == before


def test_concurrent_derivations_keep_their_own_precision():
    def value_digits(dps):
        d = derive("entropy/exponential", dps=dps, **{"lambda": "5"})
        return dps, len(d.value.replace("-", "").replace(".", "").lstrip("0")), d.verified

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(value_digits, [20, 80, 20, 80, 40, 40]))
    for dps, digits, ok in results:
        assert ok and digits == dps


@pytest.mark.parametrize("dps", [4, 1001])
def test_precision_outside_range_is_refused(dps):
    from symbolic_info import DerivationError

    with pytest.raises(DerivationError, match="dps"):
        derive("entropy/normal", dps=dps)


def test_derive_returns_the_cached_derivation_for_the_same_request():
    a = derive("entropy/normal", sigma="5/4", dps=40)
    b = derive("entropy/normal", sigma="1.25", dps=40)  # same exact value, other spelling
    c = derive("entropy/normal", sigma="5/4", dps=41)
    assert a is b and a is not c
    assert a.value[:20] == c.value[:20]


def test_derive_cache_is_bounded(monkeypatch):
    import importlib

    catalog_module = importlib.import_module("symbolic_info.catalog")
    assert catalog_module.CACHE_SIZE >= 64  # the real bound; a small one below, same code
    monkeypatch.setattr(catalog_module, "CACHE_SIZE", 6)
    catalog_module.clear_cache()
    for i in range(6 + 5):
        derive("entropy/exponential", dps=10, **{"lambda": str(i + 1)})
    assert len(catalog_module._cache) == 6
    assert derive("entropy/exponential", dps=10, **{"lambda": "11"}) is derive(
        "entropy/exponential", dps=10, **{"lambda": "11"})  # the newest stays
    catalog_module.clear_cache()


def test_bits_result_is_the_nats_form_over_ln2():
    nats = derive("entropy/normal")
    bits = derive("entropy/normal", units="bits")
    assert bits.result == nats.result / sp.log(2)
    assert "log((" not in str(bits.result)  # no powers with exponent 1/log(2)


def test_numeric_results_are_tidied_but_only_to_equal_forms():
    from symbolic_info.engine.run import _tidy

    assert _tidy(sp.log(2) / 2 + sp.log(4) / 2) == 3 * sp.log(2) / 2
    big = sp.log(sp.Rational(10**30 + 7, 10**30))
    assert _tidy(big) == big  # large integers are left alone (no factoring)
    assert _tidy(SIGMA + sp.log(4)) == SIGMA + sp.log(4)  # symbols are left alone


def test_tidy_leaves_fractional_powers_alone():
    """simplify stalled for minutes on such a power (kl/weibull at rational parameters)."""
    from symbolic_info.engine.run import _tidy

    expr = sp.Rational(40, 361) ** sp.Rational(1197, 1000) + sp.log(3)
    assert _tidy(expr) == expr


def test_normal_entropy_at_1000_digits_matches_the_textbook_value():
    d = derive("entropy/normal", mu="1/3", sigma="3/2", dps=1000)
    ctx = mpmath.MPContext()
    ctx.dps = 1010
    textbook = ctx.log(2 * ctx.pi * ctx.e * ctx.mpf(9) / 4) / 2
    assert d.verified and d.verification.agree_digits >= 990
    assert abs(ctx.mpf(d.verification.reference) - textbook) < ctx.mpf(10) ** -995


def test_a_closed_form_off_by_1e_minus_500_is_caught_at_1000_digits():
    """Negative control: the 1000-digit reference really has the digits it claims."""
    bad = _corrupt_last_step("entropy/normal", lambda rhs: rhs + sp.Rational(1, 10**500))
    d = run(bad, {"mu": sp.Rational(1, 3), "sigma": sp.Rational(3, 2)}, None, 1000)
    assert not d.verification.ok and 495 <= d.verification.agree_digits <= 505


def test_parameters_keep_the_entry_order_whatever_order_they_come_in():
    """Was: a derivation cached from a call with its parameters in another order kept that
    order, so the gallery written after the app had run differed from a fresh one."""
    from symbolic_info.catalog import clear_cache, derive

    clear_cache()
    first = derive("kl/normal", sigma2="2", sigma1="1", mu2="1", mu1="0")
    again = derive("kl/normal", mu1="0", sigma1="1", mu2="1", sigma2="2")
    assert list(first.params) == list(again.params) == ["mu1", "sigma1", "mu2", "sigma2"]


def _pid_entry(name: str, extras):
    """A parameter-free entry (ln 2 = ln 2) whose extras are ``extras`` and are computed
    beside its step checks."""
    from symbolic_info.core import Step
    from symbolic_info.engine.run import Draft, Entry

    def build(_structure):
        step = Step(sp.log(4) / 2, sp.log(2), "ln 4 = 2 ln 2")
        return Draft(quantity="c", assumptions=(), steps=(step,),
                     reference=lambda point, ctx: ctx.log(2), reference_method="mpmath ln 2",
                     extras=extras, extras_beside_steps=True)

    return Entry(name=name, title=name, group="test", params=(), build=build)


def test_extras_beside_the_steps_come_from_the_other_core_with_the_same_values(monkeypatch):
    """maxent's competitors are computed by a forked child while the steps are checked: the
    same extras and steps as in one process (``SYMBOLIC_INFO_CORES=1``)."""
    from symbolic_info.numeric import two_cores

    pid = _pid_entry("test/pid", lambda point, ctx, dps, units: {"pid": os.getpid(),
                                                                 "ln2": ctx.nstr(ctx.ln2, 20)})
    apart = run(pid, {}, None, 20)
    assert apart.verified and apart.extras["ln2"] == "0.69314718055994530942"
    if two_cores.cores() == 2:
        assert apart.extras["pid"] != os.getpid()
    monkeypatch.setenv(two_cores.SWITCH, "1")
    here = run(pid, {}, None, 20)
    assert here.extras["pid"] == os.getpid() and here.extras["ln2"] == apart.extras["ln2"]
    assert here.steps == apart.steps


def test_extras_beside_the_steps_raise_their_error_here():
    """Negative control: extras that fail in the child fail the derivation here, with their
    own message (run again in this process), never an empty table."""
    from symbolic_info.core import DerivationError

    def broken(point, ctx, dps, units):
        raise DerivationError("the competitors' table failed")

    with pytest.raises(DerivationError, match="competitors' table failed"):
        run(_pid_entry("test/broken", broken), {}, None, 20)
