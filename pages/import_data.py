"""Import (office mode only): upload, preview, the validation report, a progress bar and publish.

The same code path as `python -m indicators.ingest`: validate_files, then publish_staged.
"""

import streamlit as st

import ui
from indicators import ingest
from indicators.data import pulse
from indicators.data.config import database_path

lang = ui.language()
st.title(ui.t("page_import"))
st.markdown(ui.t("import_intro", limit=ingest.MAX_BYTES // 1_000_000))
ui.show_notices()

# The kiosks' citizen pulse: answers become an indicator (quality citizen_pulse) on publish.
with st.expander(ui.t("import_pulse_heading")):
    answers = pulse.counts_total(pulse.pulse_path(), [q.id for q in pulse.load_questions()]) \
        if pulse.pulse_path().exists() else 0
    st.markdown(ui.t("import_pulse_text", answers=answers))
    if st.button(ui.t("import_pulse_publish"), disabled=answers == 0):
        try:
            result = ingest.publish_pulse(database_path())
        except ingest.IngestError:
            st.warning(ui.t("import_busy"))
        else:
            st.success(ui.t("import_published", version=(result.content_hash or "")[:12]))
            st.cache_data.clear()

# Select: files (size limit enforced by the server config and again by the ingest itself).
uploads = st.file_uploader(ui.t("import_files"), accept_multiple_files=True,
                           type=["csv", "txt", "tsv", "xlsx", "yaml", "yml", "geojson", "json",
                                 "gpkg"], key="import_uploads")
if not uploads:
    st.info(ui.t("import_none"))
    st.stop()

# Check: the whole report before anything is published.
signature = tuple((u.name, u.size) for u in uploads)
if st.session_state.get("import_signature") != signature:
    with st.spinner(ui.t("import_checking")):
        report, staged = ingest.validate_files(uploads, database_path())
    st.session_state["import_signature"], st.session_state["import_staged"] = signature, staged
staged = st.session_state["import_staged"]
report = staged.report

counts = ", ".join(f"{ui.t('import_table_' + k)}: {v}" for k, v in report.counts.items() if v)
if report.ok:
    st.success(ui.t("import_valid", counts=counts or "0"))
else:
    st.error(ui.t("import_invalid", errors=len(report.errors)))
problems = report.to_frame(lang)
if len(problems):
    st.subheader(ui.t("import_report"))
    st.dataframe(problems, hide_index=True, width="stretch")

# Preview what would be published.
for label, frame in ((ui.t("import_table_observation"), staged.observations),
                     (ui.t("import_table_indicator"), staged.indicators),
                     (ui.t("import_table_area"), staged.areas.drop(
                         columns=["geometry_wkb", "map_geojson"], errors="ignore"))):
    if len(frame):
        with st.expander(ui.plain(f"{ui.t('import_preview')}: {label} ({len(frame)})")):
            st.dataframe(frame.head(200), hide_index=True, width="stretch")

# Publish: all or nothing, with progress.
if st.button(ui.t("import_publish"), type="primary", disabled=not staged.ok):
    bar = st.progress(0.0, text=ui.t("import_publishing"))
    try:
        result = ingest.publish_staged(
            staged, database_path(), progress=lambda fraction, _: bar.progress(min(fraction, 1.0)))
    except ingest.IngestBusy:
        st.warning(ui.t("import_busy"))
    except ingest.IngestConflict:
        st.warning(ui.t("import_conflict"))
        st.session_state.pop("import_signature", None)
    except ingest.IngestError:
        st.error(ui.t("import_failed"))
    else:
        bar.progress(1.0)
        st.success(ui.t("import_published", version=(result.content_hash or "")[:12]))
        st.session_state.pop("import_signature", None)
        st.cache_data.clear()
