"""``symbolic-info check``: JSON contract, exit codes, chains from files."""

import json

import pytest

from symbolic_info.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_correct_claim_json_contract(capsys):
    code, out, err = run(capsys, "check", r"\frac{1}{2}\ln(2\pi e\sigma^2)", "--against",
                         "entropy/normal", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["verdict"] == "correct" and d["counterexample"] is None and d["diagnosis"] == []
    assert set(d["expected"]) >= {"latex", "value"} and set(d["claimed"]) >= {"latex", "value"}
    assert "\\sigma" in d["claimed"]["latex"]


def test_incorrect_claim_exit_1_with_counterexample(capsys):
    code, out, _ = run(capsys, "check", "1/2*log2(2*pi*e*sigma^2)", "--against",
                       "entropy/normal", "--format", "json")
    d = json.loads(out)
    assert code == 1 and d["verdict"] == "incorrect"
    assert set(d["counterexample"]) == {"point", "claimed", "expected"}
    assert d["diagnosis"][0].startswith("Bits vs nats")


def test_number_claim_with_params_and_units(capsys):
    # h = 1 - ln 2 nats for lambda = 2; in bits (1 - ln 2)/ln 2 = 0.44269504...
    code, out, _ = run(capsys, "check", "0.4427", "--against", "entropy/exponential",
                       "--param", "lambda=2", "--units", "bits")
    assert code == 0 and "CORRECT" in out and "read as:   0.4427" in out
    code, out, _ = run(capsys, "check", "0.4426", "--against", "entropy/exponential",
                       "--param", "lambda=2", "--units", "bits")
    assert code == 1 and "INCORRECT" in out


def test_lhs_is_ignored(capsys):
    code, _, _ = run(capsys, "check", "h(X) = 1 - ln(lambda)", "--against", "entropy/exponential")
    assert code == 0


@pytest.mark.parametrize("argv, fragment", [
    (["check", "1"], "--against"),
    (["check"], "CLAIM"),
    (["check", "1", "--steps", "x.txt", "--against", "entropy/normal"], "not both"),
    (["check", "1", "--against", "no/such"], "unknown derivation"),
    (["check", "1", "--against", "entropy/normal", "--param", "sigma=-1"], "sigma"),
    (["check", "x^2", "--against", "entropy/normal"], "unknown name 'x'"),
    (["check", "--steps", "/nonexistent/steps.txt"], "cannot read"),
])
def test_bad_input_exit_2_one_line(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_steps_file_first_wrong_line(capsys, tmp_path):
    f = tmp_path / "steps.txt"
    f.write_text("# a wrong chain\nlog(a*b^2)\n= log(a) + 2 log(b)\n= log(a) + log(2 b)\n")
    code, out, _ = run(capsys, "check", "--steps", str(f), "--format", "json")
    d = json.loads(out)
    assert code == 1 and d["first_wrong"]["line"] == 4 and d["first_wrong"]["previous_line"] == 3
    assert set(d["counterexample"]["point"]) == {"a", "b"}


def test_steps_against_entry(capsys, tmp_path):
    f = tmp_path / "steps.txt"
    f.write_text("-log(lambda) + 1\n= log(e) - log(lambda)\n= log(e/lambda)\n")
    code, out, _ = run(capsys, "check", "--steps", str(f), "--against", "entropy/exponential")
    assert code == 0, out
    f.write_text("-log(lambda) + 1\n= log(e) - log(lambda)\n"
                 "log(e) - log(lambda) = 1 + log(lambda)\n")
    code, out, _ = run(capsys, "check", "--steps", str(f), "--against", "entropy/exponential",
                       "--format", "json")
    d = json.loads(out)
    assert code == 1 and d["first_wrong"]["line"] == 3
    assert d["final"]["verdict"] == "incorrect"


def test_steps_chain_with_rounded_last_line(capsys, tmp_path):
    f = tmp_path / "steps.txt"
    f.write_text("1 - log(lambda)\n= 1 - log(2)\n= 0.3069\n")
    code, out, _ = run(capsys, "check", "--steps", str(f), "--against", "entropy/exponential",
                       "--param", "lambda=2")
    assert code == 0, out
