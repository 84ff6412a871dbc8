"""The command line: contract fields, exit codes and one-line errors."""

import json
import subprocess
import sys

import pytest
import sympy as sp

from symbolic_info.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_names_every_entry(capsys):
    code, out, _ = run(capsys, "list", "--format", "json")
    names = {row["name"] for row in json.loads(out)}
    assert code == 0 and {"entropy/normal", "entropy/exponential"} <= names


def test_derive_json_contract(capsys):
    code, out, _ = run(capsys, "derive", "entropy/normal", "--param", "sigma=3/2", "mu=0",
                       "--units", "bits", "--dps", "40", "--format", "json")
    d = json.loads(out)
    assert code == 0
    for key in ("name", "title", "params", "units", "result", "value", "steps", "verification"):
        assert key in d
    assert d["params"] == {"sigma": "3/2", "mu": "0"} and d["units"] == "bits"
    assert set(d["verification"]) >= {"dps", "reference", "method", "agree_digits", "ok"}
    assert d["verification"]["dps"] == 40 and d["verification"]["ok"]
    assert all({"rule", "latex", "verified", "method"} <= set(s) for s in d["steps"])
    # result.sympy parses back with the derivation's symbols and equals the value
    back = sp.parse_expr(d["result"]["sympy"], local_dict={"E": sp.E, "pi": sp.pi})
    assert abs(float(back) - float(d["value"])) < 1e-12
    assert len(d["value"].replace(".", "").lstrip("0")) == 40


