"""Events of a message (``X <= 50``, ``X != 1``, ...): read safely into intervals."""

import pytest
import sympy as sp

from symbolic_info.checker.grammar import ParseError
from symbolic_info.language.event import (
    MAX_EVENT,
    holds,
    integer_ranges,
    parse_event,
    real_intervals,
)

oo = sp.oo


@pytest.mark.parametrize("text, ranges", [
    ("X <= 50", [(1, 50)]),
    ("X < 50", [(1, 49)]),
    ("X > 3", [(4, oo)]),
    ("X >= 3", [(3, oo)]),
    ("X != 1", [(2, oo)]),
    ("X != 3", [(1, 2), (4, oo)]),
    ("X = 1", [(1, 1)]),
    ("X == 2", [(2, 2)]),
    ("X in {1, 2, 3}", [(1, 3)]),
    ("X in {1, 3}", [(1, 1), (3, 3)]),
    ("X not in {2, 3}", [(1, 1), (4, oo)]),
    ("2 <= X <= 5", [(2, 5)]),
    ("2 < X < 5", [(3, 4)]),
    ("5 >= X > 2", [(3, 5)]),
    ("X in [2, 5)", [(2, 4)]),
    ("50 >= X", [(1, 50)]),
    ("X <= 5/2", [(1, 2)]),
    ("X \u2264 2", [(1, 2)]),
    ("X <= 0", []),
])
def test_integer_ranges_on_the_positive_integers(text, ranges):
    assert integer_ranges(parse_event(text), 1, oo) == ranges


def test_real_intervals_drop_points_and_cut_at_the_support():
    assert real_intervals(parse_event("X <= 50"), 0, oo) == [(0, 50)]
    assert real_intervals(parse_event("X = 1"), -oo, oo) == []
    assert real_intervals(parse_event("X in {1, 2}"), -oo, oo) == []
    assert real_intervals(parse_event("X != 1"), -oo, oo) == [(-oo, 1), (1, oo)]
    assert real_intervals(parse_event("-1 <= X <= 1/2"), 0, 1) == [(0, sp.Rational(1, 2))]


def test_holds_on_a_table_s_values():
    e = parse_event("X in {1/2, 3}")
    assert holds(e, sp.Rational(1, 2)) and holds(e, 3) and not holds(e, 2)
    assert not holds(parse_event("X < 1"), 1) and holds(parse_event("X <= 1"), 1)


@pytest.mark.parametrize("text, words", [
    ("Y < 3", "about X"),
    ("X <= y", "unknown name"),
    ("X < oo", "infinity"),
    ("X <== 3", "cannot read"),
    ("", "empty"),
    ("X in {}", "empty"),
    ("2 <= X >= 3", "range"),
    ("5 <= X <= 2", "empty"),
    ("X <= exp(exp(exp(100)))", "too large"),
    ("X <= 1/0", "division by zero"),
    ("__import__('os').system('touch /tmp/canary_event') < X", "not allowed"),
    ("X in {" + ",".join(["1"] * 1001) + "}", "at most"),
    ("X <= " + "1" * MAX_EVENT, "longer than"),
    ("X <= sqrt(-1)", "real number"),
])
def test_bad_events_are_one_line_errors(text, words, tmp_path):
    with pytest.raises(ParseError) as err:
        parse_event(text)
    message = str(err.value)
    assert words in message and "\n" not in message


def test_not_a_string():
    with pytest.raises(ParseError):
        parse_event(["X <= 1"])
