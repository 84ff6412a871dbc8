"""The Streamlit app, headless (``streamlit.testing.v1.AppTest``), and its pictures.

Expected numbers are textbook formulas written here (Cover & Thomas, 2nd ed.,
Example 8.1.2 for the Gaussian entropy, eq. (2.5) for the binary entropy;
the Gaussian KL divergence from Penny (2001)), evaluated with mpmath, never
values copied from the app.  The every-entry sweep uses the app's landing
settings (50 digits, default parameters and units), the same derivations the
golden and KaTeX tests compute, so the process-wide derive cache is shared.
"""

import threading
import time
from pathlib import Path

import mpmath
import pytest
from processes import alive, wait_dead
from streamlit.testing.v1 import AppTest

from symbolic_info import catalog, derive
from symbolic_info.checker import sandbox
from symbolic_info.core import DerivationError
from symbolic_info.export import default_params
from symbolic_info.web import jobs, navigation, plots, state, worker
from symbolic_info.web.svg_picture import svg
from symbolic_info.web.view import latex_strings

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 900
M = mpmath.MPContext()  # a private 60-digit context for the expected values
M.dps = 60
TOL = M.mpf(10) ** -45


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def shown_latex(at) -> list:
    return [el.value.strip("$\n") for el in at.latex]


def value_of(at):
    """The value under "Result" (the first plain text), at 60 digits."""
    return M.mpf(at.text[0].value)


def gaussian_entropy(sigma, base=None):
    """Cover & Thomas Example 8.1.2: h = (1/2) ln(2 pi e sigma^2) nats."""
    h = M.log(2 * M.pi * M.e * M.mpf(sigma) ** 2) / 2
    return h / M.log(2) if base == 2 else h


@pytest.fixture(scope="module")
def landing():
    return app()


def test_landing_page_shows_a_verified_derivation(landing):
    at = landing
    assert not at.exception
    assert not at.error and not at.warning
    assert at.title[0].value == catalog()["entropy/normal"].title
    d = derive("entropy/normal", dps=50, **default_params(catalog()["entropy/normal"]))
    assert shown_latex(at) == latex_strings(d)
    assert "Verified" in at.success[0].value
    assert abs(value_of(at) - gaussian_entropy(1)) < TOL
    assert [b.label for b in at.get("download_button")] == ["Markdown", "LaTeX", "JSON",
                                                            "Handout (.tex)"]
    if state.pdf_available():  # the PDF is compiled only when asked for
        assert at.button(key="mk_handout_pdf").label == "Handout (PDF)"
    assert at.get("image"), "the Gaussian entropy picture is missing"


SWEEP_PARTS = 4
"""The every-entry sweep in this many runs of consecutive entries, so both workers share it."""


