"""The ``symbolic-info`` command line: derive, verify and check information-theory formulas.

Exit codes: 0 success (for ``check``: the claim is correct, proved or
numerically equal), 1 ``check`` found the claim incorrect, 2 bad input or
usage, 3 ``check`` could neither prove nor refute the claim (undecided).
Errors are one line on stderr, never a traceback.  Work on the user's values
runs in a killable child process under a time and memory limit
(:mod:`symbolic_info.checker.sandbox`); the child dies with this process.

Example
-------
>>> main(["derive", "entropy/exponential", "--param", "lambda=2", "--format", "json"])
... # doctest: +ELLIPSIS
{
  "name": "entropy/exponential",
...
0
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

from .core import DerivationError, shorten
from .long_integers import allow_long_integers

__all__ = ["main", "parse_param_args", "derive_output", "derive_in_child", "DERIVE_TIME_LIMIT"]

DERIVE_TIME_LIMIT = 20.0
"""Default seconds ``derive`` may work before it is stopped (``--time-limit``)."""
MAX_TIME_LIMIT = 3600.0
RENDERERS = ("text", "latex", "markdown", "json")
"""The formats of ``derive``, in the order of the renderers in :func:`derive_output`."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message):
        raise DerivationError(f"usage: {message} (see '{self.prog} -h')")


def _with_assumptions(params: dict, assume) -> dict:
    """``--assume`` conditions join the parameters as ``assume`` (distributions' symbols)."""
    if assume:
        params = dict(params, assume=list(assume))
    return params


def parse_param_args(items) -> dict:
    """``["sigma=3/2", "mu=0"]`` -> ``{"sigma": "3/2", "mu": "0"}``; ``model=`` (empty) is
    refused, not read as the default.

    >>> parse_param_args(["sigma=3/2", "mu=0"])
    {'sigma': '3/2', 'mu': '0'}
    """
    params = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DerivationError(f"parameter '{shorten(item)}' is not of the form name=value")
        if name.strip() in params:
            raise DerivationError(f"parameter '{shorten(name.strip(), 40)}' is given twice")
        if not value.strip():  # the catalog reads a blank value as "not given" (its default)
            raise DerivationError(f"parameter {shorten(name.strip(), 40)}: empty value (leave "
                                  "--param out for the default)")
        params[name.strip()] = value.strip()
    return params


def _build_parser() -> argparse.ArgumentParser:
    from .checker import CHECK_TIME_LIMIT  # the package alone: no SymPy, no sandbox

    parser = _Parser(prog="symbolic-info",
                     description=__doc__.split("\n\n")[0].replace("``", ""))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="list the catalog")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: one line per entry (name, title, parameters); json: a list of "
                        "objects (default text)")

    p = sub.add_parser("derive", help="derive and verify a catalog entry")
    p.add_argument("name", help="a catalog name such as entropy/normal (see 'symbolic-info list')")
    p.add_argument("--param", action="extend", nargs="+", default=[], metavar="K=V",
                   help="a parameter value, exact: 3/2, 0.35, 1e-3, lists 1/2,1/3,1/6, "
                        "matrices [[2,0.3],[0.3,1]]; repeat for more; leave one out to keep it "
                        "symbolic")
    p.add_argument("--assume", action="append", default=[], metavar="CONDITION",
                   help="an assumption on a distribution's parameter, e.g. 'theta > 0' "
                        "(repeatable)")
    p.add_argument("--units", choices=["nats", "bits"],
                   help="units of the result (default: the entry's own, usually nats)")
    p.add_argument("--dps", type=int, default=50,
                   help="significant digits of the value and of the reference check "
                        "(default 50)")
    p.add_argument("--format", choices=RENDERERS, default="text",
                   help="text (Unicode, for terminals), latex (a complete document for "
                        "pdflatex), markdown, or json (default text)")
    p.add_argument("--time-limit", type=float, default=DERIVE_TIME_LIMIT, metavar="SECONDS",
                   help=f"stop the work after this many seconds (default {DERIVE_TIME_LIMIT:g})")
    p.add_argument("--fresh", action="store_true",
                   help="derive and check every step anew instead of answering from the cache "
                        "of earlier results (~/.cache/symbolic_info; SYMBOLIC_INFO_CACHE=off "
                        "turns it off)")

    p = sub.add_parser("check", help="check a claimed formula, number or chain")
    p.add_argument("claim", nargs="?",
                   help="the claimed result: a formula in plain notation or LaTeX, a number, "
                        "or oo")
    p.add_argument("--claim", dest="claim_text", metavar="CLAIM", action="append",
                   help="the claim, for one that starts with '-': --claim '-ln(2)+1' or "
                        "--claim='-ln(2)+1' (quoted for the shell)")
    p.add_argument("--against", metavar="NAME",
                   help="the catalog entry whose result the claim should equal")
    p.add_argument("--steps", metavar="FILE",
                   help="a chain of expressions, one per line, each equal to the line before "
                        "(- reads standard input)")
    p.add_argument("--param", action="extend", nargs="+", default=[], metavar="K=V",
                   help="a parameter value of the entry (exact, as for derive); repeat for more")
    p.add_argument("--assume", action="append", default=[], metavar="CONDITION",
                   help="an assumption on a distribution's parameter, e.g. 'theta > 0' "
                        "(repeatable)")
    p.add_argument("--units", choices=["nats", "bits"],
                   help="units of the claimed result (default: the entry's own)")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: a few lines; json: the verdict object (default text)")
    p.add_argument("--time-limit", type=float, default=CHECK_TIME_LIMIT, metavar="SECONDS",
                   help=f"stop the judging after this many seconds (default {CHECK_TIME_LIMIT:g},"
                        " as in the app)")

    p = sub.add_parser("export", help="write the Markdown gallery of every catalog entry")
    p.add_argument("dir", help="the directory to write (created if missing; only files this "
                               "command wrote before are overwritten)")

    p = sub.add_parser("exercises", help="list the exercises")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: one line per exercise; json: the exercise objects (default text)")
    return parser


