"""KaTeX's font metrics and TeX's spacing rules, as data for :mod:`.render_width`.

Glyph widths in ems of the Computer Modern fonts KaTeX ships (math italic and roman letters,
Greek, operators, delimiters at each size), the classes of the symbols (bin, rel, open, close,
punct, inner, big operators), the font size of each style and the spaces between atom classes
(Knuth, *The TeXbook*, ch. 17, appendix G and the table on p. 170; KaTeX's ``fontMetricsData``
and ``spacingData``).  Only data: the layout that uses it is :mod:`.render_width`.

Example
-------
>>> ITALIC["x"], SCALE[2], SPACING[("ord", "rel")]
(0.572, 0.7, 5)
"""

SCALE = (1.0, 1.0, 0.7, 0.5)
"""Font size of the styles display (0), text (1), script (2), scriptscript (3)."""
SCRIPT = (2, 2, 3, 3)
FRACTION = (1, 2, 3, 3)
NULL_DELIMITER = 0.12
SCRIPT_SPACE = 0.05
AXIS = 0.25

# Glyph widths in em (KaTeX's font metrics, from Computer Modern).
ITALIC = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (.529, .429, .433, .52, .466, .49, .477, .576, .345, .412, .521, .298, .878, .6, .485, .503,
     .446, .451, .469, .361, .572, .485, .716, .572, .49, .465, .75, .759, .715, .828, .738, .643,
     .786, .831, .44, .555, .849, .681, .97, .803, .763, .642, .791, .759, .613, .584, .683, .583,
     .944, .828, .581, .683), strict=True))
ROMAN = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (.5, .556, .444, .556, .444, .306, .5, .556, .278, .306, .528, .278, .833, .556, .5, .556,
     .528, .392, .394, .389, .556, .528, .722, .528, .528, .444, .75, .708, .722, .764, .681, .653,
     .785, .75, .361, .514, .778, .625, .917, .75, .778, .681, .778, .736, .556, .722, .75, .75,
     1.028, .75, .75, .611), strict=True))
