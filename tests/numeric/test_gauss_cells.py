"""The reference's Gauss-Legendre cells (numeric/gauss_cells.py) reach their digits where the
density is steep: the far tails of the normal, where ln f falls by x delta across a cell.

Every expected value is computed here from the definition in a fresh mpmath context: the
normal's cell masses ``(erfc(a / sqrt 2) - erfc(b / sqrt 2)) / 2`` right of 0, at 100 digits
more than the sum under test.  Negative controls: the grid-wide node count alone (the old
rule) misses the digits on a far cell, and a sum off by one unit in its last digits is told
apart from the right one.
"""

import mpmath
import pytest
import sympy as sp

from symbolic_info.numeric import cells
from symbolic_info.numeric.context import new_context

X = sp.Symbol("x", real=True)


def _ctx(dps):
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def _normal_mass(ctx, a, b):
    """P(a <= Z < b) for the standard normal, both ends >= 0 or both <= 0, no cancellation."""
    if a < 0:
        a, b = -b, -a
    r = ctx.sqrt(2)
    return (ctx.erfc(a / r) - ctx.erfc(b / r)) / 2


def _gl(ctx, f, a, b, m):
    nodes, weights = cells.gauss_legendre_points(m, ctx.dps)
    half, mid = (b - a) / 2, (b + a) / 2
    return half * ctx.fsum(w * f(mid + half * t) for t, w in zip(nodes, weights, strict=True))


def test_the_node_count_holds_its_digits_on_a_steep_far_cell():
    """The cell [28, 28.01) of the normal (mass 1e-174): 145 relative digits with the count
    from the cell's log-slope; the grid's own count (24 nodes, the old rule) gives about
    117 (negative control: the model is needed, and the test can see a shortfall)."""
    from symbolic_info.numeric.gauss_cells import nodes_needed, slope_nodes

    ctx = _ctx(260)
    a, b = ctx.mpf(28), ctx.mpf(2801) / 100
    want = _normal_mass(ctx, a, b)

    def f(t):
        return ctx.exp(-t * t / 2) / ctx.sqrt(2 * ctx.pi)
    change = float((b * b - a * a) / 2)
    m = max(nodes_needed(7608, 145), slope_nodes(change, 145))
    assert abs(_gl(ctx, f, a, b, m) / want - 1) < ctx.mpf(10) ** -150
    old = nodes_needed(7608, 145)
    assert old < m
    assert abs(_gl(ctx, f, a, b, old) / want - 1) > ctx.mpf(10) ** -145


@pytest.mark.parametrize("dps", [300])
def test_the_reference_sum_reaches_its_digits_into_the_far_tails(dps):
    """normal(0, 1) at delta 1/10, cells out to |x| = 40 (masses down to 1e-350): the sum of
    quadrature_cells agrees with the closed-form masses' sum to dps digits (the old node
    rule reached 285 of 300 here), and a sum moved by 10^-(dps - 3) relatively is told
    apart from it."""
    ctx = _ctx(dps + 100)
    d = sp.Rational(1, 10)
    f = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)
    i0, i1 = -400, 400
    got = cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, new_context(dps))
    want = ctx.zero
    for i in range(i0, i1):
        p = _normal_mass(ctx, ctx.mpf(i) / 10, ctx.mpf(i + 1) / 10)
        want -= p * ctx.log(p)
    assert abs(ctx.mpf(got) / want - 1) < ctx.mpf(10) ** -dps
    assert abs(ctx.mpf(got) * (1 + ctx.mpf(10) ** -(dps - 3)) / want - 1) > ctx.mpf(10) ** -dps


@pytest.mark.parametrize("m,dps", [(24, 1000), (48, 300)])
def test_the_rule_matches_mpmaths_own_gauss_legendre_nodes(m, dps):
    """Nodes and weights (Newton in doubles, then at doubling precision) agree with mpmath's
    independent Gauss-Legendre rule of the same size (3 * 2^(degree - 1) nodes) to dps
    digits."""
    from mpmath.calculus.quadrature import GaussLegendre

    ctx = _ctx(dps + 10)
    degree = {24: 4, 48: 5}[m]
    theirs = sorted(GaussLegendre(ctx).calc_nodes(degree, ctx.prec))
    nodes, weights = cells.gauss_legendre_points(m, dps)
    ours = sorted(zip(nodes, weights, strict=True))
    assert len(ours) == len(theirs) == m
    tol = ctx.mpf(10) ** -dps
    for (x, w), (y, v) in zip(ours, theirs, strict=True):
        assert abs(x - y) < tol and abs(w / v - 1) < tol


