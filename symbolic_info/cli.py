"""The ``symbolic-info`` command line (contract in DESIGN.md).

Exit codes: 0 success (for ``check``: the claim is correct), 1 ``check``
found the claim incorrect, 2 bad input or usage.  Errors are one line on
stderr, never a traceback.

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
import sys

from .core import DerivationError

__all__ = ["main", "parse_param_args"]


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
    """``["sigma=3/2", "mu=0"]`` -> ``{"sigma": "3/2", "mu": "0"}``."""
    params = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DerivationError(f"parameter '{item}' is not of the form name=value")
        if name.strip() in params:
            raise DerivationError(f"parameter '{name.strip()}' is given twice")
        params[name.strip()] = value.strip()
    return params


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symbolic-info", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="list the catalog")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("derive", help="derive and verify a catalog entry")
    p.add_argument("name")
    p.add_argument("--param", action="extend", nargs="+", default=[], metavar="K=V")
    p.add_argument("--assume", action="append", default=[], metavar="CONDITION",
                   help="an assumption on a distribution's parameter, e.g. 'theta > 0'")
    p.add_argument("--units", choices=["nats", "bits"])
    p.add_argument("--dps", type=int, default=50)
    p.add_argument("--format", choices=["text", "latex", "markdown", "json"], default="text")

    p = sub.add_parser("check", help="check a claimed formula, number or chain")
    p.add_argument("claim", nargs="?")
    p.add_argument("--claim", dest="claim_text", help="a claim that starts with '-'")
    p.add_argument("--against", metavar="NAME")
    p.add_argument("--steps", metavar="FILE")
    p.add_argument("--param", action="extend", nargs="+", default=[], metavar="K=V")
    p.add_argument("--assume", action="append", default=[], metavar="CONDITION",
                   help="an assumption on a distribution's parameter, e.g. 'theta > 0'")
    p.add_argument("--units", choices=["nats", "bits"])
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("export", help="write the Markdown gallery of every catalog entry")
    p.add_argument("dir")

    p = sub.add_parser("exercises", help="list the exercises")
    p.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _list(args) -> int:
    from .catalog import catalog

    rows = [
        {"name": e.name, "title": e.title, "group": e.group,
         "params": [p.name for p in e.params], "units": e.default_units}
        for e in catalog().values()
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        width = max(len(r["name"]) for r in rows)
        for r in rows:
            print(f"{r['name']:<{width}}  {r['title']}  ({', '.join(r['params']) or '-'})")
    return 0


def _derive(args) -> int:
    from .catalog import derive
    from .render import to_json, to_latex, to_markdown, to_text

    params = _with_assumptions(parse_param_args(args.param), args.assume)
    d = derive(args.name, units=args.units, dps=args.dps, **params)
    render = {"text": to_text, "latex": to_latex, "markdown": to_markdown, "json": to_json}
    print(render[args.format](d).rstrip("\n"))
    return 0


CHECK_OPTIONS = ("--against", "--steps", "--param", "--units", "--format", "--claim", "-h",
                 "--help", "--assume")


def _minus_claims(argv: list) -> list:
    """Let a ``check`` claim start with ``-``: ``-p*log(p)`` becomes ``--claim=-p*log(p)``.

    >>> _minus_claims(["check", "-x*log(x)", "--against", "binary-entropy"])
    ['check', '--claim=-x*log(x)', '--against', 'binary-entropy']
    """
    if not argv or argv[0] != "check":
        return argv
    out = [argv[0]]
    for token in argv[1:]:
        is_option = token.split("=", 1)[0] in CHECK_OPTIONS or token == "--"
        out.append(token if is_option or not token.startswith("-") else f"--claim={token}")
    return out


def _check(args) -> int:
    from .checker.command import run_check

    if args.claim_text is not None:
        if args.claim is not None:
            raise DerivationError("give one claim, not two")
        args.claim = args.claim_text
    return run_check(args, _with_assumptions(parse_param_args(args.param), args.assume))


def _export(args) -> int:
    from .export import export

    for path in export(args.dir, progress=lambda name: print(f"exported {name}", file=sys.stderr)):
        print(path)
    return 0


def _exercises(args) -> int:
    from .checker.exercises import print_exercises

    return print_exercises(args.format)


def main(argv=None) -> int:
    """Run the CLI; returns the exit code."""
    commands = {"list": _list, "derive": _derive, "check": _check,
                "export": _export, "exercises": _exercises}
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = _build_parser().parse_args(_minus_claims(argv))
        return commands[args.command](args)
    except DerivationError as exc:
        print(f"symbolic-info: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symbolic-info: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        print(f"symbolic-info: internal error ({type(exc).__name__}: {exc}); please report it",
              file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
