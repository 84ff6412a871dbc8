"""How wide a LaTeX formula renders, in ems, estimated the way KaTeX lays it out.

The app breaks a long equation into rows before KaTeX draws it (the server never
sees the browser), so it needs the width of a formula from its LaTeX alone.  This
module follows KaTeX's (and TeX's) math layout closely enough for that:

- glyph widths of the Computer Modern fonts KaTeX ships (math italic letters,
  upright digits, Greek, operators), scaled by the style: display and text 1,
  script 0.7, scriptscript 0.5 (Knuth, *The TeXbook*, ch. 17 and appendix G);
- the spacing between atoms by class (ord, op, bin, rel, open, close, punct,
  inner): thin 3 mu, medium 4 mu, thick 5 mu, dropped in script styles except thin
  around operators (*The TeXbook*, table on p. 170; KaTeX ``spacingData.js``); a
  binary sign after nothing, an operator, a relation or an opening is unary;
- fractions as wide as the wider of numerator and denominator, one style down;
  scripts one style down beside their base, big operators' limits under them in
  display style; ``\\left ... \\right`` delimiters as large as their content
  (KaTeX's delimiter sizes 1, 1.2, 1.8, 2.4, 3 em);
- ``aligned`` blocks as the sum of their columns' widths.

It is an estimate (kerning and italic corrections are left out); the browser test
``tests/web/test_e2e_fit.py`` measures the real widths.

Example
-------
>>> round(tex_width("x + y"), 2)  # x, a medium space, +, a medium space, y (Chromium: 2.32)
2.32
>>> tex_width(r"\\frac{a + b}{2}") < tex_width("a + b + 2")
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import katex_metrics as km

__all__ = ["tex_width", "tex_size", "Size", "SIZE_MEMORY", "TOLERANCE"]

TOLERANCE = 0.05
"""The estimate is within this share of Chromium's widths (tests/test_render_width.py);
a layout that must fit leaves at least this much of its width spare."""
SIZE_MEMORY = 4096
"""How many formulas' sizes :func:`tex_size` remembers."""

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_&]|\s+|.", re.S)


def _letter(name: str, width: float, s: float, italic: bool = True) -> _Atom:
    """An ordinary letter with its height (x-height or ascender) and depth."""
    tall = name in km.ASCENDERS or name[:1].isupper()
    width += km.ITALIC_CORRECTION.get(name, 0.0) if italic else 0.0
    return _Atom("ord", width * s, (.694 if tall else .431) * s,
                 (.194 if name in km.DESCENDERS else 0.0) * s)


@dataclass(frozen=True)
class Size:
    """A rendered box: ``width``, ``height`` above the baseline and ``depth`` below, in ems."""

    width: float
    height: float
    depth: float


@dataclass
class _Atom:
    kind: str  # ord, op, bin, rel, open, close, punct, inner, space
    width: float
    height: float
    depth: float
    limits: bool | str = False  # limits above and below: in display style, or "always"