def test_symbolic_json_has_null_value(capsys):
    code, out, _ = run(capsys, "derive", "entropy/exponential", "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["value"] is None and "lambda" in d["result"]["sympy"]
    # 'lambda' is a Python keyword: the text must still parse back (as srepr)
    back = sp.sympify(d["result"]["sympy"])
    lam = sp.Symbol("lambda", positive=True)
    assert sp.simplify(back - (1 - sp.log(lam))) == 0


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown"])
def test_other_formats(capsys, fmt):
    code, out, _ = run(capsys, "derive", "entropy/exponential", "--param", "lambda=2",
                       "--format", fmt)
    assert code == 0 and "ln" in out.replace("log", "ln")


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["derive", "entropy/nope"], "unknown derivation 'entropy/nope'"),
        (["derive", "entropy/normal", "--param", "sigma=abc"], "parameter sigma"),
        (["derive", "entropy/normal", "--param", "sigma=-1"], "σ > 0"),
        (["derive", "entropy/normal", "--param", "sigma"], "name=value"),
        (["derive", "entropy/normal", "--param", "tau=1"], "no parameter 'tau'"),
        (["derive", "entropy/normal", "--param", "sigma=1", "sigma=2"], "given twice"),
        (["derive", "entropy/normal", "--dps", "5000"], "dps"),
        (["derive", "entropy/normal", "--units", "hartleys"], "usage"),
        (["frobnicate"], "usage"),
        ([], "usage"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_console_script_runs_as_a_process():
    bad = subprocess.run([sys.executable, "-m", "symbolic_info.cli", "derive", "entropy/normal",
                          "--param", "sigma=0"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    good = subprocess.run([sys.executable, "-m", "symbolic_info.cli", "derive",
                           "entropy/exponential", "--param", "lambda=1"],
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and "VERIFIED" in good.stdout


def test_a_claim_may_start_with_a_minus_sign(capsys):
    from symbolic_info.cli import main

    claim = "-p*log2(p)-(1-p)*log2(1-p)"
    assert main(["check", claim, "--against", "binary-entropy"]) == 0
    assert main(["check", "--against", "binary-entropy", "--", claim]) == 0
    # negative control: a wrong claim with a leading minus is still judged, and wrong
    assert main(["check", "-p*log2(p)", "--against", "binary-entropy"]) == 1
    assert main(["check", "-x", "--claim", "-y", "--against", "binary-entropy"]) == 2
    capsys.readouterr()


# --- help, claims with a minus, pipes, readable text ------------------------------------------

def _parsers():
    from symbolic_info.cli import _build_parser

    root = _build_parser()
    yield "symbolic-info", root
    for action in root._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            yield from ((f"symbolic-info {n}", p) for n, p in action.choices.items())


def test_every_command_and_option_has_a_help_line():
    import argparse

    missing = []
    for name, parser in _parsers():
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{name} {c.dest}" for c in action._choices_actions
                            if not (c.help or "").strip()]
                continue
            if not (action.help or "").strip():
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
    assert {n for n, _ in _parsers()} >= {"symbolic-info " + c for c in
                                         ("list", "derive", "check", "export", "exercises")}


def test_no_string_points_to_a_file_missing_from_the_repository():
    """Help texts and docstrings name only files that exist (DESIGN.md is not in the repo)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    named = set()
    for path in (root / "symbolic_info").rglob("*.py"):
        named |= set(re.findall(r"(?<![\w/.])([\w/-]+\.md)\b", path.read_text()))
    for _, parser in _parsers():
        named |= set(re.findall(r"([\w/-]+\.md)\b", parser.format_help()))
    assert named, "the scan found nothing: the pattern is broken"
    gallery = {p.relative_to(root / "derivations").as_posix() for p in
               (root / "derivations").rglob("*.md")}
    gallery |= {p.rsplit("/", 1)[-1] for p in gallery}
    missing = sorted(n for n in named if not (root / n).exists() and n not in gallery)
    assert missing == []


@pytest.mark.parametrize("argv", [
    ["check", "--claim", "-ln(2)+1"], ["check", "--claim=-ln(2)+1"], ["check", "-ln(2)+1"],
])
def test_claim_option_takes_a_value_with_a_leading_minus(capsys, argv):
    where = ["--against", "entropy/exponential", "--param", "lambda=2"]
    assert main([*argv, *where]) == 0
    # negative control: the same forms with a wrong claim are judged, and wrong
    wrong = [a.replace("+1", "+2") for a in argv]
    assert main([*wrong, *where]) == 1
    capsys.readouterr()


def test_two_claims_are_refused(capsys):
    code = main(["check", "-x", "--claim", "-y", "--against", "binary-entropy"])
    assert code == 2 and "one claim, not two" in capsys.readouterr().err


def _cli(*argv):
    return [sys.executable, "-c", "import sys; from symbolic_info.cli import main; "
            "sys.exit(main())", *argv]


@pytest.mark.parametrize("argv", [("derive", "entropy/normal"), ("list",)])
def test_a_closed_pipe_ends_the_command_quietly(argv):
    """`... | head`: the reader is gone before the output is written."""
    proc = subprocess.Popen(_cli(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before anything is written: every write meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert err == ""


def test_head_of_a_pipe_reads_the_first_line():
    cmd = " ".join(_cli("list")[:1]) + ' -c "import sys; from symbolic_info.cli import main; ' \
        'sys.exit(main())" list | head -1; echo "status ${PIPESTATUS[0]}" >&2'
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("binary-entropy")
    assert out.stderr.strip() == "status 0"


def test_text_format_writes_unicode_math(capsys):
    code, out, _ = run(capsys, "derive", "entropy/normal")
    assert code == 0
    formulas = [ln for ln in out.splitlines() if ln.startswith(("       ", "     = ", "  result"))]
    assert formulas and "h(X) = ln(2e·π·σ²)/2" in out
    for bad in ("**", "Expect(", "sigma", "log(", "pi"):
        assert not any(bad in ln for ln in formulas), bad


def test_check_text_is_not_latex_and_a_chain_names_its_entry(capsys, tmp_path):
    code, out, _ = run(capsys, "check", r"\frac{1}{2}\ln(2\pi e\sigma)", "--against",
                       "entropy/normal")
    assert code == 1 and "\\" not in out and "{" not in out
    assert "read as:   ln(2e·π·σ)/2" in out and "expected:  ln(2e·π·σ²)/2" in out
    steps = tmp_path / "steps.txt"
    steps.write_text("1 - log(lambda)\n-log(lambda) + 1\n")
    code, out, _ = run(capsys, "check", "--steps", str(steps), "--against",
                       "entropy/exponential", "--units", "bits")
    assert code == 1  # the chain is in nats: wrong in bits (negative control)
    assert "(entropy/exponential, bits)" in out and "expected:  (1 - ln(λ))/ln(2)" in out
    code, out, _ = run(capsys, "check", "--steps", str(steps), "--against",
                       "entropy/exponential")
    assert code == 0 and "expected:  1 - ln(λ)   (entropy/exponential, nats)" in out


@pytest.mark.parametrize(("spec", "words"), [
    ("model=;", "the model has no lines"),
    ("model=;;;;", "the model has no lines"),
    ("model=", "parameter model: empty value"),
    ("model=  ", "parameter model: empty value"),
    ("joint=", "parameter joint: empty value"),
])
def test_an_empty_or_separator_only_model_is_refused_in_one_line(capsys, spec, words):
    """On main ``model=;`` was an internal error (IndexError) and ``model=`` silently derived
    the default table pxy with exit code 0."""
    code, out, err = run(capsys, "derive", "mutual-information", "--param", spec)
    assert code == 2 and not out, (code, out)
    assert words in err and "internal error" not in err and err.count("\n") == 1, err


def test_mutual_information_without_a_model_still_derives_the_table(capsys):
    """Control: leaving model out (not giving it empty) is the pxy table."""
    code, out, _ = run(capsys, "derive", "mutual-information")
    assert code == 0 and "pmf table" in out
