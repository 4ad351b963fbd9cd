"""Strings of the Climate page (pages/climate.py, indicators/views/climate.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "climate_method_note": {
        "sv": "Nettonoll läses som i Sveriges klimatpolitiska ramverk: de territoriella utsläppen "
              "minst 85 % lägre än 1990, resten med kompletterande åtgärder. Målvärdet är därför "
              "15 % av 1990 års utsläpp år 2040, och bedömningen jämför den årliga "
              "förändringstakten sedan 1990 med den som krävs (Open SDG:s regel). Centrala Umeås "
              "mål 2030 och kommunkoncernens mål 2025 kan inte mätas med statistik för hela "
              "kommunen.",
        "en": "Net zero is read as in Sweden's climate policy framework: territorial emissions at "
              "least 85 % below 1990, the rest by supplementary measures. The target value is "
              "therefore 15 % of 1990's emissions in 2040, and the verdict compares the annual "
              "rate of change since 1990 with the rate required (Open SDG's rule). Central Umeå's "
              "2030 goal and the municipal group's 2025 goal cannot be measured with statistics "
              "for the whole municipality.",
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
    "climate_cut_needed": {"sv": "Årlig förändring som krävs från {year}",
                           "en": "Annual change needed from {year}"},
    "climate_path_from": {"sv": "Väg till målet från {year}",
                          "en": "Path to the target from {year}"},
    "climate_target_marker": {
        "sv": "Mål {year}: 15 % av 1990",
        "en": "Target {year}: 15 % of 1990",
    },
    "climate_path_sentence": {
        "sv": "För att nå {target} år {target_year} från {latest} ({latest_year}) behöver "
              "utsläppen i genomsnitt ändras med {cut}, ungefär {times} gånger den genomsnittliga "
              "förändringen sedan {base_year} ({observed}).",
        "en": "Reaching {target} by {target_year} from {latest} ({latest_year}) takes an average "
              "change of {cut}, about {times} times the average change since {base_year} "
              "({observed}).",
    },
    "climate_cars_heading": {"sv": "Bilar och elbilar", "en": "Cars and electric cars"},
    "climate_one_year": {
        "sv": "Bara ett år ({year}) finns i datamängden, så ingen utveckling över tid kan visas.",
        "en": "Only one year ({year}) is in the dataset, so no trend over time can be shown.",
    },
}
