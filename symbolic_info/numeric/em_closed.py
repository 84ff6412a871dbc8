"""The Euler-Maclaurin tail of a sum of atoms ``c ln(x + a) / (x + b)^n`` in closed form.

For a term decomposed by :func:`symbolic_info.numeric.log_rational.atoms_of`, on
``x >= x0`` where every ``x + a`` and ``x + b`` is at least 1 (``valid_from``), for an
integer power ``n`` or a fraction ``n > 1`` (``ln k / k^(3/2)``):

- derivatives (Leibniz's rule; ``g_j = binom(n + j - 1, j)``, so ``(n)_r = r! g_r``)::

      d^r/dx^r (x + b)^-n            = (-1)^r r! g_r U^(-n-r),                       U = x + b
      d^r/dx^r ln(x + a) (x + b)^-n  = (-1)^r r! U^(-n-r) (g_r ln(x + a) - p_r),
      p_r = sum_{i=1}^r g_(r-i) t^i / i,   t = U / (x + a)

  (``p_r`` the coefficients of ``(1 - z)^-n`` times ``-ln(1 - t z)``, by a three-term
  recurrence), all odd orders in ``O(m)`` operations instead of SymPy's expression swell;
- the tail integral ``int_x0^oo`` term by term, with ``ln(u + d) = ln u + ln(1 + d/u)``
  expanded in ``d / u`` (a geometric series, used for ``|d| <= u / 2``);
- a bound on ``int_x0^oo |f^(2m)|`` (:func:`derivative_mass`): the triangle inequality over
  the atoms and over Leibniz's terms, each of which falls in ``x``, integrated exactly after
  ``(x + a)^-i (x + b)^-(s-i) <= (x + c)^-s`` with ``c = min(a, b)`` and
  ``ln(x + a) <= ln(x + b) + max(0, a - b) / (x + b)``.

The Euler-Maclaurin formula with ``b -> oo`` (DLMF 2.10.1; Olver, *Asymptotics and
Special Functions*, Ch. 8, Sec. 1) then bounds the remainder by
``2 |B_2m| / (2m)! int |f^(2m)|`` (DLMF 24.12.1 bounds the periodic ``B~_2m``).

>>> import sympy as sp
>>> from symbolic_info.numeric.context import new_context
>>> from symbolic_info.numeric.log_rational import atoms_of
>>> k, ctx = sp.Symbol("k", positive=True), new_context(30)
>>> atoms = atoms_of(sp.log(k) / k**2, k)
>>> ctx.nstr(derivatives(atoms, 10, [1], ctx)[0], 12)  # (1 - 2 ln 10) / 10^3
'-0.00360517018599'
>>> ctx.nstr(tail_integral(atoms, 10, ctx), 12)  # (ln 10 + 1) / 10
'0.330258509299'
"""

from __future__ import annotations

import math

from .context import compile_expr, new_context

__all__ = ["derivatives", "tail_integral", "expansion_from", "derivative_mass", "scale_at"]


def _coef(atom, ctx):
    """The atom's coefficient on ``ctx`` (exact for a rational, else to ``dps + 5`` digits:
    a constant such as ``zeta(3/2)`` is computed once per precision by the compiler's memo,
    a kept series SymPy cannot evaluate, a conditional pmf's ``P(A)``, by its own method)."""
    c = atom.coef
    if c.is_Rational:
        return _num(c, ctx)
    return ctx.convert(compile_expr(c, [], new_context(ctx.dps + 5))())


def _num(r, ctx):
    return ctx.mpf(r.p) / r.q


def _power(atom, ctx):
    """The atom's power ``n``: an integer as it is, a fraction on ``ctx``."""
    n = atom.n
    return n if isinstance(n, int) or n.is_Integer else _num(n, ctx)


def _rising(n, top, ctx) -> list:
    """``[g_0, .., g_top]``, ``g_j = (n)_j / j! = binom(n + j - 1, j)``, for any ``n > 0``."""
    g = [ctx.one]
    for j in range(1, top + 1):
        g.append(g[-1] * (n + j - 1) / j)
    return g


def _p_values(t, n, g, ctx) -> list:
    """``[p_0, .., p_top]`` with ``p_r = sum_{i=1}^r g_(r-i) t^i / i`` (``p_0 = 0``), ``g``
    from :func:`_rising`.  ``P(z) = sum p_r z^r = (1 - z)^-n (-ln(1 - t z))`` solves
    ``(1 - z)(1 - t z) P' = n (1 - t z) P + t (1 - z)^(1 - n)``, whose coefficients give

        (j + 1) p_(j+1) = (j (1 + t) + n) p_j - t (j - 1 + n) p_(j-1) + t (g_j - g_(j-1)),

    ``O(top)`` operations for any ``n`` (a fraction too); about 3 digits are lost by
    ``top = 2000``, inside the callers' 10 guard digits."""
    top = len(g) - 1
    p = [ctx.zero, t][:top + 1]
    for j in range(1, top):
        p.append(((j * (1 + t) + n) * p[j] - t * (j - 1 + n) * p[j - 1]
                  + t * (g[j] - g[j - 1])) / (j + 1))
    return p


