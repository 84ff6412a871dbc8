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

__all__ = ["tex_width", "tex_size", "Size", "SIZE_MEMORY", "TOLERANCE"]

TOLERANCE = 0.05
"""The estimate is within this share of Chromium's widths (tests/test_render_width.py);
a layout that must fit leaves at least this much of its width spare."""
SIZE_MEMORY = 4096
"""How many formulas' sizes :func:`tex_size` remembers."""

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_&]|\s+|.", re.S)

_SCALE = (1.0, 1.0, 0.7, 0.5)
"""Font size of the styles display (0), text (1), script (2), scriptscript (3)."""
_SCRIPT = (2, 2, 3, 3)
_FRACTION = (1, 2, 3, 3)
_NULL_DELIMITER = 0.12
_SCRIPT_SPACE = 0.05
_AXIS = 0.25

# Glyph widths in em (KaTeX's font metrics, from Computer Modern).
_ITALIC = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (.529, .429, .433, .52, .466, .49, .477, .576, .345, .412, .521, .298, .878, .6, .485, .503,
     .446, .451, .469, .361, .572, .485, .716, .572, .49, .465, .75, .759, .715, .828, .738, .643,
     .786, .831, .44, .555, .849, .681, .97, .803, .763, .642, .791, .759, .613, .584, .683, .583,
     .944, .828, .581, .683), strict=True))
_ROMAN = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (.5, .556, .444, .556, .444, .306, .5, .556, .278, .306, .528, .278, .833, .556, .5, .556,
     .528, .392, .394, .389, .556, .528, .722, .528, .528, .444, .75, .708, .722, .764, .681, .653,
     .785, .75, .361, .514, .778, .625, .917, .75, .778, .681, .778, .736, .556, .722, .75, .75,
     1.028, .75, .75, .611), strict=True))
_ITALIC_CORRECTION = {
    "f": .108, "j": .057, "q": .036, "r": .028, "v": .036, "w": .027, "y": .036, "z": .044,
    "C": .072, "D": .028, "E": .058, "F": .139, "H": .081, "I": .078, "J": .096, "K": .072,
    "M": .109, "N": .109, "O": .028, "P": .139, "R": .008, "S": .058, "T": .139, "U": .109,
    "V": .222, "W": .139, "X": .078, "Y": .222, "Z": .072, "beta": .053, "gamma": .056,
    "delta": .038, "zeta": .074, "eta": .036, "theta": .028, "nu": .064, "xi": .046, "pi": .036,
    "sigma": .036, "tau": .113, "upsilon": .036, "psi": .036, "omega": .036,
}
"""KaTeX sets a math italic letter with its italic correction as a right margin."""
_GREEK = {
    "alpha": .64, "beta": .566, "gamma": .518, "delta": .444, "epsilon": .406, "varepsilon": .466,
    "zeta": .438, "eta": .497, "theta": .469, "vartheta": .592, "iota": .354, "kappa": .576,
    "lambda": .583, "mu": .603, "nu": .494, "xi": .438, "pi": .57, "varpi": .828, "rho": .517,
    "varrho": .517, "sigma": .571, "varsigma": .474, "tau": .437, "upsilon": .54, "phi": .596,
    "varphi": .654, "chi": .626, "psi": .651, "omega": .622, "Gamma": .625, "Delta": .833,
    "Theta": .778, "Lambda": .694, "Xi": .667, "Pi": .75, "Sigma": .722, "Upsilon": .778,
    "Phi": .722, "Psi": .778, "Omega": .722, "ell": .417, "partial": .566, "infty": 1.0,
    "nabla": .833, "top": .778, "bot": .778, "prime": .275, "hbar": .54, "emptyset": .5,
    "aleph": .611, "Re": .722, "Im": .556, "imath": .345, "jmath": .412, "%": .833, "#": .833,
    "&": .778, "$": .5, "_": .5, "{": .5, "}": .5, "lbrace": .5, "rbrace": .5, "|": .5,
    "Vert": .5, "vert": .278, "star": .5, "ast": .5, "circ": .5, "bullet": .5, "dagger": .444,
    "checkmark": .833, "surd": .833, "forall": .556, "exists": .556, "neg": .667,
}
_ASCENDERS = set("bdfhklt") | {"beta", "delta", "zeta", "theta", "vartheta", "lambda", "xi",
                               "phi", "psi", "ell", "partial"}
