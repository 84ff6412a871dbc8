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
        (["derive", "entropy/normal", "--param", "sigma=-1"], "sigma > 0"),
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
