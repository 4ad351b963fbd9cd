"""Strings of the Climate page (pages/climate.py, indicators/climate_view.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "climate_linear_note": {
        "sv": "Målet är noll, och en årlig tillväxttakt (CAGR) går inte att räkna mot noll. "
              "Därför används den linjära formen: den genomsnittliga årliga förändringen sedan "
              "basåret jämförs med den årliga förändring som krävs för att nå noll i tid.",
        "en": "The target is zero, and an annual growth rate (CAGR) cannot be computed towards "
              "zero. The linear form is used instead: the average annual change since the base "
              "year is compared with the annual change needed to reach zero on time.",
    },
    "climate_sectors_heading": {"sv": "Utsläpp per sektor", "en": "Emissions by sector"},
    "climate_sector_sentence": {
        "sv": "{year} var den största delen {sector}: {value} ({share} av alla sektorer). Sedan "
              "{base} har summan av alla sektorer ändrats med {total_change} och {sector} med "
              "{sector_change}.",
        "en": "In {year} the largest part was {sector}: {value} ({share} of all sectors). Since "
              "{base}, the sum of all sectors has changed by {total_change} and {sector} by "
              "{sector_change}.",
    },
    "climate_no_sectors": {"sv": "Det finns inga utsläpp per sektor i datamängden.",
                           "en": "The dataset has no emissions by sector."},
    "climate_no_data": {"sv": "{indicator}: inga uppgifter i datamängden.",
                        "en": "{indicator}: no figures in the dataset."},
    "climate_per_capita_heading": {"sv": "Utsläpp per invånare",
                                   "en": "Emissions per inhabitant"},
    "climate_path_heading": {"sv": "Vägen till klimatneutralitet",
                             "en": "The path to climate neutrality"},
    "climate_per_year": {"sv": " per år", "en": " a year"},
    "climate_cut_needed": {"sv": "Årlig förändring som krävs från {year}",
                           "en": "Annual change needed from {year}"},
    "climate_path_from": {"sv": "Rak linje till noll från {year}",
                          "en": "Straight line to zero from {year}"},
    "climate_target_marker": {"sv": "Noll år {year}", "en": "Zero in {year}"},
    "climate_path_sentence": {
        "sv": "För att nå noll år {target_year} från {latest} ({latest_year}) behöver utsläppen "
              "ändras med {cut}, ungefär {times} gånger den genomsnittliga förändringen sedan "
              "{base_year} ({observed}).",
        "en": "Reaching zero by {target_year} from {latest} ({latest_year}) takes a change of "
              "{cut}, about {times} times the average change since {base_year} ({observed}).",
    },
    "climate_cars_heading": {"sv": "Bilar och elbilar", "en": "Cars and electric cars"},
    "climate_one_year": {
        "sv": "Bara ett år ({year}) finns i datamängden, så ingen utveckling över tid kan visas.",
        "en": "Only one year ({year}) is in the dataset, so no trend over time can be shown.",
    },
}
