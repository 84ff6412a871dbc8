"""Rough edges of a first visit (issue 14), in the headless app and its views.

Each test fails on the code before the fix: the Divergences topic opened on the beta
cross-entropy, the chain banner read "Not correct. ... simplifies to 0", the page header
split "I(X;Y)" at its semicolon, and the toolbar offered "Deploy".
"""

import io
import math
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from symbolic_info.checker.chain import check_chain
from symbolic_info.checker.command import check
from symbolic_info.checker.exercises import EXERCISES as ALL_EXERCISES
from symbolic_info.web.check_view import verdict_line

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def test_divergences_topic_opens_on_the_normal_kl():
    at = AppTest.from_file(APP, default_timeout=900).run()
    at.radio(key="topic").set_value("divergence").run()
    assert not at.exception
    assert at.selectbox(key="entry::divergence").value == "kl/normal"
    assert at.title[0].value == "KL divergence between two normal distributions"


def test_mutual_information_header_keeps_its_semicolon():
    at = AppTest.from_file(APP, default_timeout=900)
    at.query_params["entry"] = "mutual-information"
    at.run()
    assert any("I(X;Y)" in c.value.replace("\\", "") for c in at.caption), \
        [c.value for c in at.caption]


def test_chain_banner_states_both_verdicts_plainly():
    """A chain with a wrong middle line ending in the right result (the issue's example)."""
    text = ("1/2*log(2*pi*e*sigma^2)\n= 1/2*log(2*pi*sigma^2) + 1\n"
            "= 1/2*log(2*pi*e*sigma^2)")
    result = check(steps=io.StringIO(text), against="entropy/normal", isolated=False)
    assert result["verdict"] == "incorrect"
    line = verdict_line(result)
    assert "The chain is not correct" in line and "line 2 does not follow" in line
    assert "Its last line is correct" in line
    assert "simplifies to 0" not in line and "Not correct." not in line
    right = verdict_line(check_chain("a + a\n= 2*a"))
    assert "Every step of the chain follows" in right  # negative control: a right chain


def test_toolbar_has_no_deploy_button():
    text = (ROOT / ".streamlit" / "config.toml").read_text()  # tomllib needs Python 3.11
    client = text.split("[client]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^toolbarMode\s*=\s*"viewer"\s*$', client, flags=re.M)


def test_parameter_labels_have_no_stray_backslashes():
    for name in ("maxent/discrete-moments", "kl/pareto", "entropy/categorical"):
        at = AppTest.from_file(APP, default_timeout=900)
        at.query_params["entry"] = name
        at.run()
        labels = [t.label for t in at.text_input]
        assert labels and not any("\\" in label for label in labels), labels
    assert "1000" in at.number_input(key="dps").label  # the maximum is said


def test_exercise_sources_are_real_and_cited():
    from symbolic_info.checker.exercises import EXERCISES

    for ex in EXERCISES:
        assert not re.search(r"\d\.x\b", ex.source), ex.source  # "Problem 2.x" placeholders
    course = (Path("/work/shared/seeds") / "course-information-theory-and-ml.txt")
    if course.exists():  # the cited numbers exist in the course text
        text = course.read_text()
        for ex in EXERCISES:
            for kind, number in re.findall(r"the course, (Task|Problem) (\d+\.\d+)", ex.source):
                assert f"**{kind} {number}:**" in text, ex.source


def test_show_hint_keeps_the_verdict():
    """Was: clicking "Show hint" reran the page and the verdict of the checked answer vanished."""
    page = "from symbolic_info.web.exercises_page import exercises_page\nexercises_page()\n"
    at = AppTest.from_string(page, default_timeout=90).run()
    ids = [e.id for e in ALL_EXERCISES]  # by id: new exercises may come before it
    at.selectbox(key="ex::choice").set_value(ids.index("exponential-entropy")).run()
    at.text_input(key="ex::answer::exponential-entropy").input("1 - ln(lambda)")
    at = next(b for b in at.button if b.label == "Check my answer").click().run()
    assert at.success
    at = next(b for b in at.button if b.label == "Show hint 1 of 2").click().run()
    assert any(m.value.startswith("**Hint 1.**") for m in at.markdown)
    assert at.success and "Correct" in at.success[0].value  # the verdict is still shown


def test_three_decimals_are_asked_two_are_refused():
    from symbolic_info.checker.exercises import check_answer, exercise

    ex = exercise("biased-coin")  # H(0.9) = 0.46900 bits (Cover & Thomas eq. (2.5))
    h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
    assert f"{h:.3f}" == "0.469"
    assert check_answer(ex, "0.47", isolated=False)["verdict"] == "incorrect"
    assert check_answer(ex, f"{h:.3f}", isolated=False)["verdict"] == "correct"  # control


def test_wrong_exercise_answer_in_plain_words_without_a_counterexample_heading():
    page = "from symbolic_info.web.exercises_page import exercises_page\nexercises_page()\n"
    at = AppTest.from_string(page, default_timeout=90).run()
    ids = [e.id for e in ALL_EXERCISES]
    at.selectbox(key="ex::choice").set_value(ids.index("biased-coin")).run()  # parameters fixed
    at.text_input(key="ex::answer::biased-coin").input("0.5")
    at = next(b for b in at.button if b.label == "Check my answer").click().run()
    assert at.error
    text = " ".join(m.value for m in at.markdown) + at.error[0].value
    assert "**Counterexample**" not in text and "of 1 " not in text


def test_check_page_asks_for_values_in_the_page_not_with_a_cli_flag():
    """The page's own example, a number such as 1.4189, with the parameters left blank."""
    page = "from symbolic_info.web.check_page import check_page\ncheck_page()\n"
    at = AppTest.from_string(page, default_timeout=90).run()
    at.text_input(key="check::claim").input("1.4189")
    at = next(b for b in at.button if b.label == "Check").click().run()
    assert at.error and "parameter boxes above" in at.error[0].value
    assert "--param" not in at.error[0].value
