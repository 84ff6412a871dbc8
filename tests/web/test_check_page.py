"""The "Check your work" and "Exercises" pages under streamlit.testing.v1.AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

CHECK = "from symbolic_info.web.check_page import check_page\ncheck_page()\n"
EXERCISES = "from symbolic_info.web.exercises_page import exercises_page\nexercises_page()\n"


def _submit(at, label):
    next(b for b in at.button if b.label == label).click()
    return at.run()


@pytest.fixture
def check_app():
    at = AppTest.from_string(CHECK, default_timeout=90)
    at.run()
    assert not at.exception
    return at


def test_check_page_reads_back_then_judges(check_app):
    at = check_app
    at.text_input(key="check::claim").input(r"\frac{1}{2}\ln(2\pi e\sigma^2)")
    at = _submit(at, "Check")
    assert not at.exception
    assert at.markdown[1].value == "**Read as**" or any(m.value == "**Read as**"
                                                        for m in at.markdown)
    assert any("\\sigma" in x.value for x in at.latex)
    assert at.success and at.success[0].value.startswith("**Correct: proved symbolically**")


def test_check_page_wrong_claim_shows_diagnosis(check_app):
    at = check_app
    at.text_input(key="check::claim").input("1/2*log2(2*pi*e*sigma^2)")
    at = _submit(at, "Check")
    assert at.error and at.error[0].value.startswith("**Not correct.**")
    assert any("Bits vs nats" in m.value for m in at.markdown)
    assert at.table  # the counterexample


def _claim(at, text):
    at.text_input(key="check::claim").input(text)
    return _submit(at, "Check")


def test_check_page_says_numeric_agreement_is_not_a_proof(check_app):
    # digamma's duplication formula (DLMF 5.5.8): true, but beyond the symbolic simplifier
    at = _claim(check_app, "log(sigma) + 1/2*log(2*pi*e) + digamma(2*sigma) - digamma(sigma)/2 "
                           "- digamma(sigma+1/2)/2 - log(2)")
    text = at.success[0].value
    assert text.startswith("**Correct: agrees numerically** at ")
    assert "evidence, not a proof" in text
    points = int(text.split(" at ")[1].split()[0])
    assert points >= 20


def test_check_page_undecided_is_a_warning(check_app):
    at = _claim(check_app, "exp(-exp(exp(100)))")  # too large inside: undecided
    assert not at.success and not at.error
    assert at.warning and at.warning[0].value.startswith("**Undecided.** Neither proved nor")


def test_check_page_bad_input_is_one_clear_error(check_app):
    at = check_app
    at.text_input(key="check::claim").input("__import__('os').system('x')")
    at = _submit(at, "Check")
    assert not at.exception and at.error and "not allowed" in at.error[0].value


def test_check_page_chain(check_app):
    at = check_app
    at.text_area(key="check::chain_text").input(
        "1/2*log(2*pi*sigma^2) + 1/2\n= 1/2*log(2*pi*sigma^2) + 1/2*log(e)\n"
        "= 1/2*log(2*pi*e*sigma^2)")
    at = _submit(at, "Check the chain")
    assert not at.exception and at.success
    at.text_area(key="check::chain_text").input(
        "1/2*log(2*pi*e*sigma^2)\n= 1/2*log(2*pi*e*((sigma+40-abs(sigma-40))/2)^2)")
    at = _submit(at, "Check the chain")
    assert not at.exception and at.error and at.table


def test_exercises_page_checks_an_answer_and_reveals_the_derivation():
    at = AppTest.from_string(EXERCISES, default_timeout=90)
    at.run()
    assert not at.exception
    from symbolic_info.checker.exercises import EXERCISES as ALL

    # by id, not by a fixed position: new exercises may come before it
    at.selectbox(key="ex::choice").set_value([e.id for e in ALL].index("exponential-entropy"))
    at.run()
    at.text_input(key="ex::answer::exponential-entropy").input("1 + log(lambda)")
    at = _submit(at, "Check my answer")
    assert at.error and any("wrong sign" in m.value for m in at.markdown)
    at.text_input(key="ex::answer::exponential-entropy").input("1 - ln(lambda)")
    at = _submit(at, "Check my answer")
    assert at.success
    at = _submit(at, "Show hint 1 of 2")
    assert any(m.value.startswith("**Hint 1.**") for m in at.markdown)
    at.toggle(key="ex::reveal::exponential-entropy").set_value(True)
    at.run()
    assert not at.exception and any("aligned" in x.value for x in at.latex)


def test_check_page_bounds_the_derivation_at_the_given_parameters(check_app, monkeypatch):
    """Was: the entry was derived at k = 100000 in the server itself, without a limit."""
    from symbolic_info.checker import sandbox
    from symbolic_info.web import check_page

    monkeypatch.setattr(sandbox, "SETUP_LIMIT", 0.05)  # robust even once k = 1e5 is fast
    monkeypatch.setattr(check_page, "CHECK_TIME_LIMIT", 0.05)  # the set-up gets the longer
    at = check_app
    at.selectbox(key="check::entry").set_value("entropy/gamma").run()
    at.text_input(key="check::entropy/gamma::k").input("100000")
    at.text_input(key="check::claim").input("1")
    at = _submit(at, "Check")
    assert not at.exception
    assert at.error and "did not finish within its 0.05 s time limit" in at.error[0].value
    assert not sandbox.children()


def test_the_app_judges_under_the_same_time_limit_as_the_cli(monkeypatch):
    """Was: ``symbolic-info check`` judged for 20 s (its ``--time-limit`` default) and the
    app's claim, chain and exercise checks for the sandbox's 5 s, so a claim about a user's
    own distribution could be judged in a terminal and stopped in the app."""
    from symbolic_info.checker import sandbox
    from symbolic_info.checker.exercises import EXERCISES as ALL
    from symbolic_info.cli import main
    from symbolic_info.core import DerivationError
    from symbolic_info.web import check_page, exercises_page

    limits = []

    def record(target, payload, time_limit=None, **kwargs):
        limits.append(time_limit)
        raise DerivationError("recorded")

    monkeypatch.setattr(sandbox, "run_isolated", record)
    x = (("X", "exp(-x^4)/(2*gamma(5/4)) on (-oo, oo)"),)
    assert main(["check", "6/5", "--against", "entropy", "--param", f"X={x[0][1]}"]) == 2
    for judge in (lambda: check_page._check_claim.__wrapped__("entropy", x, "nats", "6/5"),
                  lambda: check_page._check_chain.__wrapped__("entropy", x, "nats", "1\n= 1"),
                  lambda: exercises_page._check.__wrapped__(ALL[0].id, "1")):
        with pytest.raises(DerivationError, match="recorded"):
            judge()
    assert limits[0] is not None and limits == [limits[0]] * 4, limits
