"""Strings of the printable district profile (indicators/views/profile_pdf.py) and of the downloads
(indicators/views/downloads.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "download_pdf": {"sv": "Ladda ner PDF (en sida)", "en": "Download PDF (one page)"},
    "pdf_file_stem": {"sv": "distriktsprofil", "en": "district_profile"},
    "profile_print_note": {
        "sv": "Utskrift: PDF:en är profilens utskriftsversion – en A4-sida med mål, tabell, "
              "diagram, källor och en QR-kod tillbaka hit.",
        "en": "Printing: the PDF is the profile's print version – one A4 page with goals, table, "
              "charts, sources and a QR code back to this view.",
    },
    "download_unrounded": {"sv": "{column} (oavrundat)", "en": "{column} (unrounded)"},
    "download_retrieved": {"sv": "Hämtad", "en": "Retrieved"},
    "download_dataset_built": {"sv": "Datamängden byggd", "en": "Dataset built"},
    "pdf_kicker": {"sv": "Umeå kommun · Distriktsprofil",
                   "en": "Umeå municipality · District profile"},
    "pdf_printed": {"sv": "Datamängd {name}, version {version}, byggd {built}",
                    "en": "Dataset {name}, version {version}, built {built}"},
    "pdf_running": {"sv": "{area} · Distriktsprofil · sida {page} av {pages}",
                    "en": "{area} · District profile · page {page} of {pages}"},
    "pdf_goals_heading": {"sv": "Stadens två mål (hela kommunen)",
                          "en": "The city's two goals (whole municipality)"},
    "pdf_goal_years": {"sv": "Basår {base} · senaste år {latest} · R = {ratio}",
                       "en": "Base year {base} · latest year {latest} · R = {ratio}"},
    "pdf_goal_scale": {
        "sv": "Stegen: 5 = målet nått, 4 = i fas (R ≥ 0,95), 3 = ökad takt behövs "
              "(0,60–0,95), 2 = begränsade framsteg (0–0,60), 1 = försämring (R < 0), "
              "0 = otillräckliga data. R = faktisk takt delad med nödvändig takt.",
        "en": "Steps: 5 = target achieved, 4 = on track (R ≥ 0.95), 3 = acceleration needed "
              "(0.60–0.95), 2 = limited progress (0–0.60), 1 = deterioration (R < 0), "
              "0 = insufficient data. R = observed pace divided by the pace needed.",
    },
    "pdf_step": {"sv": "steg {step} av 5", "en": "step {step} of 5"},
    "pdf_table_heading": {"sv": "Distriktet jämfört med staden och liknande distrikt",
                          "en": "The district compared with the city and similar districts"},
    "pdf_table_note": {
        "sv": "Senaste år för varje indikator, båda könen. ”..” = skyddat (för få personer); "
              "”Inga data” = värde saknas; * = median av distrikten (staden saknar eget värde). "
              "Poäng 0–100 mot fasta ankare.",
        "en": "Latest year of each indicator, both sexes. “..” = suppressed (too few people); "
              "“No data” = no value; * = median of the districts (no value for the city). "
              "Scores 0–100 against fixed anchors.",
    },
    "pdf_charts_heading": {"sv": "Utveckling över tid", "en": "Change over time"},
    "pdf_sources_heading": {"sv": "Källor", "en": "Sources"},
    "pdf_quality_heading": {"sv": "Kvalitet", "en": "Quality"},
    "pdf_quality_counts": {"sv": "Tabellens värden: {counts}.",
                           "en": "Values in the table: {counts}."},
    "pdf_suppressed_note": {
        "sv": "Några värden är skyddade (..) för att ingen person ska kunna identifieras.",
        "en": "Some values are suppressed (..) so that no person can be identified.",
    },
    "pdf_link_heading": {"sv": "Öppna den levande vyn", "en": "Open the live view"},
    "pdf_link_note": {
        "sv": "Skanna koden eller skriv in adressen: samma distrikt, språk och val av "
              "liknande distrikt, med de senaste data.",
        "en": "Scan the code or type the address: the same district, language and choice of "
              "similar districts, with the latest data.",
    },
    "pdf_no_charts": {"sv": "Inga tidsserier för distriktet.",
                      "en": "No time series for the district."},
}
