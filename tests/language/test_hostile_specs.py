"""Hostile distribution specs: nothing executes, nothing crashes, every refusal is one line.

The checker's hostile corpus (``tests/hostile_inputs.txt``) is embedded in
every position a spec has (a whole spec, a density, a support end, a family
argument, a table entry, a mixture weight, an assumption).  A canary file
named in the injection attempts must never appear.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from symbolic_info.cli import main
from symbolic_info.core import DerivationError
from symbolic_info.language import SymbolTable, parse_assumptions, parse_distribution

CORPUS = Path(__file__).resolve().parents[1] / "hostile_inputs.txt"
PLACES = ("{}", "{} on [0, 1]", "3*x^2 on [0, {}]", "normal({}, 1)", "{{1: {}}}",
          "{}*normal(0, 1) + 1/2*normal(1, 1)", "(1/2)^k on k = 1..{}")


@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-spec") / "canary"
    yield path
    assert not path.exists(), "an input was executed: the canary file exists"


def corpus(canary) -> list:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("# "):
            continue
        text = re.sub(r"\{U\+([0-9A-F]{4,5})\}", lambda m: chr(int(m.group(1), 16)), line)
        out.append(text.replace("CANARY", str(canary)))
    return out


def test_corpus_in_every_place(canary):
    lines = corpus(canary)
    assert len(lines) > 100
    refused = 0
    for line in lines:
        for place in PLACES:
            spec = place.format(line)
            try:
                parse_distribution(spec, SymbolTable())
            except DerivationError as exc:
                assert "\n" not in str(exc) and len(str(exc)) < 600, spec
                refused += 1
            except RecursionError:  # pragma: no cover - would be a bug
                pytest.fail(f"recursion on {spec!r}")
            try:
                parse_assumptions([f"{line} > 0"])
            except DerivationError:
                pass
    assert refused > len(lines) * len(PLACES) // 2
    assert not canary.exists()


@pytest.mark.parametrize("spec", [
    "x" * 5000,
    "normal(" * 500 + ")" * 500,
    "+".join(["1/20*normal(0, 1)"] * 20),
    "{" + ", ".join(f"{i}: 1/2000" for i in range(2000)) + "}",
    "1/6 on k = 1..10^9",
    "9" * 3000 + "*x on [0, 1]",
    "x^(10^10) on [0, 1]",
])
def test_oversized_specs_are_refused(spec):
    with pytest.raises(DerivationError):
        parse_distribution(spec)


def test_cli_errors_are_one_line_exit_2(capsys, canary):
    cases = [
        ["derive", "entropy", "--param", "X=x on [0, 1]"],
        ["derive", "entropy", "--param", "X=x - 1/2 on [0, 2]"],
        ["derive", "entropy", "--param", "X=norml(0, 1)"],
        ["derive", "entropy", "--param", f"X=__import__('os').system('touch {canary}')"],
        ["derive", "kl", "--param", "P=normal(0, 1)"],
        ["derive", "entropy", "--param", "X=theta*x^(theta-1) on [0,1]", "--assume", "theta"],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.count("\n") == 1, err
    assert not canary.exists()


def test_cli_json_contract_and_fresh_process(canary):
    exe = [sys.executable, "-m", "symbolic_info.cli"]
    proc = subprocess.run(exe + ["derive", "entropy", "--param", "X=3*x^2 on [0,1]",
                                 "--format", "json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in ("name", "title", "params", "units", "result", "value", "steps", "verification"):
        assert key in data
    assert data["name"] == "entropy" and data["params"]["X"] == "3*x^2 on [0,1]"
    assert data["verification"]["ok"] and all(s["verified"] for s in data["steps"])
    proc = subprocess.run(exe + ["derive", "entropy", "--param",
                                 f"X=exec(\"open('{canary}','w')\") on [0, 1]"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert not canary.exists()


def test_check_against_kl(capsys):
    base = ["--against", "kl", "--param", "P=laplace(0, 1)", "--param", "Q=normal(0, 1)"]
    assert main(["check", "ln(pi/2)/2", *base]) == 0
    assert main(["check", "ln(pi)/2", *base]) == 1
    capsys.readouterr()
    assert main(["check", "1 - ln(theta) - 1/theta", "--against", "entropy", "--param",
                 "X=theta*x^(theta-1) on [0,1]", "--assume", "theta > 0"]) == 0
