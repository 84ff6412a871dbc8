"""h(X), the limit of ``quantised-entropy``'s extras, worked out beside the cell sums.

The extras show ``h(X)`` and ``h(X) - log delta`` to the requested digits: the ``entropy``
entry's closed form (derived and verified on its own, :func:`.quantised_walk.limit_entropy`)
evaluated ``STEP`` digits above the value's sum.  For ``1/2 laplace(0, 1) + 1/2 normal(3,
1)`` that entry's verification took 0.4 s before the sums, and its kept integral 5.4 s of
CPU at 1000 digits after them, on one core at a time.  So the entry is only built when the
request's entry is (:func:`check_law`: a density that is not normalised is refused at once,
as before), and the first pair of sums of a law (:func:`.quantised_sums.both_sums`) takes
:func:`limit_job` as a job of its own: the forked child derives and evaluates h(X) while
this process integrates the reference.  :func:`limit_value` answers the extras from what
was kept, and derives and evaluates here as before when nothing was (the job failed, or the
law's sums were not paired).  Only the process and the time change: the same verified
closed form, evaluated by the same code at the same precision; h is no part of the
verification's two sums.

>>> law_key = ("args",)
>>> remember_text(law_key, "uniform(0, 2)"); text_of(law_key)
'uniform(0, 2)'
>>> keep("uniform(0, 2)", 30, limit_job("uniform(0, 2)", 30)())
>>> h, value = limit_value("uniform(0, 2)", new_context(20))
>>> h, str(value)[:8]
(log(2), '0.693147')
"""

from __future__ import annotations

from collections import OrderedDict

from ..numeric.bumps import recording
from ..numeric.context import compile_expr, new_context
from .quantised_sums import PrecisionMemo
from .quantised_walk import limit_entropy

__all__ = ["check_law", "limit_job", "keep", "kept", "limit_value", "remember_text",
           "text_of", "clear", "TEXTS"]

_VALUES = PrecisionMemo(16)
"""``text -> {dps: raw mpf}``: h(X)'s value, computed beside the cell sums."""
_CLOSED: OrderedDict = OrderedDict()
"""``text -> h``: the closed forms derived so far (at most :data:`TEXTS`)."""
_TEXTS: OrderedDict = OrderedDict()
TEXTS = 64
"""Laws whose text (and closed form) are kept (two per cached entry: X and Y)."""


def _bounded_put(table: OrderedDict, key, value) -> None:
    table[key] = value
    table.move_to_end(key)
    while len(table) > TEXTS:
        table.popitem(last=False)


def check_law(text: str) -> None:
    """Build the ``entropy`` entry of ``text`` without verifying it: what it refuses (a
    density that does not integrate to 1) is refused here, at once and in its words."""
    from ..catalog import entry, parse_params

    e, params = entry("entropy").specialise({"X": text})
    values = parse_params(e, params)
    if e.check:
        e.check(values)
    e.build(dict(e.structure(values)))


def remember_text(key, text: str) -> None:
    """Remember that the cell sums with the node arguments ``key`` are those of ``text``."""
    _bounded_put(_TEXTS, key, text)


def text_of(key) -> str | None:
    """The law's text of the node arguments ``key``, or None when not remembered."""
    return _TEXTS.get(key)


def _closed(text: str):
    h = _CLOSED.get(text)
    if h is None:
        h = limit_entropy(text)
        _bounded_put(_CLOSED, text, h)
    return h


def limit_job(text: str, dps: int):
    """A job for :func:`~symbolic_info.numeric.two_cores.run_jobs`: ``(h, raw)``, h(X) of
    the law ``text`` (derived and verified, or as derived before) and its value at ``dps``
    digits (``_mpf_``): plain data, SymPy expressions pickle.  Its quadrature's tally of
    unsearched bumps is its own (run here on one core, it is inside the verification's
    :func:`~symbolic_info.numeric.bumps.recording`, which must not count h's)."""
    known = _CLOSED.get(text)

    def job():
        with recording():
            h = known if known is not None else limit_entropy(text)
            return h, compile_expr(h, [], new_context(dps))()._mpf_
    return job


def keep(text: str, dps: int, result) -> None:
    """Keep a :func:`limit_job`'s ``result`` (None: it failed, nothing is kept)."""
    if result is not None:
        h, raw = result
        _bounded_put(_CLOSED, text, h)
        _VALUES.put(text, dps, raw)


def kept(text: str, dps: int):
    """The kept raw value of h(X) of ``text`` computed at ``dps`` digits, or None.  Never
    one rounded from more digits: what is shown would then depend on what was asked
    before (the gallery's export differed in its last digits after other derivations)."""
    return _VALUES.at(text, dps)


def limit_value(text: str, ctx) -> tuple:
    """``(h, value)``: h(X) of ``text`` and its value on ``ctx``, the kept one at ``ctx.dps``
    digits, else derived and computed here."""
    h = _closed(text)
    raw = kept(text, ctx.dps)
    if raw is not None:
        return h, ctx.make_mpf(raw)
    return h, compile_expr(h, [], ctx)()


def clear() -> None:
    """Forget the kept values and closed forms (benchmarks time them afresh)."""
    _VALUES.clear()
    _CLOSED.clear()
