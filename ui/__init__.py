"""The pages' one helper package (the only Streamlit code outside pages/ and app.py).

- `ui.state`   language, `t`, plain text, URL state and the widgets that keep it;
- `ui.data`    data access with caching per published file version, map geometry by URL;
- `ui.city`    the kommun a page is about ("the city", a widget only with several) and its
               districts;
- `ui.cache`   views (a page's results for one selection) kept per dataset version;
- `ui.blocks`  shared blocks: banners, chart + sentence + table, downloads, metrics;
- `ui.frame`   friendly errors, the requested page, the not-found view, the mode;
- `ui.pulse`   the kiosk's device token and the citizen pulse's answers;
- `ui.kiosk`, `ui.profile`  the Streamlit drawing of the two largest pages (imported by them).

Pages call `ui.<name>`; everything they use is re-exported here. Everything under `indicators/`
is Streamlit-free.
"""

from __future__ import annotations

from ui.blocks import (  # noqa: F401 - re-exported for pages
    PLOTLY_CONFIG,
    area_panel,
    change_text,
    chart_block,
    clicked_district,
    dataset_banner,
    delta_colour,
    download_buttons,
    goal_header,
    illustrative_label,
    indicator_name,
    metric_label,
    metric_value,
    series_table,
    shown_numbers,
    unit_words,
)
from ui.cache import (  # noqa: F401 - re-exported for pages
    VIEW_BUILDS,
    view,
)
from ui.city import (  # noqa: F401 - re-exported for pages
    city,
    city_districts,
)
from ui.data import (  # noqa: F401 - re-exported for pages
    area_observations,
    area_scores,
    areas,
    catalogue,
    dataset,
    demo_notice,
    fallback_notice,
    goal_verdicts,
    indicator_summary,
    latest_observations,
    map_geometry,
    map_source,
    mapped_years,
    observations,
    quality_counts,
    store,
    table,
    years,
)
from ui.frame import (  # noqa: F401 - re-exported for pages
    friendly_errors,
    mode,
    not_found_view,
    requested_page,
)
from ui.pulse import (  # noqa: F401 - re-exported for pages
    keep_kiosk_device,
    kiosk_device_token,
    pulse_shown_at,
    submit_pulse,
)
from ui.state import (  # noqa: F401 - re-exported for pages
    WORD_JOINER,
    choose,
    choose_many,
    language,
    log,
    nearest,
    param,
    param_list,
    plain,
    set_params,
    show_notices,
    sync_language,
    t,
)