def test_the_largest_rule_is_exact_for_polynomials_up_to_its_degree():
    """160 nodes at 1000 digits: int x^318 = 2/319 and int 1 = 2 to 1000 digits; x^320 (past
    the degree 2m - 1 = 319) is not integrated exactly (negative control)."""
    ctx = _ctx(1040)
    nodes, weights = cells.gauss_legendre_points(160, 1000)
    pairs = list(zip(nodes, weights, strict=True))

    def rule(k):
        return ctx.fsum(w * ctx.mpf(x) ** k for x, w in pairs)
    tol = ctx.mpf(10) ** -1000
    assert abs(rule(0) - 2) < tol
    assert abs(rule(318) / (ctx.mpf(2) / 319) - 1) < tol
    assert abs(rule(320) / (ctx.mpf(2) / 321) - 1) > ctx.mpf(10) ** -100


@pytest.mark.parametrize("dps", [300])
def test_the_cells_shared_by_two_cores_give_the_one_core_sum_and_a_wrong_mass_shows(
        dps, monkeypatch):
    """normal(0, 1) at delta 1/100, cells over [-1, 1): the sum with the MPFR cells dealt to
    a forked child equals the sum in one process digit for digit, and both match the
    closed-form masses to dps digits, by the exp(quadratic) recurrences and by the general
    MPFR path alike.  Negative controls: one cell's mass off by 10^-(dps - 50) relatively
    (in whichever process computes it, on either path) moves the sum past the tolerance.
    (The 1000-digit case ran the same code: one panel of 160 nodes against 48 at 300.)"""
    from symbolic_info.numeric import gauss_cells, gauss_quadratic, mpfr_eval
    from symbolic_info.numeric.mpfr_eval import gmpy2

    ctx = _ctx(dps + 60)
    d = sp.Rational(1, 100)
    f = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)
    i0, i1 = -100, 100
    want = ctx.zero
    for i in range(i0, i1):
        p = _normal_mass(ctx, ctx.mpf(i) / 100, ctx.mpf(i + 1) / 100)
        want -= p * ctx.log(p)

    def run(cores):
        monkeypatch.setenv("SYMBOLIC_INFO_CORES", cores)
        return ctx.mpf(cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, new_context(dps)))
    two, one = run("2"), run("1")
    assert two == one
    assert abs(two / want - 1) < ctx.mpf(10) ** -dps

    def off(cells_walked, masses):  # the cell [3/100, 4/100) off by 10^-(dps - 50)
        return [v * (1 + gmpy2.mpfr(10) ** -(dps - 50)) if v is not None and i == 3 else v
                for (i, _), v in zip(cells_walked, masses, strict=True)]

    walk = gauss_quadratic.quadratic_masses

    def wrong_walk(form, delta, cells_walked, *args):
        return off(cells_walked, walk(form, delta, cells_walked, *args))
    with monkeypatch.context() as patch:  # the exp(quadratic) path the normal takes
        patch.setattr(gauss_quadratic, "quadratic_masses", wrong_walk)
        assert abs(run("2") / want - 1) > ctx.mpf(10) ** -dps

    def wrong(fn, a, b, rule, bits, c):
        v = mpfr_eval.integrate_rule(fn, a, b, rule, bits, c)
        return v * (1 + c.mpf(10) ** -(dps - 50)) if a == (3, 100) else v
    monkeypatch.setattr(gauss_cells, "quadratic_form", lambda shape, var: None)
    assert abs(run("2") / want - 1) < ctx.mpf(10) ** -dps  # the general MPFR path alone
    monkeypatch.setattr(gauss_cells, "integrate_rule", wrong)
    assert abs(run("2") / want - 1) > ctx.mpf(10) ** -dps


