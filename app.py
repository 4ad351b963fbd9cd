"""The dashboard's router and frame: language, mode, navigation, dataset banner. No SQL, no math.

Run with `make run` (or `streamlit run app.py`). The mode comes from $UMEA_MODE: public
(default), office (adds the import page) or kiosk (only the kiosk).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import streamlit as st

import ui

HERE = Path(__file__).parent

# (file, title key, URL path, icon, modes). The first page of a mode is its default.
PAGES = [
    ("pages/overview.py", "page_overview", "overview", "🏠", {"public", "office"}),
    ("pages/map.py", "page_map", "map", "🗺️", {"public", "office"}),
    ("pages/profile.py", "page_profile", "profile", "📍", {"public", "office"}),
    ("pages/compare.py", "page_compare", "compare", "📊", {"public", "office"}),
    ("pages/growth.py", "page_growth", "growth", "📈", {"public", "office"}),
    ("pages/climate.py", "page_climate", "climate", "🌍", {"public", "office"}),
    ("pages/participation.py", "page_participation", "participation", "🗳️",
     {"public", "office"}),
    ("pages/data_methods.py", "page_data", "data_methods", "📚", {"public", "office"}),
    ("pages/accessibility.py", "page_accessibility", "accessibility", "♿", {"public", "office"}),
    ("pages/import_data.py", "page_import", "import_data", "📥", {"office"}),
    ("pages/kiosk.py", "page_kiosk", "kiosk", "🖐️", {"kiosk"}),
]

st.set_page_config(page_title="Umeå", page_icon="🏙️", layout="wide")

ui.sync_language()
mode = ui.mode()
if mode == "kiosk":  # the kiosk is the whole screen: no sidebar, page links or dataset banner;
    # every page's URL (/map, /kiosk, …) runs the kiosk too, so no "page not found" box covers it
    kiosk = str(HERE / "pages/kiosk.py")
    slugs = ["start", *sorted({u for f, _, slug, _, _ in PAGES for u in (slug, Path(f).stem)})]
    # Any other path (/foo) gets a page of its own for this run: Streamlit shows "page not
    # found" only for a path no page has. (A nested path, /a/b, never reaches the script: the
    # browser then asks for the app's files under /a/ and gets none.)
    requested = unquote(urlsplit(st.context.url or "").path).strip("/")
    if requested and "/" not in requested and requested not in slugs:
        slugs.append(requested)
    with ui.friendly_errors():
        st.navigation([st.Page(kiosk, title=ui.t("page_kiosk"), url_path=slug, default=not i,
                               visibility="hidden") for i, slug in enumerate(slugs)],
                      position="hidden").run()
    st.stop()
entries = [p for p in PAGES if mode in p[4]]
if missing := [file for file, *_ in entries if not (HERE / file).is_file()]:
    # A page file that is gone is a broken deployment: say so in the log (with the names) and on
    # screen (without them), and show no partial menu that hides it.
    ui.log.error("page files missing: %s", ", ".join(missing))
    st.error(ui.t("error_friendly"))
    st.stop()
pages = [
    st.Page(str(HERE / file), title=ui.t(title), url_path="" if index == 0 else slug, icon=icon,
            default=index == 0)
    for index, (file, title, slug, icon, _) in enumerate(entries)
]
# Every other URL shows one of our own views, never the framework's English "Page not found"
# box: the default page also answers at its own name (/overview), and any other path gets the
# bilingual not-found view under exactly that path.
hidden = [st.Page(str(HERE / file), title=ui.t(title), url_path=slug, visibility="hidden")
          for file, title, slug, _, _ in entries[:1]]
requested = ui.requested_page()
if requested and requested not in {slug for _, _, slug, _, _ in entries}:
    hidden.append(st.Page(ui.not_found_view(pages[0]), title=ui.t("not_found_title"),
                          url_path=requested, visibility="hidden"))
navigation = st.navigation(pages + hidden, position="hidden")

with st.sidebar:
    st.markdown(f"### {ui.t('app_title')}")
    language = ui.choose(ui.t("language"), ["sv", "en"], name="lang", default="sv",
                         format_func={"sv": "Svenska", "en": "English"}.get, widget="radio")
    for page in pages:
        st.page_link(page, label=page.title, icon=page.icon, query_params={"lang": language})
    st.divider()
    with ui.friendly_errors():
        ui.dataset_banner()

with ui.friendly_errors():
    ui.fallback_notice()
    ui.demo_notice()
    navigation.run()
