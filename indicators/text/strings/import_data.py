"""Strings of the import page (office mode)."""

STRINGS = {
    "import_intro": {
        "sv": ("Ladda in nya siffror (CSV eller Excel i långt format), nya indikatorer (YAML) "
               "eller nya områden (GeoJSON eller GeoPackage), högst {limit} MB per fil. Allt "
               "kontrolleras först; om något är fel publiceras ingenting. Formatet beskrivs i "
               "docs/ingest.md."),
        "en": ("Load new figures (CSV or Excel in long format), new indicators (YAML) or new "
               "areas (GeoJSON or GeoPackage), at most {limit} MB per file. Everything is checked "
               "first; if anything is wrong, nothing is published. The format is described in "
               "docs/ingest.md."),
    },
    "import_pulse_heading": {
        "sv": "Medborgarpuls från kioskerna",
        "en": "Citizen pulse from the kiosks",
    },
    "import_pulse_text": {
        "sv": ("Kioskerna har samlat {answers} anonyma svar. Publicera dem som indikatorn ”Trivs "
               "i sitt område (medborgarpuls)”; distrikt med färre än 5 svar visas inte."),
        "en": ("The kiosks have collected {answers} anonymous answers. Publish them as the "
               "indicator “Likes living in their area (citizen pulse)”; districts with fewer than "
               "5 answers are not shown."),
    },
    "import_pulse_publish": {"sv": "Publicera medborgarpulsen", "en": "Publish the citizen pulse"},
    "import_files": {"sv": "Välj filer", "en": "Choose files"},
    "import_none": {"sv": "Inga filer valda ännu.", "en": "No files chosen yet."},
    "import_checking": {"sv": "Kontrollerar filerna …", "en": "Checking the files …"},
    "import_valid": {"sv": "Filerna är giltiga ({counts}). Granska och publicera.",
                     "en": "The files are valid ({counts}). Review and publish."},
    "import_invalid": {
        "sv": ("Filerna kan inte publiceras: {errors} fel. Rätta dem och försök igen; ingenting "
               "har ändrats."),
        "en": ("The files cannot be published: {errors} errors. Correct them and try again; "
               "nothing has changed."),
    },
    "import_report": {"sv": "Kontrollrapport", "en": "Validation report"},
    "import_preview": {"sv": "Förhandsvisning", "en": "Preview"},
    "import_table_observation": {"sv": "observationer", "en": "observations"},
    "import_table_indicator": {"sv": "indikatorer", "en": "indicators"},
    "import_table_area": {"sv": "områden", "en": "areas"},
    "import_publish": {"sv": "Publicera", "en": "Publish"},
    "import_publishing": {"sv": "Publicerar …", "en": "Publishing …"},
    "import_busy": {
        "sv": "En annan inläsning pågår. Försök igen om en stund; ingenting har ändrats.",
        "en": "Another import is running. Try again in a moment; nothing has changed.",
    },
    "import_conflict": {
        "sv": "Databasen har ändrats sedan filerna kontrollerades. Filerna kontrolleras igen.",
        "en": "The database changed after the files were checked. The files will be checked again.",
    },
    "import_failed": {"sv": "Publiceringen misslyckades; den publicerade databasen är oförändrad.",
                      "en": "Publishing failed; the published database is unchanged."},
    "import_published": {
        "sv": "Publicerat. Ny version {version}; sidorna visar de nya uppgifterna direkt.",
        "en": "Published. New version {version}; the pages show the new data right away.",
    },
}
