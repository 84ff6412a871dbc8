"""The teaching app: ``streamlit run app.py``.  Only wiring; the pages live in symbolic_info.web.

Everything happens under ``if __name__ == "__main__"``: Streamlit runs this script as
``__main__`` and makes it ``sys.modules["__main__"]``, so a worker process started by
multiprocessing (:mod:`symbolic_info.checker.sandbox`) imports it again as
``__mp_main__``.  Unguarded, each worker would run the whole app without a Streamlit
runtime (a "missing ScriptRunContext" warning per call in the server's log, and the
app's imports added to every worker's start).
"""


def main() -> None:
    """Configure the page and run the navigation."""
    import streamlit as st

    from symbolic_info.long_integers import allow_long_integers
    from symbolic_info.web import nodelay
    from symbolic_info.web.navigation import PAGE_ICON, pages

    allow_long_integers()  # this program prints steps with integers of > 4,300 digits
    nodelay.once()  # the server's sockets: see symbolic_info.web.nodelay

    st.set_page_config(page_title="symbolic_info: verified derivations", page_icon=PAGE_ICON,
                       layout="wide")
    st.navigation(pages()).run()


if __name__ == "__main__":
    main()