ITALIC_CORRECTION = {
    "f": .108, "j": .057, "q": .036, "r": .028, "v": .036, "w": .027, "y": .036, "z": .044,
    "C": .072, "D": .028, "E": .058, "F": .139, "H": .081, "I": .078, "J": .096, "K": .072,
    "M": .109, "N": .109, "O": .028, "P": .139, "R": .008, "S": .058, "T": .139, "U": .109,
    "V": .222, "W": .139, "X": .078, "Y": .222, "Z": .072, "beta": .053, "gamma": .056,
    "delta": .038, "zeta": .074, "eta": .036, "theta": .028, "nu": .064, "xi": .046, "pi": .036,
    "sigma": .036, "tau": .113, "upsilon": .036, "psi": .036, "omega": .036,
}
"""KaTeX sets a math italic letter with its italic correction as a right margin."""
GREEK = {
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
ASCENDERS = set("bdfhklt") | {"beta", "delta", "zeta", "theta", "vartheta", "lambda", "xi",
                               "phi", "psi", "ell", "partial"}
DESCENDERS = set("fgjpqy") | {"beta", "gamma", "zeta", "eta", "mu", "xi", "rho", "varrho",
                               "phi", "varphi", "chi", "psi", "varsigma"}


BIN = {"+": .778, "-": .778, "*": .5, "cdot": .278, "times": .778, "pm": .778, "mp": .778,
        "div": .778, "cup": .667, "cap": .667, "setminus": .5, "wedge": .667, "vee": .667,
        "oplus": .778, "otimes": .778, "ast_": .5}
REL = {"=": .778, "<": .778, ">": .778, ":": .278, "le": .778, "leq": .778, "ge": .778,
        "geq": .778, "ne": .778, "neq": .778, "approx": .778, "sim": .778, "simeq": .778,
        "equiv": .778, "cong": .778, "propto": .778, "in": .667, "notin": .667, "ni": .667,
        "subset": .778, "subseteq": .778, "supset": .778, "to": 1.0, "rightarrow": 1.0,
        "leftarrow": 1.0, "Rightarrow": 1.0, "Leftarrow": 1.0, "leftrightarrow": 1.0,
        "Leftrightarrow": 1.0, "mapsto": 1.0, "implies": 1.667, "iff": 1.667, "mid": .278,
        "parallel": .5, "ll": 1.0, "gg": 1.0, "coloneqq": 1.222, "perp": .778, "models": .889}
OPEN = {"(": .389, "[": .278, "lbrack": .278, "langle": .389, "lfloor": .444, "lceil": .444,
         "lvert": .278, "lVert": .5}
CLOSE = {")": .389, "]": .278, "rbrack": .278, "rangle": .389, "rfloor": .444, "rceil": .444,
          "rvert": .278, "rVert": .5, "!": .278, "?": .472}
PUNCT = {",": .278, ";": .278, "colon": .278}
INNER = {"ldots": 1.172, "cdots": 1.172, "dots": 1.172, "vdots": .278, "ddots": 1.172}
SPACE = {"quad": 1.0, "qquad": 2.0, ",": 1 / 6, ":": 2 / 9, ";": 5 / 18, "!": -1 / 6,
          " ": .25, "enspace": .5, "thinspace": 1 / 6, "medspace": 2 / 9,
          "thickspace": 5 / 18, "negthinspace": -1 / 6, "~": .25}
BIG_OPS = {"sum": (1.444, 1.056), "prod": (1.278, .944), "coprod": (1.278, .944),
            "int": (.944, .556), "iint": (1.5, .9), "oint": (.944, .556),
            "bigcup": (1.111, .833), "bigcap": (1.111, .833)}
"""Widths of the big operators in display and in text style."""
BIG_OP_HEIGHTS = {"int": (2.22, 1.11), "iint": (2.22, 1.11), "oint": (2.22, 1.11)}
"""Total heights (display, text) of the big operators that differ from the sums' 1.4 and 1.0,
centred on the axis."""
LIMITS = {"sum", "prod", "coprod", "bigcup", "bigcap", "lim", "max", "min", "sup", "inf",
           "limsup", "liminf", "det", "gcd", "Pr", "argmax", "argmin"}
NAMED_OPS = ("ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "lim", "max",
              "min", "sup", "inf", "det", "gcd", "Pr", "arg", "deg", "dim", "ker", "lg",
              "arcsin", "arccos", "arctan", "sec", "csc", "cot", "limsup", "liminf", "hom",
              "argmax", "argmin", "tr", "erf", "sgn", "Var", "Cov")
FONTS = {"mathrm": "roman", "mathbf": "bold", "boldsymbol": "bold", "mathbb": "bb",
          "mathcal": "cal", "mathit": "italic", "mathsf": "roman", "mathtt": "mono",
          "mathfrak": "roman", "textrm": "text", "text": "text", "textit": "text",
          "textbf": "text", "mbox": "text"}
ACCENTS = {"hat", "bar", "tilde", "vec", "dot", "ddot", "check", "breve", "acute", "grave",
            "overline", "underline", "widehat", "widetilde", "mathring", "overrightarrow"}
IGNORED = {"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits",
            "nolimits", "nonumber", "notag", "allowbreak", "relax", "strut", "mathstrut"}
STYLES = {"displaystyle": 0, "textstyle": 1, "scriptstyle": 2, "scriptscriptstyle": 3}
DELIMITER_SIZES = (1.0, 1.2, 1.8, 2.4, 3.0)
"""Total heights of a delimiter at normal size and KaTeX's sizes 1-4 (``\\big`` ... ``\\Bigg``)."""
DELIMITER_WIDTHS = {"(": (.389, .458, .597, .736, .792, .875),
                     "[": (.278, .417, .472, .528, .583, .667),
                     "|": (.278, .333, .333, .333, .333, .333),
                     ".": (NULL_DELIMITER,) * 6}
BIG = {"big": 1, "bigl": 1, "bigr": 1, "bigm": 1, "Big": 2, "Bigl": 2, "Bigr": 2, "Bigm": 2,
        "bigg": 3, "biggl": 3, "biggr": 3, "biggm": 3, "Bigg": 4, "Biggl": 4, "Biggr": 4,
        "Biggm": 4}
DELIMITER_KIND = {"(": "(", ")": "(", "[": "[", "]": "[", "lbrack": "[", "rbrack": "[",
                   "|": "|", "vert": "|", "Vert": "|", "\\|": "|", "lvert": "|", "rvert": "|",
                   ".": ".", "{": "(", "}": "(", "\\{": "(", "\\}": "(", "lbrace": "(",
                   "rbrace": "(", "langle": "(", "rangle": "(", "lfloor": "[", "rfloor": "[",
                   "lceil": "[", "rceil": "["}

# Spaces in mu (1/18 em) between atom classes: (left, right) -> mu, in display and text
# style; the script styles keep only the thin spaces next to an operator.
SPACING = {
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
TIGHT = {("ord", "op"), ("op", "ord"), ("op", "op"), ("close", "op"), ("inner", "op")}
