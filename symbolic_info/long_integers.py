"""Python's int-to-str limit for the programs that print derivations.

Python refuses ``str()`` of an int of more than 4,300 digits (a guard against quadratic
conversions).  A gamma(2500, 1/125) in a mixture puts 125^2500, 5,243 digits, into the steps
shown, so the programs that print steps raise the limit for their own process: the CLI
(:func:`symbolic_info.cli.main`), the app (``app.py``) and the sandbox's children
(:mod:`symbolic_info.checker.sandbox`).  Importing the package changes nothing: a library
leaves the interpreter's settings to the program that uses it.

>>> MAX_INT_DIGITS
50000
>>> import subprocess, sys
>>> code = ("import sys; from symbolic_info.long_integers import allow_long_integers; "
...         "allow_long_integers(); print(sys.get_int_max_str_digits())")
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
'50000\\n'
"""

import sys

__all__ = ["MAX_INT_DIGITS", "allow_long_integers"]

MAX_INT_DIGITS = 50_000
"""Digits a program of ours lets Python convert between int and str (its default is 4,300);
str() of 50,000 digits takes 33 ms (measured), so the guard against quadratic conversions
stays."""


def allow_long_integers() -> None:
    """Raise this process's limit to :data:`MAX_INT_DIGITS`; never lower it (0 is no limit).

    Only a program's entry point calls this, never code run on import.
    """
    if 0 < sys.get_int_max_str_digits() < MAX_INT_DIGITS:
        sys.set_int_max_str_digits(MAX_INT_DIGITS)