class _Meter:
    """A small recursive-descent reader of KaTeX's LaTeX that measures instead of drawing."""

    def __init__(self, tex: str = "", toks: list | None = None):
        self.toks = toks if toks is not None else \
            [t for t in _TOKEN.findall(tex) if not t.isspace()]
        self.match = _matching(self.toks)
        self.pos, self.end = 0, len(self.toks)

    def view(self, start: int, end: int) -> _Meter:
        """A reader of ``toks[start:end]`` sharing this one's tokens (no copying)."""
        m = object.__new__(_Meter)
        m.toks, m.match, m.pos, m.end = self.toks, self.match, start, end
        return m

    # reading ------------------------------------------------------------------------
    def peek(self):
        return self.toks[self.pos] if self.pos < self.end else None

    def take(self):
        t = self.peek()
        self.pos += 1
        return t

    def argument(self) -> tuple:
        """``(start, end)`` of the next argument's tokens: a braced group or one token."""
        t = self.take()
        if t is None:
            return (self.end, self.end)
        if t != "{":
            return (self.pos - 1, self.pos)
        start = self.pos
        close = min(self.match.get(start - 1, self.end), self.end)
        self.pos = close + 1
        return (start, close)

    def tokens(self, span: tuple) -> list:
        return self.toks[span[0]:span[1]]

    def optional(self) -> list | None:
        if self.peek() != "[":
            return None
        self.take()
        start = self.pos
        while self.peek() not in (None, "]"):
            self.take()
        self.take()
        return self.toks[start:self.pos - 1]

    # measuring ----------------------------------------------------------------------
    def sub(self, part, style: int, font: str | None = None) -> Size:
        """The size of ``part``: a span of this reader's tokens or a list of tokens."""
        m = self.view(*part) if isinstance(part, tuple) else _Meter(toks=part)
        return m.hlist(style, font)

    def hlist(self, style: int, font: str | None = None, stop=()) -> Size:
        atoms = self.atoms(style, font, stop)
        return _pack(atoms, style)

    def atoms(self, style: int, font: str | None, stop=()) -> list:
        out: list = []
        while self.pos < self.end and self.peek() not in stop:
            t = self.take()
            if t in ("^", "_"):
                self.script(out, t, style)
            elif t == "'":
                self.attach(out, style, sup=Size(0.275 * km.SCALE[km.SCRIPT[style]], 0.8, 0.0))
            elif t == "{":
                self.pos -= 1
                box = self.sub(self.argument(), style, font)
                out.append(_Atom("ord", box.width, box.height, box.depth))
            elif t == "}" or t == "&":
                continue
            elif t.startswith("\\") and len(t) > 1:
                atom = self.command(t[1:], style, font, out)
                if atom is not None:
                    out.append(atom)
            else:
                out.append(self.char(t, style, font))
        return out

    def char(self, ch: str, style: int, font: str | None) -> _Atom:
        s = km.SCALE[style]
        if ch in km.BIN:
            return _Atom("bin", km.BIN[ch] * s, .58 * s, .08 * s)
        if ch in km.REL:
            return _Atom("rel", km.REL[ch] * s, .5 * s, 0.0)
        if ch in km.OPEN:
            return _Atom("open", km.OPEN[ch] * s, .75 * s, .25 * s)
        if ch in km.CLOSE:
            return _Atom("close", km.CLOSE[ch] * s, .75 * s, .25 * s)
        if ch in km.PUNCT:
            return _Atom("punct", km.PUNCT[ch] * s, .1 * s, .19 * s)
        if ch.isdigit():
            return _Atom("ord", .5 * s, .64 * s, 0.0)
        if ch.isalpha() and ch.isascii():
            table = km.ITALIC if font in (None, "italic", "cal") else km.ROMAN
            factor = 1.1 if font == "bold" else 1.0
            if font == "bb":
                return _Atom("ord", .72 * s, .69 * s, 0.0)
            if font == "mono":
                return _Atom("ord", .525 * s, .61 * s, .0)
            return _letter(ch, table[ch] * factor, s, table is km.ITALIC)
        width = {"/": .5, ".": .278, "|": .278, "@": .778, "~": .25}.get(ch, .5)
        return _Atom("ord", width * s, .75 * s, .25 * s)

    def attach(self, out: list, style: int, sup: Size | None = None, sub: Size | None = None):
        if not out or out[-1].kind == "space":
            out.append(_Atom("ord", 0.0, 0.0, 0.0))
        base = out[-1]
        s = km.SCALE[style]
        if base.limits == "always" or (base.limits and style == 0):
            widths = [base.width] + [b.width for b in (sup, sub) if b is not None]
            base.width = max(widths)
            if sup is not None:
                base.height += sup.height + sup.depth + .2 * s
            if sub is not None:
                base.depth += sub.height + sub.depth + .2 * s
            return
        extra = max((b.width for b in (sup, sub) if b is not None), default=0.0)
        base.width += extra + km.SCRIPT_SPACE * s
        if sup is not None:
            base.height = max(base.height, sup.height + .36 * s)
        if sub is not None:
            base.depth = max(base.depth, sub.depth + .2 * s)

    def script(self, out: list, mark: str, style: int) -> None:
        first = self.sub(self.argument(), km.SCRIPT[style])
        sup, sub = (first, None) if mark == "^" else (None, first)
        if self.peek() in ("^", "_") and self.peek() != mark:
            self.take()
            second = self.sub(self.argument(), km.SCRIPT[style])
            sup, sub = (sup, second) if mark == "^" else (second, sub)
        self.attach(out, style, sup=sup, sub=sub)

    def delimiter(self, token: str | None, size: int) -> float:
        """Width of a delimiter at normal size (0, scaled by the caller) or size 1-5."""
        name = (token or ".").lstrip("\\") if token not in ("\\{", "\\}", "\\|") else token
        kind = km.DELIMITER_KIND.get(name, "(")
        return km.DELIMITER_WIDTHS[kind][size]

    def command(self, name: str, style: int, font: str | None, out: list) -> _Atom | None:
        s = km.SCALE[style]
        if name in ("limits", "nolimits"):
            if out and out[-1].kind == "op":
                out[-1].limits = "always" if name == "limits" else False
            return None
        if name in km.IGNORED:
            if name in km.STYLES:
                box = self.hlist(km.STYLES[name], font, stop=("}", "&", "\\\\", "\\right"))
                return _Atom("ord", box.width, box.height, box.depth)
            return None
        if name in ("frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom"):
            inner = {"dfrac": 1, "dbinom": 1, "tfrac": 2, "tbinom": 2}.get(name, km.FRACTION[style])
            if name in ("dfrac", "dbinom", "tfrac", "tbinom") and style >= 2:
                inner = km.FRACTION[style]
            num = self.sub(self.argument(), inner)
            den = self.sub(self.argument(), inner)
            width = max(num.width, den.width)
            display = style == 0 or name in ("dfrac", "dbinom")
            up, down = (.677, .686) if display else (.394, .345)
            clear = (.12 if display else .04) * s  # the TeXbook, appendix G, rule 15d
            up = max(up * s, (km.AXIS + .02) * s + clear + num.depth)
            down = max(down * s, clear + .02 * s - km.AXIS * s + den.height)
            height, depth = up + num.height, down + den.depth
            if "binom" in name:
                size = 3 if display else 1 if style < 2 else 0
                width += 2 * self.delimiter("(", size) * (s if size == 0 else 1.0)
            else:
                width += 2 * km.NULL_DELIMITER * s
            return _Atom("ord", width, height, depth)
        if name == "sqrt":
            index = self.optional()
            box = self.sub(self.argument(), style)
            total = box.height + box.depth
            surd = .833 if total < 1.1 else 1.0 if total < 1.5 else 1.0 + .2 * (total > 2.2)
            width = box.width + surd * s + (0.3 * s if index else 0.0)
            return _Atom("ord", width, max(box.height, .644 * s) + .29 * s,
                         max(box.depth, .2 * s))
        if name == "left":
            return self.fenced(style, font)
        if name in ("right", "middle"):
            self.take()
            return None
        if name in km.BIG:
            size = km.BIG[name]
            width = self.delimiter(self.take(), size)
            half = km.DELIMITER_SIZES[size] / 2
            kind = "open" if name.endswith("l") else "close" if name.endswith("r") else \
                "rel" if name.endswith("m") else "ord"
            return _Atom(kind, width, half + km.AXIS, half - km.AXIS)
        if name in ("vphantom", "phantom", "hphantom", "smash"):
            box = self.sub(self.argument(), style, font)
            keep_w = name in ("phantom", "hphantom", "smash")
            keep_h = name in ("phantom", "vphantom")
            return _Atom("ord", box.width if keep_w else 0.0, box.height if keep_h else 0.0,
                         box.depth if keep_h else 0.0)
        if name in ("operatorname", "operatorname*"):
            box = self.sub(self.argument(), style, "roman")
            return _Atom("op", box.width, box.height, box.depth, limits=name.endswith("*"))
        if name in km.FONTS:
            tokens = self.argument()
            if km.FONTS[name] == "text":
                text = "".join(self.tokens(tokens))
                return _Atom("ord", sum(_text_width(c) for c in text) * s, .69 * s, .19 * s)
            box = self.sub(tokens, style, km.FONTS[name])
            return _Atom("ord", box.width, box.height, box.depth)
        if name in km.ACCENTS:
            box = self.sub(self.argument(), style, font)
            return _Atom("ord", box.width, box.height + .25 * s, box.depth)
        if name in ("color", "textcolor"):
            self.argument()
            if name == "textcolor":
                box = self.sub(self.argument(), style, font)
                return _Atom("ord", box.width, box.height, box.depth)
            return None
        if name in ("mathop", "mathrel", "mathbin", "mathord", "mathopen", "mathclose",
                    "mathpunct", "mathinner"):
            box = self.sub(self.argument(), style, font)
            kind = name[4:] if name != "mathop" else "op"
            return _Atom(kind, box.width, box.height, box.depth)
        if name == "substack":
            rows = [r for r in _split(self.tokens(self.argument()), "\\\\") if r]
            boxes = [self.sub(r, style, font) for r in rows]
            height = sum(b.height + b.depth for b in boxes)
            return _Atom("ord", max((b.width for b in boxes), default=0.0), height, 0.0)
        if name == "begin":
            return self.environment(style, font)
        if name == "end":
            self.argument()
            return None
        if name == "\\":
            return None
        if name in km.SPACE:
            return _Atom("space", km.SPACE[name] * (1.0 if name in ("quad", "qquad") else s),
                         0.0, 0.0)
        if name == "rule":
            raise_by = _length("".join(self.optional() or ["0"]))
            width = _length("".join(self.tokens(self.argument()))) * s
            height = _length("".join(self.tokens(self.argument()))) * s
            return _Atom("ord", width, height + raise_by * s, -raise_by * s)
        if name in ("hspace", "kern", "mkern", "mskip", "hskip"):
            amount = "".join(self.tokens(self.argument()))
            return _Atom("space", _length(amount) * s, 0.0, 0.0)
        if name in km.BIG_OPS:
            display, text = km.BIG_OPS[name]
            width = display if style == 0 else text * s
            total = km.BIG_OP_HEIGHTS.get(name, (1.4, 1.0))[0 if style == 0 else 1] * \
                (1.0 if style == 0 else s)
            return _Atom("op", width, total / 2 + km.AXIS * s, total / 2 - km.AXIS * s,
                         limits=name in km.LIMITS)
        if name in km.NAMED_OPS:
            width = sum(km.ROMAN.get(c, .5) for c in name) * s
            return _Atom("op", width, .69 * s, 0.0, limits=name in km.LIMITS)
        for table, kind in ((km.BIN, "bin"), (km.REL, "rel"), (km.OPEN, "open"),
                            (km.CLOSE, "close"), (km.PUNCT, "punct"), (km.INNER, "inner")):
            if name in table:
                return _Atom(kind, table[name] * s, .6 * s, .1 * s)
        if name in km.GREEK:
            return _letter(name, km.GREEK[name], s, name[:1].islower() and name.isalpha())
        return _Atom("ord", .6 * s, .69 * s, .19 * s)

    def fenced(self, style: int, font: str | None) -> _Atom:
        """``\\left ... \\right``: delimiters chosen as KaTeX's ``makeLeftRightDelim`` does,
        the smallest of the sequence (glyphs at scriptscript, script and text size, then
        sizes 1 to 4) that covers twice the content's reach from the axis."""
        left = self.take()
        box = self.hlist(style, font, stop=("\\right",))
        self.take()  # \right
        right = self.take()
        axis = km.AXIS * km.SCALE[style]
        reach = max(box.height - axis, box.depth + axis)
        need = max(reach / 500 * 901, 2 * reach - .5)
        candidates = [(km.SCALE[k], 0, km.SCALE[k]) for k in (3, 2, 1)] + \
            [(h, i, 1.0) for i, h in enumerate(km.DELIMITER_SIZES) if i]
        start = min(2, 3 - max(style, 1))  # display and text style start at the text glyph
        total, size, scale = next((c for c in candidates[start:] if c[0] > need),
                                  (max(need, 3.0), 5, 1.0))
        width = box.width + scale * (self.delimiter(left, size) + self.delimiter(right, size))
        half = total / 2
        return _Atom("inner", width, max(box.height, half + axis), max(box.depth, half - axis))

    def environment(self, style: int, font: str | None) -> _Atom:
        name = "".join(self.tokens(self.argument()))
        if name in ("array", "alignedat"):
            self.argument()
        start = self.pos
        depth = 1
        while self.pos < self.end:
            t = self.take()
            if t == "\\begin":
                depth += 1
            elif t == "\\end":
                depth -= 1
                if depth == 0:
                    break
        body = self.toks[start:self.pos - 1]
        self.argument()
        rows = [_split(r, "&") for r in _split(body, "\\\\") if r]
        columns: list = []
        height = 0.0
        for row in rows:
            row_height = 0.0
            for j, cell in enumerate(row):
                # an aligned cell after & starts with an empty ord: "&= b" spaces its relation
                box = self.sub((["{", "}"] if j % 2 else []) + cell, style, font)
                while len(columns) <= j:
                    columns.append(0.0)
                columns[j] = max(columns[j], box.width)
                row_height = max(row_height, box.height + box.depth, 1.2)
            height += row_height + .3
        gap = 1.0 if name in ("matrix", "pmatrix", "bmatrix", "cases", "array") else 0.0
        width = sum(columns) + gap * max(len(columns) - 1, 0)
        if name in ("pmatrix", "bmatrix", "cases"):
            width += 2 * .875
        return _Atom("ord", width, height / 2 + km.AXIS, height / 2 - km.AXIS)