def derivatives(atoms, x0, orders, ctx) -> list:
    """``[f^(r)(x0) for r in orders]`` of the sum of ``atoms`` (see the module docstring)."""
    top, x = max(orders), ctx.mpf(x0)
    out = [ctx.zero] * len(orders)
    wanted = {r: i for i, r in enumerate(orders)}
    for atom in atoms:
        c, n = _coef(atom, ctx), _power(atom, ctx)
        g = _rising(n, top, ctx)
        u = x + _num(atom.b, ctx)
        if atom.a is not None:
            xa = x + _num(atom.a, ctx)
            log_xa, p = ctx.log(xa), _p_values(u / xa, n, g, ctx)
        factor, inv = ctx.one / u ** n, 1 / u  # (-1)^r r! U^(-n-r), from r = 0
        for r in range(1, top + 1):
            factor *= -r * inv
            if r in wanted:
                value = g[r] * factor if atom.a is None else factor * (g[r] * log_xa - p[r])
                out[wanted[r]] += c * value
    return out


def scale_at(atoms, x0, ctx):
    """``(f(x0), sum |atom(x0)|)``: the value and the size of its largest cancellation."""
    x, total, size = ctx.mpf(x0), ctx.zero, ctx.zero
    for atom in atoms:
        v = _coef(atom, ctx) / (x + _num(atom.b, ctx)) ** _power(atom, ctx)
        if atom.a is not None:
            v *= ctx.log(x + _num(atom.a, ctx))
        total, size = total + v, size + abs(v)
    return total, size


def _series(ratio, weight, ctx):
    """``sum_{q >= 1} ratio^q weight(q)`` for ``|ratio| <= 1/2`` and ``|weight(q)| <=
    weight(1)``, cut where the geometric rest is below ``2^-(prec + 10)`` of ``weight(1)``."""
    total, power, q = ctx.zero, ctx.one, 0
    if ratio == 0:
        return total
    # the exponent on ctx: a float underflows to 0 below 10^-308 (a shift of 10^-400)
    stop = int((ctx.prec + 12) / -float(ctx.log(abs(ratio), 2))) + 2
    for q in range(1, stop + 1):
        power *= ratio
        total += power * weight(q)
    return total


def tail_integral(atoms, x0, ctx):
    """``int_x0^oo f`` of the sum of ``atoms`` in closed form; None when some ``|a - b|``
    exceeds half of ``x0 + b`` (the expansion's ratio)."""
    x, total = ctx.mpf(x0), ctx.zero
    ones = [at for at in atoms if at.n == 1]
    plain = [at for at in ones if at.a is None]
    logged = [at for at in ones if at.a is not None]
    if plain:  # sum c = 0: -sum c ln(x0 + b) = -sum c ln(1 + (b - b0)/(x0 + b0))
        b0 = plain[0].b
        total -= ctx.fsum(_coef(at, ctx) * ctx.log1p(_num(at.b - b0, ctx) / (x + _num(b0, ctx)))
                          for at in plain)
    if logged:  # sum c = 0: pair each ln(x + a)/(x + b) with ln(x + a)/(x + a)
        ref = x + _num(logged[0].a, ctx)
        for at in logged:
            v = x + _num(at.a, ctx)
            d = _num(at.b - at.a, ctx)
            if 2 * abs(d) > v:
                return None
            log_v = ctx.log(v)
            lam = ctx.log1p((v - ref) / ref)
            part = _series(-d / v, lambda q, lv=log_v: lv / q + ctx.one / q**2, ctx)
            total += _coef(at, ctx) * (part - lam * (log_v + ctx.log(ref)) / 2)
    for at in atoms:
        if at.n == 1:
            continue
        n, u = _power(at, ctx), x + _num(at.b, ctx)
        head = u ** (1 - n)
        if at.a is None:
            total += _coef(at, ctx) * head / (n - 1)
            continue
        d = _num(at.a - at.b, ctx)
        if 2 * abs(d) > u:
            return None
        rest = _series(d / u, lambda q, n=n: ctx.mpf(-(-1) ** q) / (q * (n + q - 1)), ctx)
        total += _coef(at, ctx) * head * (ctx.log(u) / (n - 1) + ctx.one / (n - 1)**2 + rest)
    return total


def expansion_from(atoms) -> int:
    """The least integer ``x0`` from which :func:`tail_integral` expands every atom
    (``2 |a - b|`` at most ``x0 + a`` for ``n = 1``, ``x0 + b`` otherwise).

    >>> import sympy as sp
    >>> from symbolic_info.numeric.log_rational import atoms_of
    >>> k = sp.Symbol("k", positive=True)
    >>> expansion_from(atoms_of(sp.log(k) * (1 / k - 1 / (k + 100)), k))
    200
    """
    need = [2 * abs(at.a - at.b) - (at.a if at.n == 1 else at.b)
            for at in atoms if at.a is not None]
    return max([1, *(int(math.ceil(v)) for v in need)])


def derivative_mass(atoms, x0, r, ctx):
    """An upper bound on ``int_x0^oo |f^(r)(x)| dx`` (see the module docstring), valid
    when every ``x0 + a`` and ``x0 + b`` is at least 1."""
    x, total = ctx.mpf(x0), ctx.zero
    fact = ctx.factorial(r)
    for atom in atoms:
        n = _power(atom, ctx)
        s, g = n + r, _rising(n, r, ctx)
        u = x + _num(atom.b, ctx)
        rising = fact * g[r]  # (n)_r
        if atom.a is None:
            mass = rising * u ** (1 - s) / (s - 1)
        else:
            a, b = atom.a, atom.b
            log_part = u ** (1 - s) * (ctx.log(u) / (s - 1) + ctx.one / (s - 1)**2)
            if a > b:
                log_part += _num(a - b, ctx) * u ** -s / s
            low = x + _num(min(a, b), ctx)
            ones = _p_values(ctx.one, n, g, ctx)[r]  # sum_i g_(r-i) / i
            mass = rising * log_part + fact * ones * low ** (1 - s) / (s - 1)
        total += abs(_coef(atom, ctx)) * mass
    return total
