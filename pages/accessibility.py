"""Accessibility statement (tillgänglighetsredogörelse), with a way to report problems."""

from pathlib import Path

import streamlit as st

import ui
from indicators.data import feedback

lang = ui.language()
st.title(ui.t("page_accessibility"))
st.markdown((Path(__file__).parents[1] / "docs" / f"accessibility.{lang}.md").read_text("utf-8"))

sent = st.session_state.setdefault("feedback_sent", 0)
with st.form("report", clear_on_submit=True):
    st.subheader(ui.t("report_heading"))
    page = st.selectbox(ui.t("report_page"), [ui.t("report_page_any")] + [
        ui.t(k) for k in ("page_overview", "page_data", "page_accessibility")])
    text = st.text_area(ui.t("report_text"), max_chars=feedback.MAX_CHARS)
    submitted = st.form_submit_button(ui.t("report_send"))
if submitted:
    if sent >= 5:
        st.warning(ui.t("report_limit"))
    else:
        try:
            feedback.append_report(feedback.feedback_path(), page, text)
        except ValueError:
            st.warning(ui.t("report_empty"))
        else:
            st.session_state["feedback_sent"] = sent + 1
            st.success(ui.t("report_thanks"))
