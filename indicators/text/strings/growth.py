"""Strings of the Growth 2050 page (pages/growth.py, indicators/views/growth.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "growth_population": {"sv": "Folkmängd", "en": "Population"},
    "growth_city": {"sv": "Hela kommunen", "en": "Whole municipality"},
    "growth_target": {"sv": "Målet", "en": "The target"},
    "growth_outlook_heading": {"sv": "Folkmängd, nödvändig väg och scenarier",
                               "en": "Population, the path needed and scenarios"},
    "growth_outlook_sentence": {
        "sv": "År utan uppgift ({missing} st.) lämnas som luckor i linjen och fylls aldrig i. "
              "Den streckade linjen är vägen som krävs från senaste året: {rate} per år till "
              "{target} år {year}; de prickade linjerna är tre scenarier med jämn takt.",
        "en": "Years without a figure ({missing}) are left as gaps in the line, never filled in. "
              "The dashed line is the path needed from the latest year: {rate} a year to "
              "{target} by {year}; the dotted lines are three constant-rate scenarios.",
    },
    "growth_derived_marker": {"sv": "Härlett år (ofylld markör)",
                              "en": "Derived year (open marker)"},
    "growth_required_path_name": {"sv": "Nödvändig väg ({rate} per år)",
                                  "en": "Path needed ({rate} a year)"},
    "growth_required_only": {
        "sv": "För att nå {target} invånare år {year} behövs en ökning med {rate} per år, i "
              "snitt {persons} per år; serien är för kort för att visa takten de senaste åren.",
        "en": "Reaching {target} inhabitants by {year} takes growth of {rate} a year, on average "
              "{persons} a year; the series is too short to show the recent pace.",
    },
    "growth_scenario": {"sv": "Scenario", "en": "Scenario"},
    "growth_scenario_low": {"sv": "Låg takt", "en": "Low rate"},
    "growth_scenario_medium": {"sv": "Medeltakt", "en": "Medium rate"},
    "growth_scenario_high": {"sv": "Hög takt", "en": "High rate"},
    "growth_rate_per_year": {"sv": "Takt per år", "en": "Rate a year"},
    "growth_population_in": {"sv": "Folkmängd {year}", "en": "Population {year}"},
    "growth_year_reached": {"sv": "År då {target} nås", "en": "Year {target} is reached"},
    "growth_not_by": {"sv": "inte före {year}", "en": "not by {year}"},
    "growth_in_year": {"sv": "år {year}", "en": "in {year}"},
    "growth_no_scenarios": {
        "sv": "Serien har för få år för att räkna scenarier (minst två observationer fem år isär "
              "behövs).",
        "en": "The series has too few years for scenarios (at least two observations five years "
              "apart are needed).",
    },
    "growth_scenario_part": {"sv": "{scenario} ({rate} per år) {when}",
                             "en": "{scenario} ({rate} a year) {when}"},
    "growth_scenario_sentence": {
        "sv": "Om en takt som redan observerats under en femårsperiod ({window} år) fortsätter "
              "nås {target} invånare med {parts}.",
        "en": "If a pace already observed over a five-year period ({window} years) continues, "
              "{target} inhabitants are reached at a {parts}.",
    },
    "growth_scenario_method": {
        "sv": "Scenarierna använder den lägsta, mittersta (median) och högsta årliga takten "
              "bland alla femårsperioder i serien, med start i senaste observerade året.",
        "en": "The scenarios use the lowest, middle (median) and highest annual rate over all "
              "five-year periods in the series, starting from the latest observed year.",
    },
    "growth_pace_heading": {"sv": "Takten som behövs och takten hittills",
                            "en": "The pace needed and the pace so far"},
    "growth_pace_required": {"sv": "Nödvändig takt {start}–{end}",
                             "en": "Pace needed {start}–{end}"},
    "growth_pace_recent": {"sv": "Senaste {years} åren ({start}–{end})",
                           "en": "Last {years} years ({start}–{end})"},
    "growth_districts_heading": {"sv": "Distriktens bidrag till tillväxten",
                                 "en": "The districts' contribution to growth"},
    "growth_proxy_note": {
        "sv": "Folkmängd per distrikt finns inte i data. Som ungefärligt mått används antalet "
              "röstberättigade i riksdagsvalet (vuxna svenska medborgare, inte hela "
              "befolkningen): barn och personer utan svenskt medborgarskap räknas inte.",
        "en": "Population per district is not in the data. As a proxy, the number of people "
              "eligible to vote in the Riksdag election is used (adult Swedish citizens, not the "
              "whole population): children and people without Swedish citizenship are not "
              "counted.",
    },
    "growth_eligible_in": {"sv": "Röstberättigade {year}", "en": "Eligible voters {year}"},
    "growth_change": {"sv": "Förändring", "en": "Change"},
    "growth_share": {"sv": "Andel av tillväxten", "en": "Share of growth"},
    "growth_shares_sentence": {
        "sv": "Ungefärligt mått (röstberättigade, inte befolkning): {start}–{end} ändrades "
              "antalet röstberättigade med {total}; störst bidrag gav {top} med {change} "
              "({share} av förändringen).",
        "en": "Proxy (eligible voters, not population): {start}–{end} the number of eligible "
              "voters changed by {total}; the largest contribution came from {top} with "
              "{change} ({share} of the change).",
    },
    "growth_shares_none": {
        "sv": "Ungefärligt mått (röstberättigade): ingen förändring att fördela {start}–{end}.",
        "en": "Proxy (eligible voters): no change to share out {start}–{end}.",
    },
    "growth_what_if_heading": {"sv": "Tänk om: planerade bostäder per distrikt",
                               "en": "What if: planned homes per district"},
    "growth_population_note": {
        "sv": "Folkmängd per distrikt: SCB:s RegSO (2020–2023) och DeSO (2025), fördelade på "
              "distrikten efter befolkning respektive landyta (härledda värden, se Data och "
              "metoder).",
        "en": "Population per district: Statistics Sweden's RegSO (2020–2023) and DeSO (2025), "
              "allocated to the districts by population and by land area respectively (derived "
              "values, see Data & methods).",
    },
    "growth_base_note_population": {
        "sv": "Utgångsläge: folkmängden {year} ({population}) fördelas på distrikten i proportion "
              "till deras folkmängd {eligible_year} (SCB, härledd per distrikt). Ange planerade "
              "bostäder (0–20 000 per distrikt) och personer per bostad; valen sparas i länken.",
        "en": "Starting point: the {year} population ({population}) is shared out over the "
              "districts in proportion to their population in {eligible_year} (Statistics Sweden, "
              "derived per district). Enter planned homes (0–20,000 per district) and persons per "
              "home; the choices are kept in the link.",
    },
    "growth_base_note": {
        "sv": "Modellerat utgångsläge: folkmängden {year} ({population}) fördelas på distrikten "
              "i proportion till deras röstberättigade {eligible_year}. Det är en modell, inte "
              "statistik. Ange planerade bostäder (0–20 000 per distrikt) och personer per "
              "bostad; valen sparas i länken.",
        "en": "Modelled starting point: the {year} population ({population}) is shared out over "
              "the districts in proportion to their eligible voters in {eligible_year}. This is a "
              "model, not statistics. Enter planned homes (0–20,000 per district) and persons "
              "per home; the choices are kept in the link.",
    },
    "growth_persons_per_home": {"sv": "Personer per bostad", "en": "Persons per home"},
    "growth_trend": {"sv": "Övrig befolkningsutveckling till 2050",
                     "en": "Other population change until 2050"},
    "growth_trend_none": {"sv": "Ingen (bara de planerade bostäderna)",
                          "en": "None (only the planned homes)"},
    "growth_trend_low": {"sv": "Låg takt", "en": "Low rate"},
    "growth_trend_medium": {"sv": "Medeltakt", "en": "Medium rate"},
    "growth_trend_high": {"sv": "Hög takt", "en": "High rate"},
    "growth_population_today": {"sv": "Modellerad folkmängd i dag",
                                "en": "Modelled population today"},
    "growth_planned_homes": {"sv": "Planerade bostäder", "en": "Planned homes"},
    "growth_added_by_homes": {"sv": "Tillskott från bostäderna", "en": "Added by the homes"},
    "growth_city_in": {"sv": "Hela kommunen {year}", "en": "Whole municipality {year}"},
    "growth_what_if_reached": {
        "sv": "Med {homes} planerade bostäder à {pph} personer: {total} år {year}; "
              "målet {target} nås med {gap} över.",
        "en": "With {homes} planned homes at {pph} persons each: {total} in {year}; "
              "the target of {target} is reached with {gap} to spare.",
    },
    "growth_what_if_missed": {
        "sv": "Med {homes} planerade bostäder à {pph} personer: {total} år {year}; "
              "målet {target} nås inte, {gap} fattas.",
        "en": "With {homes} planned homes at {pph} persons each: {total} in {year}; "
              "the target of {target} is missed by {gap}.",
    },
}
