"""The About page: how a derivation is checked, in a few plain paragraphs.

Example
-------
>>> "independent" in ABOUT
True
"""

from __future__ import annotations

import streamlit as st

__all__ = ["about_page", "ABOUT"]

ABOUT = """
**symbolic_info** derives closed forms of information-theoretic quantities step by step
with SymPy, and checks every one of them with mpmath, independently and at high precision.

**Every step is checked.** A step says *previous expression = new expression, because ...*.
The checker first tries to show symbolically that the difference of the two sides is zero
under the stated assumptions (expectations are linear, logarithms expand, the rest
simplifies). When that is inconclusive, both sides are evaluated at three seeded random
admissible parameter points at 50 digits, expectations by high-precision quadrature, and
must agree to all but a few guard digits. The badge next to each step says which check
passed: *symbolic*, or *numeric* with the digits it agreed to.

**The result is checked against an independent reference.** The final closed form is not
trusted because the steps were: it is compared with a number computed directly from the
definition of the quantity (quadrature of -f ln f over the support, an exact finite sum,
exact log-Gamma values), never by re-evaluating the chain of steps. The verification panel
shows the reference method, the reference value and the number of digits that agree. A
derivation is marked verified only when every step and this comparison pass; otherwise the
page says plainly that it is *not* verified.

**Precision is yours to choose.** Values are printed to the number of significant digits
you ask for (5 to 1000). Each computation runs on its own private mpmath context, so your
settings never affect another user. Very high precision can take a while: it runs in a
separate process under a time budget and is stopped, with a message, if it overruns.

**Parameters are exact.** Type `3/2`, `0.35` (read exactly as 7/20), `1e-3`, lists such as
`1/2,1/3,1/6` or matrices such as `[[2,0.3],[0.3,1]]`. Input is read by a small grammar,
never evaluated as code. Leave a parameter empty to keep it symbolic: the result is then a
formula, checked at random admissible points.

The same derivations are available from the command line (`symbolic-info derive NAME`)
and from Python (`from symbolic_info import derive`), and every page can be downloaded as
Markdown, LaTeX or JSON.
"""


def about_page() -> None:
    """Render the About page."""
    st.title("About")
    st.markdown(ABOUT)