def _list(args) -> int:
    from .listing import rows as listed

    rows = listed()  # the registry's table, generated from it: no SymPy needed
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        width = max(len(r["name"]) for r in rows)
        for r in rows:
            print(f"{r['name']:<{width}}  {r['title']}  ({', '.join(r['params']) or '-'})")
    return 0


def derive_output(payload: dict, send_partial=None) -> str:
    """The rendered derivation for ``derive`` (run in the sandboxed child).

    >>> derive_output({"name": "entropy/exponential", "params": {"lambda": "1"},
    ...                "units": None, "dps": 20, "format": "text"}).splitlines()[0]
    'Differential entropy of the exponential distribution'
    """
    from . import disk_cache
    from .catalog import clear_cache, derive
    from .render import to_json, to_latex, to_markdown, to_text

    if payload.get("fresh"):  # this (child) process checks every step anew
        if disk_cache.enabled():
            os.environ["SYMBOLIC_INFO_CACHE"] = "refresh"
        clear_cache()
    d = derive(payload["name"], units=payload["units"], dps=payload["dps"], **payload["params"])
    render = dict(zip(RENDERERS, (to_text, to_latex, to_markdown, to_json), strict=True))
    return render[payload["format"]](d).rstrip("\n")


def derive_in_child(payload: dict, send_partial=None) -> str:
    """:func:`derive_output` in the sandboxed child of ``derive``, a process that is ours
    alone, so SymPy's unit system and tensor module are left unimported there
    (:mod:`.symbolic.lazy_units`: 0.13 s of a cold derive)."""
    from .symbolic.lazy_units import defer_unneeded

    defer_unneeded()
    return derive_output(payload, send_partial)


def _check_time_limit(seconds: float) -> None:
    """Refuse a ``--time-limit`` outside ``(0, MAX_TIME_LIMIT]`` (NaN included)."""
    if not 0 < seconds <= MAX_TIME_LIMIT:
        raise DerivationError(f"--time-limit {seconds:g} is outside (0, "
                              f"{MAX_TIME_LIMIT:g}] seconds")


def _derive(args) -> int:
    """Answer from the cache of finished derivations when it can (no SymPy is imported then),
    else derive in the sandboxed child and remember the answer."""
    from .engine import derivation_cache

    _check_time_limit(args.time_limit)
    params = _with_assumptions(parse_param_args(args.param), args.assume)
    payload = {"name": args.name, "params": params, "units": args.units, "dps": args.dps,
               "format": args.format}
    output = None if args.fresh else derivation_cache.load(payload)
    if output is None:
        from .checker.sandbox import run_isolated

        output = run_isolated("symbolic_info.cli:derive_in_child", dict(payload, fresh=args.fresh),
                              time_limit=args.time_limit, label=f"derive {args.name}",
                              advice="try smaller parameter values, fewer digits (--dps) or a "
                                     "longer --time-limit")
        derivation_cache.store(payload, output)
    print(output)
    return 0