def test_cells_next_to_complex_poles_reach_their_digits(monkeypatch):
    """The Cauchy's cells -510 .. 510 at delta 1/10 (the walk of quantised-entropy's
    cauchy(0, 1) at 300 digits): with the count from the poles +-i (Bernstein ellipse) the
    reference's sum agrees with the sum of the exact masses ``atan((b - a) / (1 + a b)) /
    pi`` (a and b of one sign: no cancellation) to 300 digits; the grid's count alone (80
    nodes, the old rule: 258 digits) does not, and a sum off by 10^-280 relatively is told
    apart (negative controls)."""
    from symbolic_info.numeric import gauss_cells

    dps = 300
    ctx = _ctx(dps + 40)
    d = sp.Rational(1, 10)
    f = 1 / (sp.pi * (1 + X**2))
    i0, i1 = -510, 511
    want = ctx.zero
    for i in range(i0, i1):
        a, b = ctx.mpf(i) / 10, ctx.mpf(i + 1) / 10
        p = ctx.atan((b - a) / (1 + a * b)) / ctx.pi
        want -= p * ctx.log(p)

    def run():
        return ctx.mpf(cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, new_context(dps)))
    got = run()
    assert abs(got / want - 1) < ctx.mpf(10) ** -dps
    assert abs(got * (1 + ctx.mpf(10) ** -(dps - 20)) / want - 1) > ctx.mpf(10) ** -dps
    monkeypatch.setattr(gauss_cells, "pole_nodes", lambda a, b, poles, digits: (1, 4))
    assert abs(run() / want - 1) > ctx.mpf(10) ** -(dps - 30)


def test_cells_next_to_a_singular_end_of_the_support_reach_their_digits():
    """lognormal(0, 1) at delta 1/10, cells 0 .. 39 at 300 digits: the density's singular
    point 0 ends the support, and the cell [0.1, 0.2) next to the one that holds it needs
    about 200 nodes (the old cap of 80 left its mass 1.7e-129 off, and the masses of
    quantised-entropy's reference did not add up to 1).  Against the exact masses
    ``(erfc(ln a / sqrt 2) - erfc(ln b / sqrt 2)) / 2`` (the first ``erfc(-ln b / sqrt 2) /
    2``); a sum off by 10^-280 relatively is
    told apart (negative control)."""
    dps = 300
    ctx = _ctx(dps + 40)
    d = sp.Rational(1, 10)
    x = sp.Symbol("x", positive=True)
    f = sp.exp(-sp.log(x)**2 / 2) / (x * sp.sqrt(2 * sp.pi))
    r = ctx.sqrt(2)
    want = ctx.zero
    for i in range(0, 40):
        a, b = ctx.mpf(i) / 10, ctx.mpf(i + 1) / 10
        p = (ctx.erfc(-ctx.log(b) / r) if i == 0 else
             ctx.erfc(ctx.log(a) / r) - ctx.erfc(ctx.log(b) / r)) / 2
        want -= p * ctx.log(p)
    got = ctx.mpf(cells.quadrature_cells(f, x, sp.Integer(0), sp.oo, d, 0, 40, new_context(dps)))
    assert abs(got / want - 1) < ctx.mpf(10) ** -dps
    assert abs(got * (1 + ctx.mpf(10) ** -(dps - 20)) / want - 1) > ctx.mpf(10) ** -dps


def test_a_rule_of_many_digits_is_kept_on_disk_and_a_wrong_one_is_not_trusted(monkeypatch,
                                                                               tmp_path):
    """From STORE_DIGITS on a rule is stored, read back in a new process (caches cleared)
    equal to the computed one, and a stored file whose nodes are not a rule (a node 3, its
    checksum right) is recomputed, never used: 40 nodes integrate x^78 exactly (2/79)."""
    from symbolic_info.numeric import gauss_rules, node_store, rule_nodes

    monkeypatch.setenv("SYMBOLIC_INFO_CACHE", "on")
    monkeypatch.setenv("SYMBOLIC_INFO_CACHE_DIR", str(tmp_path))

    def fresh():
        gauss_rules._stored_rule.cache_clear()
        gauss_rules._gauss_legendre.cache_clear()
        return cells.gauss_legendre_points(40, gauss_rules.STORE_DIGITS)

    made = fresh()
    assert list((tmp_path / "nodes").rglob("*legendre*"))
    assert fresh() == made
    key = ("legendre", gauss_rules._source_hash(), 40, gauss_rules.STORE_DIGITS)
    bad = [(mpmath.mpf(3)._mpf_, w._mpf_) for w in made[1]]
    for path in (tmp_path / "nodes").rglob("*legendre*"):
        path.unlink()
    node_store.save(rule_nodes.node_version(), key, bad)
    nodes, weights = fresh()
    ctx = _ctx(gauss_rules.STORE_DIGITS)
    exact = ctx.fsum(w * t ** 78 for t, w in zip(nodes, weights, strict=True))
    assert abs(exact - ctx.mpf(2) / 79) < ctx.mpf(10) ** -(gauss_rules.STORE_DIGITS - 5)


