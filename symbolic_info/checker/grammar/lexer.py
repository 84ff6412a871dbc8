"""Tokens of a formula typed by a user (plain notation or a LaTeX subset).

The lexer accepts printable ASCII, Greek letters and a few mathematical
signs (minus, middle dot, times, square root, infinity); every other character, in particular
control, bidirectional and invisible characters and look-alike letters from
other scripts, is refused with its code point named.

Example
-------
>>> [t.text for t in tokenize(r"\\frac{1}{2}\\ln 2\\pi e")]
['frac', '{', '1', '}', '{', '2', '}', 'ln', '2', 'pi', 'e']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ...core import DerivationError

__all__ = ["ParseError", "Token", "tokenize", "check_characters", "greek_name", "MAX_LENGTH",
           "MAX_TOKENS", "MAX_NUMBER_CHARS"]

MAX_LENGTH = 2000
"""Longest formula accepted, in characters."""
MAX_TOKENS = 1000
"""Most tokens in one formula."""
MAX_NUMBER_CHARS = 1010
"""Longest number literal, in characters: room for a value copied at the largest
``--dps`` (1000 digits) with its point and exponent; every digit of it is compared."""


class ParseError(DerivationError):
    """A formula that cannot be read: one line naming the place and the reason."""


@dataclass(frozen=True)
class Token:
    """``kind`` is ``num``, ``name`` (plain identifier), ``cmd`` (LaTeX command) or ``op``."""

    kind: str
    text: str
    pos: int


_OPS = set("+-*/^()[]{},_|!=")
_SKIP_COMMANDS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "limits"}
_OP_COMMANDS = {"cdot": "*", "times": "*", "ast": "*", "div": "/", "lvert": "|", "rvert": "|",
                "vert": "|", "{": "(", "}": ")", "lbrace": "(", "rbrace": ")", "|": "|",
                "lparen": "(", "rparen": ")"}
_NAME_COMMANDS = {"operatorname", "mathrm", "mathit", "rm", "text", "textrm"}
_UNICODE_OPS = {"\u2212": "-", "\u2013": "-", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*",
                "\u00f7": "/", "\u2217": "*"}
_SUPERSCRIPTS = {"\u00b2": "2", "\u00b3": "3"}
_GREEK_FIX = {"lamda": "lambda", "final sigma": "sigma"}


def greek_name(ch: str) -> str | None:
    """``σ`` -> ``sigma``, ``Σ`` -> ``Sigma``, ``µ`` (micro sign) -> ``mu``; else None."""
    if ch == "\u00b5":
        return "mu"
    name = unicodedata.name(ch, "")
    for prefix, upper in (("GREEK SMALL LETTER ", False), ("GREEK CAPITAL LETTER ", True)):
        if name.startswith(prefix):
            word = name[len(prefix):].lower()
            word = _GREEK_FIX.get(word, word)
            if " " in word:
                return None
            return word.capitalize() if upper else word
    return None


def _refuse(ch: str, pos: int) -> ParseError:
    code = f"U+{ord(ch):04X}"
    label = unicodedata.name(ch, "")
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs") or (category == "Zs" and ch != " "):
        return ParseError(f"invisible or control character {code}"
                          f"{' (' + label + ')' if label else ''} at position {pos} is not allowed")
    if ord(ch) > 127:
        return ParseError(f"character '{ch}' ({code} {label}) at position {pos} is not allowed; "
                          "use ASCII letters, Greek letters or LaTeX commands")
    return ParseError(f"character '{ch}' at position {pos} is not allowed")


def check_characters(text: str) -> None:
    """Refuse, naming its code point, the first character outside ASCII that :func:`tokenize`
    does not read (a fullwidth ``ｎ`` in ``ｎormal``, which a pattern of ASCII letters would
    otherwise skip): for texts read by other means before their pieces reach the lexer.

    >>> check_characters("normal(μ, σ²)")
    >>> check_characters("\uff4eormal(0, 1)")
    Traceback (most recent call last):
    ...
    symbolic_info.checker.grammar.lexer.ParseError: character 'ｎ' (U+FF4E FULLWIDTH LATIN \
SMALL LETTER N) at position 0 is not allowed; use ASCII letters, Greek letters or LaTeX commands
    """
    for i, ch in enumerate(text):
        if ch.isascii() or ch in _UNICODE_OPS or ch in _SUPERSCRIPTS or ch in "\u221a\u221e" \
                or greek_name(ch):
            continue
        raise _refuse(ch, i)


def tokenize(text: str, scientific: bool = True) -> list:
    """Split ``text`` into :class:`Token` s, refusing anything unexpected.

    ``scientific`` reads ``1.5e-3`` as a number (plain notation); in LaTeX
    the ``e`` after a number is Euler's number.
    """
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the formula is longer than {MAX_LENGTH} characters")
    tokens: list = []
    i, n = 0, len(text)

    def emit(kind, value, pos):
        tokens.append(Token(kind, value, pos))
        if len(tokens) > MAX_TOKENS:
            raise ParseError(f"the formula has more than {MAX_TOKENS} tokens")

    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch.isascii() and ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            i = _number(text, i, scientific, emit)
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            emit("name", text[i:j], i)
            i = j
        elif ch == "*" and text.startswith("**", i):
            emit("op", "^", i)
            i += 2
        elif ch in _OPS:
            emit("op", ch, i)
            i += 1
        elif ch == "\\":
            i = _command(text, i, emit)
        elif ch in _UNICODE_OPS:
            emit("op", _UNICODE_OPS[ch], i)
            i += 1
        elif ch in _SUPERSCRIPTS:
            emit("op", "^", i)
            emit("num", _SUPERSCRIPTS[ch], i)
            i += 1
        elif ch == "\u221a":
            emit("cmd", "sqrt", i)
            i += 1
        elif ch == "\u221e":
            emit("cmd", "infty", i)
            i += 1
        elif greek_name(ch):
            emit("cmd", greek_name(ch), i)
            i += 1
        else:
            raise _refuse(ch, i)
    return tokens


def _number(text: str, i: int, scientific: bool, emit) -> int:
    n, j = len(text), i
    while j < n and text[j].isascii() and text[j].isdigit():
        j += 1
    if j < n and text[j] == "." and j + 1 <= n:
        j += 1
        while j < n and text[j].isascii() and text[j].isdigit():
            j += 1
    if scientific and j < n and text[j] in "eE":
        k = j + 1
        if k < n and text[k] in "+-":
            k += 1
        if k < n and text[k].isascii() and text[k].isdigit():
            while k < n and text[k].isascii() and text[k].isdigit():
                k += 1
            j = k
    if j - i > MAX_NUMBER_CHARS:
        raise ParseError(f"the number at position {i} is longer than {MAX_NUMBER_CHARS} characters")
    emit("num", text[i:j], i)
    return j


def _command(text: str, i: int, emit) -> int:
    n = len(text)
    j = i + 1
    if j >= n:
        raise ParseError(f"a lone backslash at position {i}")
    if not (text[j].isascii() and text[j].isalpha()):
        name = text[j]
        j += 1
    else:
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        name = text[i + 1:j]
    if name in _SKIP_COMMANDS:
        return j
    if name in _OP_COMMANDS:
        emit("op", _OP_COMMANDS[name], i)
        return j
    if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
        while j < n and text[j] == " ":
            j += 1
        if j >= n:
            raise ParseError(f"\\{name} at position {i} has no delimiter")
        if text[j] == ".":
            return j + 1
        if text[j] in "()[]|":
            emit("op", text[j], i)
            return j + 1
        if text[j] == "\\":
            return _command(text, j, emit)
        raise ParseError(f"\\{name} at position {i} is followed by '{text[j]}', not a delimiter")
    if name in _NAME_COMMANDS:
        while j < n and text[j] == " ":
            j += 1
        k = text.find("}", j)
        word = text[j + 1:k] if j < n and text[j] == "{" and k > 0 else ""
        if not (0 < len(word) <= 20 and word.isascii() and word.isalpha()):
            raise ParseError(f"\\{name} at position {i} must be followed by {{letters}}")
        emit("name", word, i)
        return k + 1
    emit("cmd", name, i)
    return j
