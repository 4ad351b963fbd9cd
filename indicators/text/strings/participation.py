"""Strings of the Participation & equality page (pages/participation.py,
indicators/views/participation.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "participation_election": {"sv": "Val", "en": "Election"},
    "participation_district": {"sv": "Distrikt för tidsserien",
                               "en": "District for the time series"},
    "participation_turnout": {"sv": "Valdeltagande", "en": "Turnout"},
    "participation_turnout_heading": {"sv": "{election} per distrikt {year}",
                                      "en": "{election} by district, {year}"},
    "participation_city": {"sv": "Hela kommunen {value}", "en": "Whole municipality {value}"},
    "participation_city_figures": {
        "sv": "Hela kommunen räknad som distrikten (röstande i valdistrikten delat med "
              "röstberättigade, utan förtidsröster som inget valdistrikt har): {same_way}. "
              "Valmyndighetens officiella valdeltagande för kommunen, alla röstande: {official}.",
        "en": "The whole municipality computed like the districts (voters in the voting "
              "districts divided by eligible voters, without early votes that no voting district "
              "holds): {same_way}. Valmyndigheten's official turnout for the municipality, all "
              "voters: {official}.",
    },
    "participation_interval": {"sv": "95 % konfidensintervall", "en": "95% confidence interval"},
    "participation_no_values": {"sv": "{indicator} {year}: inga distriktsvärden att visa.",
                                "en": "{indicator} {year}: no district values to show."},
    "participation_suppressed_count": {
        "sv": "{count} värden är skyddade (..) eftersom för få personer ingår och visas inte.",
        "en": "{count} values are suppressed (..) because too few people are involved, and are "
              "not shown.",
    },
    "participation_collection_note": {
        "sv": "Röster i uppsamlingsdistrikten (förtidsröster som inte kan knytas till ett "
              "valdistrikt) räknas i hela kommunens valdeltagande men inte i något distrikt.",
        "en": "Votes in the collection districts (early votes that cannot be tied to a voting "
              "district) count in the whole municipality's turnout but in no district.",
    },
    "participation_interval_note": {
        "sv": "De svarta strecken visar 95 % konfidensintervall (Wilson).",
        "en": "The black whiskers show 95% confidence intervals (Wilson).",
    },
    "participation_change_heading": {"sv": "Förändring {first}–{last}",
                                     "en": "Change {first}–{last}"},
    "participation_change_heading_single": {"sv": "Förändring mellan valen",
                                            "en": "Change between elections"},
    "participation_change": {"sv": "Förändring", "en": "Change"},
    "participation_reading": {"sv": "Bedömning", "en": "Reading"},
    "participation_overlap": {"sv": "(överlappande 95 %-intervall)",
                              "en": "(overlapping 95% intervals)"},
    "participation_more": {
        "sv": "och {count} till (se tabellen)",
        "en": "and {count} more (see the table)",
    },
    "participation_suppressed_names": {"sv": "skyddade (..): {names}",
                                       "en": "suppressed (..): {names}"},
    "participation_no_change_data": {
        "sv": "{first}–{last}: inga distrikt med publicerade värden båda åren.",
        "en": "{first}–{last}: no district with published values in both years.",
    },
    "participation_one_year": {
        "sv": "{election}: bara ett valår ({year}) finns i datamängden, så ingen förändring kan "
              "visas.",
        "en": "{election}: only one election year ({year}) is in the dataset, so no change can "
              "be shown.",
    },
    "participation_sex_heading": {"sv": "Kvinnor och män", "en": "Women and men"},
    "participation_gap": {"sv": "Skillnad (kvinnor − män)", "en": "Gap (women − men)"},
    "participation_gap_sentence": {
        "sv": "{indicator} {year}: kvinnor har lägre värde än män i {lower} av {count} distrikt, "
              "högre i {higher} och samma i {equal}; störst skillnad i {largest} "
              "({largest_gap}), minst i {smallest} ({smallest_gap}).",
        "en": "{indicator} {year}: women have a lower value than men in {lower} of {count} "
              "districts, higher in {higher} and the same in {equal}; the largest gap is in "
              "{largest} ({largest_gap}), the smallest in {smallest} ({smallest_gap}).",
    },
    "participation_gap_sentence_same": {
        "sv": "{indicator} {year}: kvinnor har lägre värde än män i {lower} av {count} distrikt, "
              "högre i {higher} och samma i {equal}; skillnaden är {largest_gap} i alla "
              "(till exempel {largest} och {smallest}; {smallest_gap}).",
        "en": "{indicator} {year}: women have a lower value than men in {lower} of {count} "
              "districts, higher in {higher} and the same in {equal}; the gap is {largest_gap} "
              "in all of them (for example {largest} and {smallest}; {smallest_gap}).",
    },
    "participation_gap_none": {
        "sv": "{indicator} {year}: inget distrikt har publicerade värden för både kvinnor och män.",
        "en": "{indicator} {year}: no district has published values for both women and men.",
    },
    "participation_series_sentence": {
        "sv": "{area}: {indicator}, kvinnor {women} och män {men} ({year}); skillnad {gap} "
              "({first}: {first_gap}).",
        "en": "{area}: {indicator}, women {women} and men {men} ({year}); gap {gap} "
              "({first}: {first_gap}).",
    },
    "participation_series_none": {
        "sv": "{area}: {indicator}: inga år med publicerade värden för både kvinnor och män.",
        "en": "{area}: {indicator}: no year with published values for both women and men.",
    },
    "participation_illustrative_tail": {"sv": "(Illustrativa data.)",
                                        "en": "(Illustrative data.)"},
}
