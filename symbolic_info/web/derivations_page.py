"""The Derivations page (the landing page): pick, parameterise, read, verify, download.

The sidebar holds the choice of derivation (by topic), its parameters as
exact text, the units, the digits and the lecture mode that reveals steps
one at a time.  The page shows the assumptions, every step with its reason
and verification badge, the result and its value, the verification panel,
a picture where one helps, and the downloads.  All numbers come from cached
library calls (:mod:`symbolic_info.web.state`); this module computes nothing.

Example
-------
>>> from symbolic_info import catalog
>>> initial_entry(catalog(), None)
'entropy/normal'
"""

from __future__ import annotations

import hashlib

import streamlit as st

from ..catalog import catalog
from ..checker.sandbox import SandboxBusy
from ..core import DerivationError
from ..engine.run import MAX_DPS
from ..output.reasons import reason_markdown, reason_unicode
from . import state
from .view import (
    DEFAULT_DPS,
    LANDING,
    file_stem,
    group_label,
    groups_in_order,
    md_escape,
    params_key,
    summary_parts,
)
from .worker import BudgetExceeded

__all__ = ["derivations_page", "initial_entry", "topic_start", "TOPIC_STARTS", "plain_label",
           "LANDING", "DEFAULT_DPS"]

TWO_VARIABLES = "two variables"
"""The topic of mutual information, joint and conditional entropy (models, joint laws)."""


def initial_entry(entries: dict, wanted: str | None) -> str:
    """The entry to open with: ``wanted`` (from the URL) if known, else :data:`LANDING`."""
    if wanted in entries:
        return wanted
    return LANDING if LANDING in entries else next(iter(entries))


TOPIC_STARTS = ("kl/normal", "entropy/normal")
"""The entry a topic opens on when it holds one of these (the first found); else its first."""


def plain_label(text: str) -> str:
    """A widget label as plain text (read aloud as written): no Markdown escapes; the
    characters that would start Markdown or math (``$``, backticks, ``*``) become spaces.

    >>> plain_label("mean: prescribed mean E[X]")
    'mean: prescribed mean E[X]'
    """
    return "".join(" " if ch in "$`*\\" else ch for ch in text)


def topic_start(names: list) -> str:
    """The entry a topic opens on: the normal KL or entropy where the topic has it.

    >>> topic_start(["cross-entropy/beta", "kl/beta", "kl/normal"])
    'kl/normal'
    >>> topic_start(["binary-entropy"])
    'binary-entropy'
    """
    return next((n for n in TOPIC_STARTS if n in names), names[0])


def _pick_entry(entries: dict) -> str:
    """Topic and derivation selectors; keeps ``?entry=NAME`` in the URL for sharing."""
    groups = groups_in_order(entries.values())
    if "topic" not in st.session_state:
        start = initial_entry(entries, st.query_params.get("entry"))
        st.session_state["topic"] = entries[start].group
        st.session_state[f"entry::{entries[start].group}"] = start
    topic = st.sidebar.radio("Topic", groups, key="topic", format_func=group_label)
    names = [n for n, e in entries.items() if e.group == topic]
    key = f"entry::{topic}"
    first = {} if key in st.session_state else {"index": names.index(topic_start(names))}
    name = st.sidebar.selectbox("Derivation", names, key=key,
                                format_func=lambda n: entries[n].title, **first)
    if st.query_params.get("entry") != name:
        st.query_params["entry"] = name
    return name


def _controls(entry) -> tuple:
    """Parameters (exact text), units, digits and lecture mode from the sidebar."""
    sb = st.sidebar
    params = {}
    if entry.params:
        sb.markdown("**Parameters**")
    for p in entry.params:
        text = sb.text_input(
            plain_label(f"{p.name}: {p.description}"), value=p.default,
            key=f"param::{entry.name}::{p.name}",
            help=f"{reason_unicode(p.rule)}. Exact values such as 3/2, 0.35 (read as 7/20), "
            "1e-3, lists 1/2,1/3,1/6 or matrices [[2,0.3],[0.3,1]]. Leave empty to keep it "
            "symbolic.",
        )
        if text.strip():
            params[p.name] = text
    units = sb.radio("Units", ["nats", "bits"], horizontal=True, key=f"units::{entry.name}",
                     index=0 if entry.default_units == "nats" else 1)
    dps = sb.number_input(
        f"Digits (at most {MAX_DPS})", min_value=5, max_value=MAX_DPS, value=DEFAULT_DPS,
        step=10, key="dps",
        help=f"Significant digits of the value and of the reference check. Work on your own "
        f"values or above {state.TRUSTED_DPS} digits runs in a worker process that is stopped "
        f"after {state.TIME_BUDGET:g} s.",
    )
    reveal = sb.toggle("Reveal steps one at a time", key="reveal",
                       help="Lecture mode: show one step per click.")
    return params, units, int(dps), reveal