CHECK_OPTIONS = ("--against", "--steps", "--param", "--units", "--format", "--claim", "-h",
                 "--help", "--assume", "--time-limit")


VALUE_OPTIONS = ("--against", "--steps", "--units", "--format", "--claim", "--time-limit")


def _minus_claims(argv: list) -> list:
    """Let a ``check`` claim start with ``-``: ``-p*log(p)`` becomes ``--claim=-p*log(p)``.

    The value of an option (``--steps -`` reads standard input) and a lone
    ``-`` are left alone; ``--`` before the claim (the usual way to pass a
    leading minus) is read the same way, and options may still follow the claim.
    An unknown ``--option`` is left for argparse to refuse.

    >>> _minus_claims(["check", "-x*log(x)", "--against", "binary-entropy"])
    ['check', '--claim=-x*log(x)', '--against', 'binary-entropy']
    >>> _minus_claims(["check", "--steps", "-"])
    ['check', '--steps', '-']
    >>> _minus_claims(["check", "--", "-log(2)", "--against", "kl/uniform"])
    ['check', '--claim=-log(2)', '--against', 'kl/uniform']
    >>> _minus_claims(["check", "--claim", "-ln(2)+1", "--against", "kl/uniform"])
    ['check', '--claim=-ln(2)+1', '--against', 'kl/uniform']
    >>> _minus_claims(["check", "1", "--bogus"])
    ['check', '1', '--bogus']
    """
    if not argv or argv[0] != "check":
        return argv
    out = [argv[0]]
    tokens = iter(argv[1:])
    for token in tokens:
        if token == "--":
            claim = next(tokens, None)
            if claim is not None:
                out.append(f"--claim={claim}")
            continue
        is_option = token.split("=", 1)[0] in CHECK_OPTIONS or token == "-"
        if out[-1] in VALUE_OPTIONS and token.startswith("-") and token != "-" and not is_option:
            out[-1] = f"{out[-1]}={token}"  # --claim -ln(2)+1: a value, not an option
            continue
        is_value = out[-1] in VALUE_OPTIONS
        out.append(token if is_option or is_value or not token.startswith("-")
                   or token.startswith("--") else f"--claim={token}")
    return out


def _check(args) -> int:
    from .checker.command import run_check

    if args.claim_text is not None:
        if args.claim is not None or len(args.claim_text) > 1:
            raise DerivationError("give one claim, not two")
        args.claim = args.claim_text[0]
    _check_time_limit(args.time_limit)
    return run_check(args, _with_assumptions(parse_param_args(args.param), args.assume))


def _export(args) -> int:
    from .export import export

    for path in export(args.dir, progress=lambda name: print(f"exported {name}", file=sys.stderr)):
        print(path)
    return 0


def _exercises(args) -> int:
    from .checker.exercises import print_exercises

    return print_exercises(args.format)


def _stdout_to_devnull() -> None:
    """Point standard output at /dev/null, so that the final flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a captured stream)
        pass


class Terminated(Exception):
    """SIGTERM arrived: unwind, so that running children are killed on the way out."""


def _on_sigterm(signum, frame):
    raise Terminated


def main(argv=None) -> int:
    """Run the CLI; returns the exit code."""
    commands = {"list": _list, "derive": _derive, "check": _check,
                "export": _export, "exercises": _exercises}
    allow_long_integers()  # steps may show integers of more than 4,300 digits
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    code = None
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = _build_parser().parse_args(_minus_claims(argv))
        code = commands[args.command](args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        _stdout_to_devnull()
        return 0 if code is None else code
    except DerivationError as exc:
        print(f"symbolic-info: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symbolic-info: interrupted", file=sys.stderr)
        return 2
    except Terminated:
        print("symbolic-info: terminated", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        print(f"symbolic-info: internal error ({type(exc).__name__}: {exc}); please report it",
              file=sys.stderr)
        return 2
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
