"""Presenters: for each page, the frames, figures and sentences it shows, as pure functions of data
the page passed in (no store, no Streamlit). Shared pieces: `figures`, `tables`, `goals`,
`downloads`."""