def _header(entry) -> None:
    st.title(entry.title)
    facts = [group_label(entry.group), f"`{entry.name}`"]
    facts += summary_parts(entry.summary)  # its plain-text parts; I(X;Y) stays whole
    st.caption(" · ".join(f if f.startswith("`") else reason_markdown(f, md_escape)
                          for f in facts))


def _progress(box, doing: str):
    """An ``on_wait`` callback: progress in ``box``, redrawn when the shown second changes.

    Each redraw is also where Streamlit stops a script run that was rerun or
    left, which kills the worker process (see :mod:`symbolic_info.web.jobs`).
    """
    shown = [None]

    def on_wait(progress) -> None:
        if progress.phase == "queued":
            text = (f"Waiting for a free worker: the server is busy "
                    f"({progress.elapsed:.0f} s of at most {progress.limit:g} s)...")
        else:
            text = (f"{doing}: {progress.elapsed:.0f} s (stopped after "
                    f"{progress.limit:g} s)...")
        if text != shown[0]:
            shown[0] = text
            box.progress(min(progress.elapsed / progress.limit, 1.0), text=text)

    return on_wait


def _compute(name: str, key: tuple, units: str, dps: int) -> dict | None:
    """The cached page data of the derivation, or an error shown on the page and ``None``."""
    box = st.empty()
    try:
        if state.trusted(name, key, dps):
            with st.spinner(f"Deriving and verifying every step at {dps} digits...",
                            show_time=True):
                return state.page(name, key, units, dps)
        return state.page(name, key, units, dps, on_wait=_progress(
            box, f"Deriving and verifying every step at {dps} digits in a worker process"))
    except SandboxBusy as exc:
        st.warning(f"{exc}.", icon=":material/hourglass_top:")
    except DerivationError as exc:
        st.error(str(exc), icon=":material/error:")
    except BudgetExceeded as exc:
        st.warning(f"{exc}. The page is still usable: lower the digits, change the "
                   "parameters or pick another derivation.", icon=":material/timer_off:")
    finally:
        box.empty()
    return None


def _reveal_count(key: str, n: int, reveal: bool) -> int:
    if not reveal:
        return n
    return min(max(st.session_state.get(key, 1), 1), n)


def _set(key: str, value: int) -> None:
    st.session_state[key] = value


def _steps(d: dict, reveal: bool, reveal_key: str) -> bool:
    """Render the steps (all, or the revealed ones); True when all are shown."""
    n = len(d["steps"])
    shown = _reveal_count(reveal_key, n, reveal)
    st.subheader("Derivation")
    for i, step in enumerate(d["steps"][:shown]):
        reason = reason_markdown(step["rule"], md_escape)
        st.markdown(f"**{i + 1}.** {reason} &nbsp; {step['badge']}")
        st.latex(step["latex"])
    if reveal:
        cols = st.columns([1, 1, 1, 3])
        cols[0].button("Next step", key="next_step", disabled=shown >= n, type="primary",
                       on_click=_set, args=(reveal_key, shown + 1), icon=":material/skip_next:")
        cols[1].button("Show all", key="show_all", disabled=shown >= n,
                       on_click=_set, args=(reveal_key, n))
        cols[2].button("Start over", key="start_over", disabled=shown <= 1,
                       on_click=_set, args=(reveal_key, 1))
        cols[3].caption(f"Step {shown} of {n}")
    return shown >= n


def _result(d: dict) -> None:
    st.subheader("Result")
    st.latex(d["result"])
    if d["value"] is not None:
        st.caption(f"Value in {d['units']}, {d['dps']} significant digits")
        st.text(d["value"])
        for sentence in d.get("beside", ()):
            st.info(md_escape(sentence), icon=":material/compare_arrows:")
    else:
        st.caption("Some parameters are empty, so the result stays a formula; it was checked "
                   "at random admissible points.")