_DESCENDERS = set("fgjpqy") | {"beta", "gamma", "zeta", "eta", "mu", "xi", "rho", "varrho",
                               "phi", "varphi", "chi", "psi", "varsigma"}


def _letter(name: str, width: float, s: float, italic: bool = True) -> _Atom:
    """An ordinary letter with its height (x-height or ascender) and depth."""
    tall = name in _ASCENDERS or name[:1].isupper()
    width += _ITALIC_CORRECTION.get(name, 0.0) if italic else 0.0
    return _Atom("ord", width * s, (.694 if tall else .431) * s,
                 (.194 if name in _DESCENDERS else 0.0) * s)


_BIN = {"+": .778, "-": .778, "*": .5, "cdot": .278, "times": .778, "pm": .778, "mp": .778,
        "div": .778, "cup": .667, "cap": .667, "setminus": .5, "wedge": .667, "vee": .667,
        "oplus": .778, "otimes": .778, "ast_": .5}
_REL = {"=": .778, "<": .778, ">": .778, ":": .278, "le": .778, "leq": .778, "ge": .778,
        "geq": .778, "ne": .778, "neq": .778, "approx": .778, "sim": .778, "simeq": .778,
        "equiv": .778, "cong": .778, "propto": .778, "in": .667, "notin": .667, "ni": .667,
        "subset": .778, "subseteq": .778, "supset": .778, "to": 1.0, "rightarrow": 1.0,
        "leftarrow": 1.0, "Rightarrow": 1.0, "Leftarrow": 1.0, "leftrightarrow": 1.0,
        "Leftrightarrow": 1.0, "mapsto": 1.0, "implies": 1.667, "iff": 1.667, "mid": .278,
        "parallel": .5, "ll": 1.0, "gg": 1.0, "coloneqq": 1.222, "perp": .778, "models": .889}
_OPEN = {"(": .389, "[": .278, "lbrack": .278, "langle": .389, "lfloor": .444, "lceil": .444,
         "lvert": .278, "lVert": .5}
_CLOSE = {")": .389, "]": .278, "rbrack": .278, "rangle": .389, "rfloor": .444, "rceil": .444,
          "rvert": .278, "rVert": .5, "!": .278, "?": .472}
_PUNCT = {",": .278, ";": .278, "colon": .278}
_INNER = {"ldots": 1.172, "cdots": 1.172, "dots": 1.172, "vdots": .278, "ddots": 1.172}
_SPACE = {"quad": 1.0, "qquad": 2.0, ",": 1 / 6, ":": 2 / 9, ";": 5 / 18, "!": -1 / 6,
          " ": .25, "enspace": .5, "thinspace": 1 / 6, "medspace": 2 / 9,
          "thickspace": 5 / 18, "negthinspace": -1 / 6, "~": .25}
_BIG_OPS = {"sum": (1.444, 1.056), "prod": (1.278, .944), "coprod": (1.278, .944),
            "int": (.944, .556), "iint": (1.5, .9), "oint": (.944, .556),
            "bigcup": (1.111, .833), "bigcap": (1.111, .833)}
"""Widths of the big operators in display and in text style."""
_BIG_OP_HEIGHTS = {"int": (2.22, 1.11), "iint": (2.22, 1.11), "oint": (2.22, 1.11)}
"""Total heights (display, text) of the big operators that differ from the sums' 1.4 and 1.0,
centred on the axis."""
_LIMITS = {"sum", "prod", "coprod", "bigcup", "bigcap", "lim", "max", "min", "sup", "inf",
           "limsup", "liminf", "det", "gcd", "Pr", "argmax", "argmin"}
_NAMED_OPS = ("ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "lim", "max",
              "min", "sup", "inf", "det", "gcd", "Pr", "arg", "deg", "dim", "ker", "lg",
              "arcsin", "arccos", "arctan", "sec", "csc", "cot", "limsup", "liminf", "hom",
              "argmax", "argmin", "tr", "erf", "sgn", "Var", "Cov")
