"""The teaching app: ``streamlit run app.py``.  Only wiring; the pages live in symbolic_info.web."""

import streamlit as st

from symbolic_info.web.navigation import pages

st.set_page_config(page_title="symbolic_info: verified derivations", page_icon="∑",
                   layout="wide")
st.navigation(pages()).run()