def _laplace_terms(ctx, delta, i0, i1):
    """-sum p ln p over the cells i0..i1-1 of Laplace(0, 1), masses in closed form."""
    total = ctx.zero
    for i in range(i0, i1):
        a, b = ctx.mpf(i) * delta, ctx.mpf(i + 1) * delta
        p = (ctx.exp(-a) - ctx.exp(-b)) / 2 if a >= 0 else (ctx.exp(b) - ctx.exp(a)) / 2
        total -= p * ctx.log(p)
    return total


def test_cells_beside_a_kink_of_an_entire_branch_go_by_the_recurrences(monkeypatch):
    """Laplace at 300 digits: the two cells beside its kink at 0 hold no kink inside and are
    exp(quadratic) on each side, so they go by gauss_quadratic's walks (not tanh-sinh), and
    the sum matches the closed form; the kink cell's mass off by 1e-250 is caught."""
    from symbolic_info.numeric import gauss_cells

    dps, d = 300, sp.Rational(1, 2)
    f = sp.exp(-sp.Abs(X)) / 2
    i0, i1 = -1420, 1420  # out to 710 scale lengths: the masses beyond are below 1e-308
    ctx = _ctx(dps + 40)
    want = _laplace_terms(ctx, ctx.mpf(1) / 2, i0, i1)
    asked = []
    real = gauss_cells.quadratic_cells

    def spy(form, delta, wanted, top, work):
        asked.extend(i for i, _digits in wanted)
        return real(form, delta, wanted, top, work)

    monkeypatch.setattr(gauss_cells, "quadratic_cells", spy)
    work = new_context(dps)
    got = cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, work, kinks=(sp.Integer(0),))
    assert {-1, 0} <= set(asked)
    assert abs(ctx.mpf(got) - want) < ctx.mpf(10) ** -(dps - 1)

    def spoilt(form, delta, wanted, top, work):
        out = real(form, delta, wanted, top, work)
        return [v * (1 + work.mpf(10) ** -250) if i == 0 and v is not None else v
                for (i, _digits), v in zip(wanted, out, strict=True)]

    monkeypatch.setattr(gauss_cells, "quadratic_cells", spoilt)
    bad = cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, i0, i1, work, kinks=(sp.Integer(0),))
    assert abs(ctx.mpf(bad) - want) > ctx.mpf(10) ** -(dps - 1)


def test_a_kink_on_an_edge_that_doubles_round_past_is_not_inside_the_cell():
    """Laplace(3/10, 1) at delta 1/10: the cell [1/5, 3/10] holds no kink, but in doubles its
    right edge 3 * 0.1 lies past 0.3, so the kink seemed inside it and the Bernstein ellipse's
    rho = z + sqrt(z^2 - 1) became complex (an internal TypeError from ``derive``); the sum
    matches the masses from the CDF, and (negative control) one of them off by 1e-25 does
    not."""
    dps, d, mu = 30, sp.Rational(1, 10), sp.Rational(3, 10)
    f = sp.exp(-sp.Abs(X - mu)) / 2
    ctx = _ctx(dps + 20)

    def mass(i):
        a, b, m = ctx.mpf(i) / 10, ctx.mpf(i + 1) / 10, ctx.mpf(3) / 10
        cdf = lambda x: ctx.exp(x - m) / 2 if x <= m else 1 - ctx.exp(m - x) / 2  # noqa: E731
        return cdf(b) - cdf(a)

    masses = [mass(i) for i in range(-40, 40)]
    want = -ctx.fsum(p * ctx.log(p) for p in masses)
    got = cells.quadrature_cells(f, X, -sp.oo, sp.oo, d, -40, 40, new_context(dps), kinks=(mu,))
    assert abs(ctx.mpf(got) - want) < ctx.mpf(10) ** -(dps - 1)
    masses[42] *= 1 + ctx.mpf(10) ** -25
    assert abs(ctx.mpf(got) + ctx.fsum(p * ctx.log(p) for p in masses)) > ctx.mpf(10) ** -(dps - 1)