_FONTS = {"mathrm": "roman", "mathbf": "bold", "boldsymbol": "bold", "mathbb": "bb",
          "mathcal": "cal", "mathit": "italic", "mathsf": "roman", "mathtt": "mono",
          "mathfrak": "roman", "textrm": "text", "text": "text", "textit": "text",
          "textbf": "text", "mbox": "text"}
_ACCENTS = {"hat", "bar", "tilde", "vec", "dot", "ddot", "check", "breve", "acute", "grave",
            "overline", "underline", "widehat", "widetilde", "mathring", "overrightarrow"}
_IGNORED = {"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits",
            "nolimits", "nonumber", "notag", "allowbreak", "relax", "strut", "mathstrut"}
_STYLES = {"displaystyle": 0, "textstyle": 1, "scriptstyle": 2, "scriptscriptstyle": 3}
_DELIMITER_SIZES = (1.0, 1.2, 1.8, 2.4, 3.0)
"""Total heights of a delimiter at normal size and KaTeX's sizes 1-4 (``\\big`` ... ``\\Bigg``)."""
_DELIMITER_WIDTHS = {"(": (.389, .458, .597, .736, .792, .875),
                     "[": (.278, .417, .472, .528, .583, .667),
                     "|": (.278, .333, .333, .333, .333, .333),
                     ".": (_NULL_DELIMITER,) * 6}
_BIG = {"big": 1, "bigl": 1, "bigr": 1, "bigm": 1, "Big": 2, "Bigl": 2, "Bigr": 2, "Bigm": 2,
        "bigg": 3, "biggl": 3, "biggr": 3, "biggm": 3, "Bigg": 4, "Biggl": 4, "Biggr": 4,
        "Biggm": 4}
_DELIMITER_KIND = {"(": "(", ")": "(", "[": "[", "]": "[", "lbrack": "[", "rbrack": "[",
                   "|": "|", "vert": "|", "Vert": "|", "\\|": "|", "lvert": "|", "rvert": "|",
                   ".": ".", "{": "(", "}": "(", "\\{": "(", "\\}": "(", "lbrace": "(",
                   "rbrace": "(", "langle": "(", "rangle": "(", "lfloor": "[", "rfloor": "[",
                   "lceil": "[", "rceil": "["}

