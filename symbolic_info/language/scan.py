"""Top-level structure of a distribution spec, read character by character.

The pieces of a spec (``3*x^2 on [0, 1]``, ``k = 1..oo``, ``{1: 1/2}``,
``1/2*normal(-2, 1) + ...``) are separated here by a tiny bracket-aware
scanner; every expression inside a piece is then read by the checker's
grammar (:func:`symbolic_info.checker.grammar.parse_expression`).  Nothing
is evaluated.

Example
-------
>>> split_top("a, (b, c), [d, e]", ",")
['a', '(b, c)', '[d, e]']
>>> find_word_top("3*x^2 on [0, 1]", "on")
6
"""

from __future__ import annotations

from ..checker.grammar import ParseError

__all__ = ["spec_body", "split_top", "find_word_top", "check_brackets", "split_terms", "MAX_SPEC",
           "MAX_DEPTH"]

MAX_SPEC = 2000
"""Longest distribution spec, in characters."""
MAX_DEPTH = 40
"""Deepest bracket nesting in a spec."""

_OPEN = "([{"
_CLOSE = ")]}"


def check_brackets(text: str) -> None:
    """Refuse overly long text and overly deep brackets (a support's ``[0, 1)`` may mix)."""
    if len(text) > MAX_SPEC:
        raise ParseError(f"the distribution is longer than {MAX_SPEC} characters")
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise ParseError(f"the distribution is nested deeper than {MAX_DEPTH} levels")
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                raise ParseError(f"unbalanced '{ch}' at position {i}")
    if depth:
        raise ParseError("unbalanced brackets: a '(', '[' or '{' is never closed")


def spec_body(text, what: str, example: str) -> str:
    """``text`` stripped, after refusing non-text, empty text and bad brackets.

    ``what`` names the spec in messages ("distribution", "model"), ``example`` shows one.
    """
    if not isinstance(text, str):
        raise ParseError(f"a {what} must be text such as '{example}'")
    body = text.strip()
    if not body:
        raise ParseError(f"the {what} is empty")
    check_brackets(body)
    return body


def _depths(text: str):
    depth = 0
    for i, ch in enumerate(text):
        if ch in _CLOSE:
            depth -= 1
        yield i, ch, depth
        if ch in _OPEN:
            depth += 1


def split_top(text: str, sep: str) -> list:
    """Split ``text`` at the one-character ``sep`` outside brackets (pieces stripped)."""
    pieces, start = [], 0
    for i, ch, depth in _depths(text):
        if ch == sep and depth == 0:
            pieces.append(text[start:i].strip())
            start = i + 1
    pieces.append(text[start:].strip())
    return pieces


def find_word_top(text: str, word: str) -> int:
    """Position of the first ``word`` standing alone outside brackets, or -1."""
    n = len(word)
    for i, _ch, depth in _depths(text):
        if depth == 0 and text.startswith(word, i):
            before = text[i - 1] if i else " "
            after = text[i + n] if i + n < len(text) else " "
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return i
    return -1


def split_terms(text: str) -> list:
    """Split at top-level ``+`` and ``-`` (not a sign, not in an exponent ``e-3``).

    Returns ``(sign, piece)`` pairs; the first piece keeps a leading sign.
    """
    terms, start, sign = [], 0, "+"
    prev = ""
    for i, ch, depth in _depths(text):
        if depth == 0 and ch in "+-" and i > start:
            head = text[start:i].rstrip()
            scientific = len(head) >= 2 and head[-1] in "eE" and head[-2].isdigit()
            if head and head[-1] not in "*/^(,=" and not scientific:
                terms.append((sign, head.strip()))
                sign, start = ch, i + 1
        prev = ch if not ch.isspace() else prev
    terms.append((sign, text[start:].strip()))
    return terms