def _verification(d: dict) -> None:
    v = d["verification"]
    n = len(d["steps"])
    ok = sum(1 for s in d["steps"] if s["ok"])
    symbolic = sum(1 for s in d["steps"] if s["ok"] and s["method"] == "symbolic")
    with st.container(border=True):
        st.markdown("#### Verification")
        if d["verified"]:
            st.success(f"Verified: all {n} steps check, and the closed form is confirmed by an "
                       f"independent reference: {v['agreement']}.",
                       icon=":material/verified:")
        else:
            problems = []
            if ok < n:
                problems.append(f"{n - ok} of {n} steps could not be verified")
            if not v["ok"]:
                problems.append(f"the closed form is not confirmed by the reference "
                                f"({v['agreement']})")
            st.error("NOT verified: " + "; ".join(problems) + ". Do not trust this result.",
                     icon=":material/report:")
        c1, c2, c3 = st.columns(3)
        c1.metric("Steps verified", f"{ok} of {n}")
        c2.metric("Symbolic / numeric", f"{symbolic} / {ok - symbolic}")
        if v["agree_digits"] is None:
            c3.metric("Reference bound", f"|r| <= {v['zero_bound']}")
        else:
            c3.metric("Digits agreed", f"{v['agree_digits']} of {v['dps']}")
        st.markdown(f"**Reference method:** {md_escape(v['method'])}")
        st.caption("Reference value (from the definition)")
        st.text(v["reference"])
        st.caption("Closed form, evaluated")
        st.text(v["value"])
        if d["value"] is None and v["points"]:
            st.caption(md_escape("Checked at: " + "; ".join(
                ", ".join(f"{k} = {val}" for k, val in p.items()) for p in v["points"])))
        for note in v["notes"]:
            st.caption(md_escape(note))


def _pictures(name: str, key: tuple, units: str, d: dict) -> None:
    box = st.empty()
    try:
        figs = state.pictures(name, key, units, d["extras"],
                              on_wait=_progress(box, "Drawing the picture in a worker process"))
    finally:
        box.empty()
    if not figs:
        return
    st.subheader("Picture")
    for fig in figs:  # one per row: its text stays at least 14 px on a projector
        st.image(fig["svg"], width="stretch")
        if fig["caption"]:
            st.caption(md_escape(fig["caption"]))


def _downloads(name: str, units: str, dps: int, files: dict) -> None:
    stem = f"{file_stem(name)}-{units}-{dps}"
    st.subheader("Download")
    cols = st.columns([2, 2, 2, 3, 3])
    for col, (ext, label, mime) in zip(cols, (
        ("md", "Markdown", "text/markdown"),
        ("tex", "LaTeX", "application/x-tex"),
        ("json", "JSON", "application/json"),
    ), strict=False):
        col.download_button(label, files[ext], file_name=f"{stem}.{ext}", mime=mime,
                            on_click="ignore", icon=":material/download:", key=f"dl_{ext}")
    handout = files["handout"]
    cols[3].download_button(
        "Handout (.tex)", handout, file_name=f"{stem}-handout.tex", mime="application/x-tex",
        on_click="ignore", icon=":material/description:", key="dl_handout_tex",
        help="An exercise sheet: the task on the first page, the worked solution with its "
             "checks from the second. Compile it with pdflatex.")
    if state.pdf_available():
        _pdf_handout(cols[4], stem, handout)


def _pdf_handout(col, stem: str, handout: str) -> None:
    """A button that compiles the handout (once asked for), then the PDF's download button."""
    wanted = "pdf::" + hashlib.sha256(handout.encode()).hexdigest()[:16]
    if not st.session_state.get(wanted):
        if col.button("Handout (PDF)", key="mk_handout_pdf", icon=":material/picture_as_pdf:",
                      help="Compile the exercise sheet to PDF on the server (a few seconds)"):
            st.session_state[wanted] = True
            st.rerun()
        return
    try:
        with st.spinner("Compiling the handout with pdflatex"):
            pdf = state.handout_pdf(handout)
    except DerivationError as exc:
        st.session_state[wanted] = False
        col.error(md_escape(f"No PDF: {exc}"))
        return
    col.download_button("Save handout (PDF)", pdf, file_name=f"{stem}-handout.pdf",
                        mime="application/pdf", on_click="ignore",
                        icon=":material/picture_as_pdf:", key="dl_handout_pdf")


def derivations_page() -> None:
    """Render the Derivations page."""
    entries = catalog()
    name = _pick_entry(entries)
    entry = entries[name]
    params, units, dps, reveal = _controls(entry)
    _header(entry)
    two = entry.group == TWO_VARIABLES
    if two:  # models and joint laws (issue 12)
        from .twovar_page import request_params, show_model

        params = show_model(request_params(params))
    elif getattr(entry, "specialise", None) is not None:  # your own distribution (issue 11)
        from .custom_preview import show_preview

        show_preview(params)
    key = params_key(params)
    d = _compute(name, key, units, dps)
    if d is None:
        return
    if d["assumptions"]:
        shown = "; ".join(reason_markdown(a, md_escape) for a in d["assumptions"])
        st.markdown(f"**Assumptions:** {shown}.")
    if not _steps(d, reveal, f"shown::{name}::{key}::{units}"):
        return
    _result(d)
    if two:
        from .twovar_page import show_information

        show_information(d)
    _verification(d)
    _pictures(name, key, units, d)
    _downloads(name, units, dps, d["exports"])