# Spaces in mu (1/18 em) between atom classes: (left, right) -> mu, in display and text
# style; the script styles keep only the thin spaces next to an operator.
_SPACING = {
    ("ord", "op"): 3, ("ord", "bin"): 4, ("ord", "rel"): 5, ("ord", "inner"): 3,
    ("op", "ord"): 3, ("op", "op"): 3, ("op", "rel"): 5, ("op", "inner"): 3,
    ("bin", "ord"): 4, ("bin", "op"): 4, ("bin", "open"): 4, ("bin", "inner"): 4,
    ("rel", "ord"): 5, ("rel", "op"): 5, ("rel", "open"): 5, ("rel", "inner"): 5,
    ("close", "op"): 3, ("close", "bin"): 4, ("close", "rel"): 5, ("close", "inner"): 3,
    ("punct", "ord"): 3, ("punct", "op"): 3, ("punct", "rel"): 5, ("punct", "open"): 3,
    ("punct", "close"): 3, ("punct", "punct"): 3, ("punct", "inner"): 3,
    ("inner", "ord"): 3, ("inner", "op"): 3, ("inner", "bin"): 4, ("inner", "rel"): 5,
    ("inner", "open"): 3, ("inner", "punct"): 3, ("inner", "inner"): 3,
}
_TIGHT = {("ord", "op"), ("op", "ord"), ("op", "op"), ("close", "op"), ("inner", "op")}


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
                self.attach(out, style, sup=Size(0.275 * _SCALE[_SCRIPT[style]], 0.8, 0.0))
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
        s = _SCALE[style]
        if ch in _BIN:
            return _Atom("bin", _BIN[ch] * s, .58 * s, .08 * s)
        if ch in _REL:
            return _Atom("rel", _REL[ch] * s, .5 * s, 0.0)
        if ch in _OPEN:
            return _Atom("open", _OPEN[ch] * s, .75 * s, .25 * s)
        if ch in _CLOSE:
            return _Atom("close", _CLOSE[ch] * s, .75 * s, .25 * s)
        if ch in _PUNCT:
            return _Atom("punct", _PUNCT[ch] * s, .1 * s, .19 * s)
        if ch.isdigit():
            return _Atom("ord", .5 * s, .64 * s, 0.0)
        if ch.isalpha() and ch.isascii():
            table = _ITALIC if font in (None, "italic", "cal") else _ROMAN
            factor = 1.1 if font == "bold" else 1.0
            if font == "bb":
                return _Atom("ord", .72 * s, .69 * s, 0.0)
            if font == "mono":
                return _Atom("ord", .525 * s, .61 * s, .0)
            return _letter(ch, table[ch] * factor, s, table is _ITALIC)
        width = {"/": .5, ".": .278, "|": .278, "@": .778, "~": .25}.get(ch, .5)
        return _Atom("ord", width * s, .75 * s, .25 * s)

    def attach(self, out: list, style: int, sup: Size | None = None, sub: Size | None = None):
        if not out or out[-1].kind == "space":
            out.append(_Atom("ord", 0.0, 0.0, 0.0))
        base = out[-1]
        s = _SCALE[style]
        if base.limits == "always" or (base.limits and style == 0):
            widths = [base.width] + [b.width for b in (sup, sub) if b is not None]
            base.width = max(widths)
            if sup is not None:
                base.height += sup.height + sup.depth + .2 * s
            if sub is not None:
                base.depth += sub.height + sub.depth + .2 * s
            return
        extra = max((b.width for b in (sup, sub) if b is not None), default=0.0)
        base.width += extra + _SCRIPT_SPACE * s
        if sup is not None:
            base.height = max(base.height, sup.height + .36 * s)
        if sub is not None:
            base.depth = max(base.depth, sub.depth + .2 * s)

    def script(self, out: list, mark: str, style: int) -> None:
        first = self.sub(self.argument(), _SCRIPT[style])
        sup, sub = (first, None) if mark == "^" else (None, first)
        if self.peek() in ("^", "_") and self.peek() != mark:
            self.take()
            second = self.sub(self.argument(), _SCRIPT[style])
            sup, sub = (sup, second) if mark == "^" else (second, sub)
        self.attach(out, style, sup=sup, sub=sub)

    def delimiter(self, token: str | None, size: int) -> float:
        """Width of a delimiter at normal size (0, scaled by the caller) or size 1-5."""
        name = (token or ".").lstrip("\\") if token not in ("\\{", "\\}", "\\|") else token
        kind = _DELIMITER_KIND.get(name, "(")
        return _DELIMITER_WIDTHS[kind][size]

    def command(self, name: str, style: int, font: str | None, out: list) -> _Atom | None:
        s = _SCALE[style]
        if name in ("limits", "nolimits"):
            if out and out[-1].kind == "op":
                out[-1].limits = "always" if name == "limits" else False
            return None
        if name in _IGNORED:
            if name in _STYLES:
                box = self.hlist(_STYLES[name], font, stop=("}", "&", "\\\\", "\\right"))
                return _Atom("ord", box.width, box.height, box.depth)
            return None
        if name in ("frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom"):
            inner = {"dfrac": 1, "dbinom": 1, "tfrac": 2, "tbinom": 2}.get(name, _FRACTION[style])
            if name in ("dfrac", "dbinom", "tfrac", "tbinom") and style >= 2:
                inner = _FRACTION[style]
            num = self.sub(self.argument(), inner)
            den = self.sub(self.argument(), inner)
            width = max(num.width, den.width)
            display = style == 0 or name in ("dfrac", "dbinom")
            up, down = (.677, .686) if display else (.394, .345)
            clear = (.12 if display else .04) * s  # the TeXbook, appendix G, rule 15d
            up = max(up * s, (_AXIS + .02) * s + clear + num.depth)
            down = max(down * s, clear + .02 * s - _AXIS * s + den.height)
            height, depth = up + num.height, down + den.depth
            if "binom" in name:
                size = 3 if display else 1 if style < 2 else 0
                width += 2 * self.delimiter("(", size) * (s if size == 0 else 1.0)
            else:
                width += 2 * _NULL_DELIMITER * s
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
        if name in _BIG:
            size = _BIG[name]
            width = self.delimiter(self.take(), size)
            half = _DELIMITER_SIZES[size] / 2
            kind = "open" if name.endswith("l") else "close" if name.endswith("r") else \
                "rel" if name.endswith("m") else "ord"
            return _Atom(kind, width, half + _AXIS, half - _AXIS)
        if name in ("vphantom", "phantom", "hphantom", "smash"):
            box = self.sub(self.argument(), style, font)
            keep_w = name in ("phantom", "hphantom", "smash")
            keep_h = name in ("phantom", "vphantom")
            return _Atom("ord", box.width if keep_w else 0.0, box.height if keep_h else 0.0,
                         box.depth if keep_h else 0.0)
        if name in ("operatorname", "operatorname*"):
            box = self.sub(self.argument(), style, "roman")
            return _Atom("op", box.width, box.height, box.depth, limits=name.endswith("*"))
        if name in _FONTS:
            tokens = self.argument()
            if _FONTS[name] == "text":
                text = "".join(self.tokens(tokens))
                return _Atom("ord", sum(_text_width(c) for c in text) * s, .69 * s, .19 * s)
            box = self.sub(tokens, style, _FONTS[name])
            return _Atom("ord", box.width, box.height, box.depth)
        if name in _ACCENTS:
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
        if name in _SPACE:
            return _Atom("space", _SPACE[name] * (1.0 if name in ("quad", "qquad") else s),
                         0.0, 0.0)
        if name == "rule":
            raise_by = _length("".join(self.optional() or ["0"]))
            width = _length("".join(self.tokens(self.argument()))) * s
            height = _length("".join(self.tokens(self.argument()))) * s
            return _Atom("ord", width, height + raise_by * s, -raise_by * s)
        if name in ("hspace", "kern", "mkern", "mskip", "hskip"):
            amount = "".join(self.tokens(self.argument()))
            return _Atom("space", _length(amount) * s, 0.0, 0.0)
        if name in _BIG_OPS:
            display, text = _BIG_OPS[name]
            width = display if style == 0 else text * s
            total = _BIG_OP_HEIGHTS.get(name, (1.4, 1.0))[0 if style == 0 else 1] * \
                (1.0 if style == 0 else s)
            return _Atom("op", width, total / 2 + _AXIS * s, total / 2 - _AXIS * s,
                         limits=name in _LIMITS)
        if name in _NAMED_OPS:
            width = sum(_ROMAN.get(c, .5) for c in name) * s
            return _Atom("op", width, .69 * s, 0.0, limits=name in _LIMITS)
        for table, kind in ((_BIN, "bin"), (_REL, "rel"), (_OPEN, "open"), (_CLOSE, "close"),
                            (_PUNCT, "punct"), (_INNER, "inner")):
            if name in table:
                return _Atom(kind, table[name] * s, .6 * s, .1 * s)
        if name in _GREEK:
            return _letter(name, _GREEK[name], s, name[:1].islower() and name.isalpha())
        return _Atom("ord", .6 * s, .69 * s, .19 * s)

    def fenced(self, style: int, font: str | None) -> _Atom:
        """``\\left ... \\right``: delimiters chosen as KaTeX's ``makeLeftRightDelim`` does,
        the smallest of the sequence (glyphs at scriptscript, script and text size, then
        sizes 1 to 4) that covers twice the content's reach from the axis."""
        left = self.take()
        box = self.hlist(style, font, stop=("\\right",))
        self.take()  # \right
        right = self.take()
        axis = _AXIS * _SCALE[style]
        reach = max(box.height - axis, box.depth + axis)
        need = max(reach / 500 * 901, 2 * reach - .5)
        candidates = [(_SCALE[k], 0, _SCALE[k]) for k in (3, 2, 1)] + \
            [(h, i, 1.0) for i, h in enumerate(_DELIMITER_SIZES) if i]
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
        return _Atom("ord", width, height / 2 + _AXIS, height / 2 - _AXIS)


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
    return _ROMAN.get(ch, .5)


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
            mu = _SPACING.get((previous, kind), 0)
            if style >= 2 and (previous, kind) not in _TIGHT:
                mu = 0
            width += mu / 18 * _SCALE[style]
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