def sweep_part(names: list, part: int) -> list:
    """The ``part``-th of :data:`SWEEP_PARTS` runs of consecutive ``names``; together they
    hold every name once, in order."""
    n = len(names)
    return names[part * n // SWEEP_PARTS:(part + 1) * n // SWEEP_PARTS]


def test_the_sweep_parts_cover_every_entry_once():
    names = list(catalog())
    parts = [sweep_part(names, k) for k in range(SWEEP_PARTS)]
    assert [n for part in parts for n in part] == names and all(parts)


@pytest.mark.parametrize("part", range(SWEEP_PARTS))
def test_every_entry_shows_its_steps(monkeypatch, part):
    """The topic is switched only where it changes (the catalog lists each topic's entries
    together): switching to the topic already shown reruns the same page."""
    monkeypatch.setattr(state, "pictures", lambda *a, **k: [])  # pictures: tested below
    at = app()
    entries = catalog()
    for name in sweep_part(list(entries), part):
        entry = entries[name]
        if at.radio(key="topic").value != entry.group:
            at.radio(key="topic").set_value(entry.group).run()
        at.selectbox(key=f"entry::{entry.group}").set_value(name).run()
        assert not at.exception, name
        assert not at.error or "NOT verified" in at.error[0].value, (name, at.error[0].value)
        d = derive(name, dps=50, **default_params(entry))
        assert at.title[0].value == entry.title
        assert shown_latex(at) == latex_strings(d), name
        assert len(at.latex) == len(d.all_steps) + 1 >= 2
        if d.verified:
            assert at.success and "Verified" in at.success[0].value, name
        else:
            assert at.error and "NOT verified" in at.error[0].value, name


@pytest.mark.parametrize("text, message", [
    ("-1", "parameter sigma = -1 is outside its domain: σ > 0"),
    ("abc", "parameter sigma: 'abc' is not a number"),
    ("__import__('os').system('true')", "parameter sigma:"),
])
def test_invalid_parameter_gives_one_clear_error(landing, text, message):
    at = landing
    at.text_input(key="param::entropy/normal::sigma").set_value(text).run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith(message)
    assert "\n" not in at.error[0].value
    assert not at.latex  # nothing derived from a bad value
    at.text_input(key="param::entropy/normal::sigma").set_value("1").run()
    assert not at.error and at.latex


def test_parameter_and_units_change_the_value(landing):
    at = landing
    at.text_input(key="param::entropy/normal::sigma").set_value("3/2").run()
    assert abs(value_of(at) - gaussian_entropy(1.5)) < TOL
    at.radio(key="units::entropy/normal").set_value("bits").run()
    assert not at.exception
    assert abs(value_of(at) - gaussian_entropy(1.5, base=2)) < TOL
    assert "bits" in " ".join(c.value for c in at.caption)
    at.radio(key="units::entropy/normal").set_value("nats").run()
    at.text_input(key="param::entropy/normal::sigma").set_value("1").run()


def test_empty_parameter_keeps_the_result_symbolic(landing):
    at = landing
    at.text_input(key="param::entropy/normal::sigma").set_value("").run()
    assert not at.exception and not at.error
    assert "sigma" in shown_latex(at)[-1]
    assert any("symbolic" in c.value or "formula" in c.value for c in at.caption)
    at.text_input(key="param::entropy/normal::sigma").set_value("1").run()


def test_lecture_mode_reveals_one_step_at_a_time(landing):
    at = landing
    n = len(derive("entropy/normal", dps=50, mu="0", sigma="1").all_steps)
    at.toggle(key="reveal").set_value(True).run()
    assert len(at.latex) == 1 and not at.success  # no result before the last step
    at.button(key="next_step").click().run()
    assert len(at.latex) == 2
    at.button(key="show_all").click().run()
    assert len(at.latex) == n + 1 and at.success
    at.button(key="start_over").click().run()
    assert len(at.latex) == 1
    at.toggle(key="reveal").set_value(False).run()
    assert len(at.latex) == n + 1


def test_digits_control_and_sessions_are_independent():
    a, b = app(), app()
    a.number_input(key="dps").set_value(20).run()
    b.run()
    assert not a.exception and not b.exception
    assert len(a.text[0].value.replace(".", "").lstrip("0")) == 20
    assert len(b.text[0].value.replace(".", "").lstrip("0")) == 50
    assert mpmath.mp.dps == 15  # nobody touched the global context


class ChildWatch:
    """Records the sandbox's running children (pids) from a background thread."""

    def __init__(self):
        self.pids, self._stop = set(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.01):
            self.pids.update(sandbox.children())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def test_budget_overrun_gives_a_clear_message_and_stops_the_worker(landing, monkeypatch):
    monkeypatch.setattr(state, "TIME_BUDGET", 0.05)
    at = landing
    with ChildWatch() as watch:
        at.number_input(key="dps").set_value(state.TRUSTED_DPS + 17).run()
    assert not at.exception
    assert at.warning and "time budget" in at.warning[0].value
    assert not at.latex
    assert watch.pids and not wait_dead(watch.pids), "the overrunning worker survived"
    assert not sandbox.children()
    at.number_input(key="dps").set_value(50).run()
    assert not at.warning and at.latex


def test_overrunning_derivation_on_user_values_is_stopped(monkeypatch):
    """At ordinary precision too: nothing keeps computing after the budget (issue 9)."""
    monkeypatch.setattr(state, "TIME_BUDGET", 0.05)
    # a 100-digit Student t reference takes about half a second (quadrature): an overrun
    params = (("nu", "71/23"),)
    with ChildWatch() as watch, pytest.raises(worker.BudgetExceeded, match="time budget"):
        state.page("entropy/student_t", params, "nats", 100)
    assert not [t for t in threading.enumerate() if t.name.startswith("derive")]
    assert watch.pids and not wait_dead(watch.pids)
    monkeypatch.setattr(state, "TIME_BUDGET", 600)
    with pytest.raises(DerivationError, match="nu"):
        state.page("entropy/student_t", (("nu", "-1"),), "nats", 50)


def test_defaults_are_trusted_user_values_are_not():
    e = catalog()["kl/normal"]
    defaults = tuple(sorted((k, v) for k, v in default_params(e).items()))
    assert state.trusted("kl/normal", defaults, 50) and state.trusted("kl/normal", (), 20)
    assert not state.trusted("kl/normal", defaults, state.TRUSTED_DPS + 1)
    changed = tuple((k, "3" if k == "sigma2" else v) for k, v in defaults)
    assert not state.trusted("kl/normal", changed, 50)
    assert not state.trusted("kl/normal", defaults[:1], 50)  # partly symbolic, partly given
    assert not state.trusted("no/such", (), 50)


def test_worker_process_derives_and_reports_bad_input():
    p = worker.derive_within("entropy/exponential", (("lambda", "1/2"),), "nats", 120, 600)
    ctx = mpmath.MPContext()
    ctx.dps = 130
    expected = 1 - ctx.log(ctx.mpf(1) / 2)  # Cover & Thomas Example 8.1.1: h = 1 - ln(lambda)
    assert p["verified"] and abs(ctx.mpf(p["value"]) - expected) < ctx.mpf(10) ** -115
    d = derive("entropy/exponential", dps=20, **{"lambda": "1/2"})  # same steps, in-process
    assert [s["latex"] for s in p["steps"]] + [p["result"]] == latex_strings(d)
    with pytest.raises(DerivationError, match="lambda"):
        worker.derive_within("entropy/exponential", (("lambda", "-1"),), "nats", 120, 600)
    with pytest.raises(worker.BudgetExceeded, match="time budget"):
        worker.derive_within("entropy/exponential", (("lambda", "2"),), "nats", 120, 0.01)


class Abandoned(BaseException):
    """Stands in for Streamlit's StopException / RerunException (BaseExceptions)."""


def test_a_stopped_or_rerun_script_kills_its_worker():
    seen = []

    def on_wait(progress):
        seen.extend(sandbox.children())
        if seen:
            raise Abandoned

    with pytest.raises(Abandoned):
        worker.derive_within("entropy/exponential", (("lambda", "3/7"),), "nats", 1000, 600,
                             on_wait=on_wait)
    assert seen and not wait_dead(seen) and not sandbox.children()


def test_a_departed_session_has_its_worker_killed(monkeypatch):
    monkeypatch.setattr(jobs, "session_id", lambda: "session-that-leaves")
    gone = {"yes": False}
    monkeypatch.setattr(jobs, "is_active", lambda owner: not gone["yes"])
    seen = []

    def on_wait(progress):
        seen.extend(sandbox.children("session-that-leaves"))
        gone["yes"] = bool(seen)  # the tab closes once the worker is running

    # the wait notices the departure (SessionEnded), or the sweeper kills the child first
    with pytest.raises((jobs.SessionEnded, DerivationError)):
        worker.derive_within("entropy/exponential", (("lambda", "5/7"),), "nats", 1000, 600,
                             **jobs.limits(on_wait))
    assert seen and not wait_dead(seen)


def test_sweep_kills_children_of_departed_sessions_only():
    box = {}

    def run(owner):
        try:
            box[owner] = worker.derive_within("entropy/exponential", (("lambda", "9/7"),),
                                              "nats", 1000, 600, owner=owner)
        except Exception as exc:  # noqa: BLE001 - inspected below
            box[owner] = exc

    threads = [threading.Thread(target=run, args=(o,)) for o in ("leaves", "stays")]
    for t in threads:
        t.start()
    end = time.monotonic() + 60
    while len(sandbox.children()) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    leaving, staying = sandbox.children("leaves"), sandbox.children("stays")
    assert leaving and staying
    assert sandbox.sweep(lambda owner: owner != "leaves") == 1
    assert not wait_dead(leaving) and all(alive(p) for p in staying)
    assert sandbox.stop_owner("stays") == 1
    for t in threads:
        t.join(30)
    assert isinstance(box["leaves"], DerivationError) and isinstance(box["stays"],
                                                                     DerivationError)
    assert not wait_dead(staying)


def test_about_page():
    at = AppTest.from_string(
        "from symbolic_info.web.about_page import about_page\nabout_page()"
    ).run()
    assert not at.exception
    assert at.title[0].value == "About"
    assert "independent reference" in at.markdown[0].value


def test_navigation_lists_every_page_once_with_derivations_first():
    specs = navigation.page_specs()
    assert [s.title for s in specs] == ["Derivations", "Check your work", "Exercises", "About"]
    assert [s.default for s in specs] == [True, False, False, False]
    assert len({s.url_path for s in specs}) == len(specs)


# --- pictures: the curves are the derived closed forms; compare with textbook formulas ---

def test_gaussian_entropy_curve_and_marker():
    (fig,) = plots.figures("entropy/normal", (("mu", "0"), ("sigma", "2")), "nats")
    assert len(fig.series[0].points) > 100
    for s, h in fig.series[0].points[::20]:
        assert h == pytest.approx(float(gaussian_entropy(s)), rel=1e-12, abs=1e-12)
    assert fig.marker == pytest.approx((2.0, float(gaussian_entropy(2))))


def test_binary_entropy_curve_in_bits():
    (fig,) = plots.figures("binary-entropy", (("p", "0.3"),), "bits")
    for p, h in fig.series[0].points[1:-1:15]:  # the ends, 0 ln 0 = 0: tests/web/test_pictures
        assert h == pytest.approx(float(-p * M.log(p, 2) - (1 - p) * M.log(1 - p, 2)),
                                  rel=1e-12)
    assert max(h for _, h in fig.series[0].points) == pytest.approx(1, abs=1e-3)
    assert fig.marker[0] == 0.3


def test_kl_normal_curves():
    params = (("mu1", "0"), ("sigma1", "1"), ("mu2", "1"), ("sigma2", "2"))
    by_mean, by_ratio = plots.figures("kl/normal", params, "nats")

    def kl(m1, s1, m2, s2):  # Penny (2001), eq. (2) in one dimension
        s1, s2 = M.mpf(s1), M.mpf(s2)
        return M.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - M.mpf(1) / 2

    for dm, v in by_mean.series[0].points[::20]:
        assert v == pytest.approx(float(kl(1 + dm, 1, 1, 2)), rel=1e-10, abs=1e-12)
    for r, v in by_ratio.series[0].points[::20]:
        assert v == pytest.approx(float(kl(0, 2 * M.sqrt(r), 1, 2)), rel=1e-10, abs=1e-12)
    assert by_mean.marker == pytest.approx((-1.0, float(kl(0, 1, 1, 2))))
    assert by_ratio.log_x and by_ratio.marker[0] == pytest.approx(0.25)


def test_stirling_picture_is_log_log_with_the_predicted_slope():
    (fig,) = plots.figures("stirling/binomial", (("p", "1/3"),), "nats")
    assert fig.log_x and fig.log_y
    guide = [s for s in fig.series if s.dashed]
    assert len(guide) == 1
    (k0, e0), (k1, e1) = guide[0].points[0], guide[0].points[-1]
    assert float(M.log(e1 / e0) / M.log(k1 / k0)) == pytest.approx(-1)
    leading = next(s for s in fig.series if s.name.startswith("|(1/k)"))
    assert all(b[1] < a[1] for a, b in zip(leading.points, leading.points[1:], strict=False))


def test_maxent_bars_next_to_uniform():
    e = catalog()["maxent/discrete-mean"]
    params = tuple(sorted(default_params(e).items()))
    (fig,) = plots.figures("maxent/discrete-mean", params, "nats")
    got = [v for _, label, v in fig.bars if label == "maximum entropy"]
    uniform = [v for _, label, v in fig.bars if label == "uniform"]
    assert sum(got) == pytest.approx(1) and uniform == [pytest.approx(1 / len(got))] * len(got)
    assert got != uniform  # the mean constraint (default 9/2 on 1..6) tilts it


def test_no_picture_for_unknown_or_mismatched_entries():
    assert plots.figures("entropy/laplace", (("mu", "0"), ("b", "2")), "nats") == []
    assert plots.figures("no/such-entry", (), "nats") == []
    assert plots._kl_normal("kl/normal", {"mu1": "0"}, "nats", None) == []


def test_pictures_are_well_formed_svg():
    import xml.etree.ElementTree as ET

    for name, params, shapes in [
        ("entropy/normal", (("mu", "0"), ("sigma", "1")), ("polyline", "circle")),
        ("stirling/binomial", (("p", "1/3"),), ("polyline",)),
        ("maxent/discrete-mean", (("mean", "9/2"), ("support", "1,2,3,4,5,6")), ("rect",)),
    ]:
        for fig in plots.figures(name, params, "nats"):
            root = ET.fromstring(svg(fig))
            tags = [el.tag.split("}")[-1] for el in root.iter()]
            assert all(t in tags for t in shapes), (name, set(tags))
            assert "<" not in "".join(el.text or "" for el in root.iter())


def verified_with_picture(topic: str, name: str) -> AppTest:
    """The app on entry ``name`` of ``topic`` at its defaults: verified, with a picture."""
    at = app()
    at.radio(key="topic").set_value(topic).run()
    at.selectbox(key=f"entry::{topic}").set_value(name).run()
    assert not at.exception and not at.error
    assert at.success and "Verified" in at.success[0].value
    assert at.get("image"), f"the picture of {name} is missing"
    return at


def test_information_gain_shows_the_posterior_against_the_prior():
    at = verified_with_picture("entropy", "information-gain")
    captions = " ".join(c.value for c in at.caption)
    assert "stands beside it" in captions  # the caption names D(posterior || prior)
    assert any("posterior" in i.value and "mutual information" in i.value for i in at.info)


def test_information_in_message_shows_the_surprisal_beside_the_value():
    at = app()
    at.radio(key="topic").set_value("entropy").run()
    at.selectbox(key="entry::entropy").set_value("information-in-message").run()
    assert not at.exception and not at.error
    assert any("surprisal" in i.value for i in at.info)


def test_quantised_entropy_shows_the_limit_and_its_error_picture():
    at = verified_with_picture("coding", "quantised-entropy")
    assert "slope 2" in " ".join(c.value for c in at.caption)
    h = M.log(2 * M.pi * M.e) / 2  # the default X = normal(0, 1), delta = 1/10
    assert abs(value_of(at) - (h + M.log(10))) < M.mpf(10) ** -3  # within the O(delta^2) error
