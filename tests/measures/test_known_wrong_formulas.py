"""Wrong formulas that circulate must be rejected by the verifier (issue 5).

The Gumbel-to-normal KL divergence, D(Gumbel(mu1, beta1) || N(mu2, sigma2^2)), is
not a catalog entry, so this test poses it to the step checker directly: the
left side is the definition E_P[ln p(X) - ln q(X)] under the Gumbel density
(evaluated by quadrature), the right side a closed form.

Closed form: E_P[ln p] = -h(P) = -(ln beta1 + gamma + 1) (JKB vol. 2, ch. 22),
E_P[-ln q] = 1/2 ln(2 pi sigma2^2) + E_P[(X - mu2)^2]/(2 sigma2^2) with
E_P[X] = mu1 + gamma beta1 and Var_P X = pi^2 beta1^2 / 6.
"""

import sympy as sp

from symbolic_info.engine.verify import check_step
from symbolic_info.families import FAMILIES
from symbolic_info.numeric.quadrature import Density
from symbolic_info.symbolic.expectation import Expect

G = FAMILIES["gumbel"]
MU1, MU2 = sp.Symbol("mu1", real=True), sp.Symbol("mu2", real=True)
B1, S2 = sp.Symbol("beta1", positive=True), sp.Symbol("sigma2", positive=True)
P = sp.Symbol("P")
X = G.var
RENAME = {G.symbol("mu"): MU1, G.symbol("beta"): B1}
LOGP = G.logpdf.xreplace(RENAME)
LOGQ = -sp.log(2 * sp.pi) / 2 - sp.log(S2) - (X - MU2) ** 2 / (2 * S2**2)
DENSITIES = {P: Density(X, LOGP, tuple(sp.sympify(s).xreplace(RENAME) for s in G.quad_support),
                        tuple(b.xreplace(RENAME) for b in G.breaks))}
POINTS = [{MU1: sp.Rational(1, 3), B1: sp.Rational(3, 2), MU2: -1, S2: sp.Rational(7, 10)},
          {MU1: -2, B1: sp.Rational(1, 2), MU2: sp.Rational(1, 4), S2: 2},
          {MU1: 1, B1: 1, MU2: 1, S2: 1}]
EG = sp.EulerGamma
SHIFT = MU1 + EG * B1 - MU2


def _kl(shift_term):
    return (-sp.log(B1) - EG - 1 + sp.log(2 * sp.pi * S2**2) / 2
            + (sp.pi**2 * B1**2 / 6 + shift_term) / (2 * S2**2))


def test_the_right_gumbel_normal_kl_is_verified():
    check = check_step(Expect(LOGP - LOGQ, P), _kl(SHIFT**2), POINTS, DENSITIES, 30)
    assert check.ok and check.method == "numeric"


def test_a_gumbel_normal_kl_missing_a_square_is_rejected():
    check = check_step(Expect(LOGP - LOGQ, P), _kl(SHIFT), POINTS, DENSITIES, 30)
    assert not check.ok
