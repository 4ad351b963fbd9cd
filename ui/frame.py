"""The frame around pages: friendly errors, the requested page and its not-found view, the
mode."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from indicators.data.config import app_mode
from indicators.data.store import StoreError
from indicators.text.i18n import translate
from ui.state import language, t

log = logging.getLogger(__name__)
_PAGE_PATH = re.compile(r"[A-Za-z0-9_.\-~%åäöÅÄÖ]{1,200}")

@contextmanager
def friendly_errors():
    """Any exception becomes a friendly message in the user's language; details go to the log."""
    try:
        yield
    except StoreError:  # the path and reason go to the log; the screen says "being updated"
        log.exception("database unavailable")
        st.error(t("no_database"))
    except Exception:  # noqa: BLE001 - nothing may reach a public screen as a traceback
        log.exception("page failed")
        st.error(t("error_friendly"))


def requested_page() -> str:
    """The page path the browser asked for ("" for the root; "" when it asked by page hash, as
    the menu's links do). Streamlit-internal (`PagesManager.intended_page_name`, pinned with
    streamlit 1.67); tests/browser/test_not_found.py fails loudly if an upgrade changes it.
    Only a name that can be a page's URL path is returned: anything else is answered by the
    default page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    manager = getattr(context, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return ""
    name = (manager.intended_page_name or "").strip().strip("/")
    return name if _PAGE_PATH.fullmatch(name) else ""


def not_found_view(home: Any) -> Callable[[], None]:
    """Our own view of an address that is no page: Swedish and English, with a link `home`."""

    def not_found() -> None:
        lang = language()
        first, second = ("sv", "en") if lang == "sv" else ("en", "sv")
        st.title(translate("not_found_title", first))
        st.markdown(translate("not_found_text", first))
        st.subheader(translate("not_found_title", second))
        st.markdown(translate("not_found_text", second))
        st.page_link(home, label=t("not_found_home"), icon="🏠", query_params={"lang": lang})

    return not_found


def mode() -> str:
    return app_mode()


