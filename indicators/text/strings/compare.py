"""Strings of the Compare page (pages/compare.py, indicators/views/compare.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "compare_districts": {"sv": "Distrikt att jämföra", "en": "Districts to compare"},
    "compare_indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "compare_axis_x": {"sv": "Spridningsdiagram: vågrät axel",
                       "en": "Scatter plot: horizontal axis"},
    "compare_axis_y": {"sv": "Spridningsdiagram: lodrät axel", "en": "Scatter plot: vertical axis"},
    "compare_choose_something": {
        "sv": "Välj minst ett distrikt och minst en indikator för att jämföra.",
        "en": "Choose at least one district and at least one indicator to compare.",
    },
    "compare_bars_heading": {"sv": "Rangordning, bäst först", "en": "Ranking, best first"},
    "compare_year_note": {
        "sv": "Indikatorn saknar värden för {wanted}; närmaste år med värden, {used}, visas.",
        "en": "The indicator has no values for {wanted}; the nearest year with values, {used}, "
              "is shown.",
    },
    "compare_no_values": {
        "sv": "{indicator} {year}: inga publicerade värden för de valda distrikten.",
        "en": "{indicator} {year}: no published values for the chosen districts.",
    },
    "compare_city_line": {"sv": "Hela kommunen", "en": "Whole municipality"},
    "compare_scatter_heading": {"sv": "Två indikatorer mot varandra, år för år",
                                "en": "Two indicators against each other, year by year"},
    "compare_scatter_note": {
        "sv": "Tryck på uppspelningsknappen eller dra i reglaget för att se åren. Ett samband "
              "visar inte vad som orsakar vad.",
        "en": "Press the play button or drag the slider to step through the years. A "
              "relationship does not show what causes what.",
    },
    "compare_scatter_empty": {
        "sv": "{x} och {y} har inget gemensamt år med publicerade värden för de valda "
              "distrikten; välj andra indikatorer för spridningsdiagrammet.",
        "en": "{x} and {y} share no year with published values for the chosen districts; "
              "choose other indicators for the scatter plot.",
    },
    "compare_relation_too_few": {
        "sv": "{year}: för få distrikt ({n}) för att beskriva sambandet mellan {x} och {y}.",
        "en": "{year}: too few districts ({n}) to describe the relationship between {x} and "
              "{y}.",
    },
    "compare_relation_no_variation": {
        "sv": "{year}: {x} eller {y} varierar inte mellan de {n} valda distrikten, så inget "
              "samband kan beräknas.",
        "en": "{year}: {x} or {y} does not vary across the {n} chosen districts, so no "
              "relationship can be computed.",
    },
    "compare_relation_weak": {
        "sv": "{year}: inget tydligt samband mellan {x} och {y} bland de {n} valda distrikten "
              "(r = {r}).",
        "en": "{year}: no clear relationship between {x} and {y} across the {n} chosen "
              "districts (r = {r}).",
    },
    "compare_relation_moderate_positive": {
        "sv": "{year}: {x} och {y} följs delvis åt – ett måttligt positivt samband bland de {n} "
              "valda distrikten (r = {r}).",
        "en": "{year}: {x} and {y} partly go together – a moderate positive relationship "
              "across the {n} chosen districts (r = {r}).",
    },
    "compare_relation_moderate_negative": {
        "sv": "{year}: när {x} är högre är {y} ofta lägre – ett måttligt negativt samband bland "
              "de {n} valda distrikten (r = {r}).",
        "en": "{year}: where {x} is higher, {y} tends to be lower – a moderate negative "
              "relationship across the {n} chosen districts (r = {r}).",
    },
    "compare_relation_strong_positive": {
        "sv": "{year}: {x} och {y} följs åt – ett starkt positivt samband bland de {n} valda "
              "distrikten (r = {r}).",
        "en": "{year}: {x} and {y} go together – a strong positive relationship across the {n} "
              "chosen districts (r = {r}).",
    },
    "compare_relation_strong_negative": {
        "sv": "{year}: när {x} är högre är {y} lägre – ett starkt negativt samband bland de {n} "
              "valda distrikten (r = {r}).",
        "en": "{year}: where {x} is higher, {y} is lower – a strong negative relationship "
              "across the {n} chosen districts (r = {r}).",
    },
    "compare_illustrative_suffix": {"sv": "(Illustrativa data.)", "en": "(Illustrative data.)"},
    "compare_table_heading": {"sv": "Tabell: distrikt och indikatorer",
                              "en": "Table: districts and indicators"},
    "compare_col_note": {"sv": "Anmärkning", "en": "Note"},
    "compare_note_suppressed": {"sv": "skyddat (..): för få personer",
                                "en": "suppressed (..): too few people"},
}