def _matching(tokens: list) -> dict:
    """``{index of "{": index of its "}"}`` (an unclosed group runs to the end)."""
    out, stack = {}, []
    for i, t in enumerate(tokens):
        if t == "{":
            stack.append(i)
        elif t == "}" and stack:
            out[stack.pop()] = i
    for i in stack:
        out[i] = len(tokens)
    return out


def _split(tokens: list, mark: str) -> list:
    """``tokens`` cut at ``mark`` (``\\\\`` between rows, ``&`` between cells) outside groups."""
    parts, current, depth = [], [], 0
    for t in tokens:
        depth += (t in ("{", "\\begin")) - (t in ("}", "\\end"))
        if t == mark and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(t)
    parts.append(current)
    return parts


def _text_width(ch: str) -> float:
    if ch == " ":
        return .333
    if ch.isdigit():
        return .5
    return km.ROMAN.get(ch, .5)


def _length(text: str) -> float:
    m = re.match(r"\s*(-?[\d.]+)\s*(em|mu|ex|pt)?", text)
    if not m:
        return 0.0
    value = float(m.group(1))
    unit = m.group(2) or "em"
    return value * {"em": 1.0, "mu": 1 / 18, "ex": .431, "pt": .1}[unit]


def _pack(atoms: list, style: int) -> Size:
    """The width of a horizontal list: atoms and the spaces between their classes."""
    width = height = depth = 0.0
    previous = None
    kinds = [a.kind for a in atoms]
    for i, a in enumerate(atoms):
        kind = kinds[i]
        if kind == "bin":
            nxt = next((k for k in kinds[i + 1:] if k != "space"), None)
            if previous in (None, "bin", "op", "rel", "open", "punct") or \
                    nxt in (None, "rel", "close", "punct"):
                kind = kinds[i] = "ord"
        if kind == "space":
            width += a.width
            continue
        if previous is not None:
            mu = km.SPACING.get((previous, kind), 0)
            if style >= 2 and (previous, kind) not in km.TIGHT:
                mu = 0
            width += mu / 18 * km.SCALE[style]
        width += a.width
        height, depth = max(height, a.height), max(depth, a.depth)
        previous = kind
    return Size(width, height, depth)


@functools.lru_cache(maxsize=SIZE_MEMORY)
def tex_size(tex: str) -> Size:
    """Estimated width, height and depth of ``tex`` set in display style, in ems (the last
    :data:`SIZE_MEMORY` answers are remembered: the row breaker asks again and again).

    >>> tex_size(r"\\frac{1}{2}").height > tex_size("1").height
    True
    """
    return _Meter(tex).hlist(0)


def tex_width(tex: str) -> float:
    """Estimated width of ``tex`` in display style, in ems (see the module's rules).

    >>> tex_width("x") < tex_width("x + y") < tex_width(r"x + y + \\frac{z}{2}")
    True
    """
    return tex_size(tex).width
