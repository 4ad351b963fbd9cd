"""Strings of the kiosk (pages/kiosk.py, indicators/views/kiosk*.py): short, plain, large on
screen."""

STRINGS: dict[str, dict[str, str]] = {
    # Each start button speaks its own language: the Swedish one starts in Swedish, the English
    # one in English (the same key, read in each language).
    "kiosk_start": {"sv": "▶ Tryck för att börja", "en": "▶ Tap to start (English)"},
    "kiosk_language_name": {"sv": "Svenska", "en": "English"},
    "kiosk_welcome": {"sv": "Umeå i siffror", "en": "Umeå in figures"},
    "kiosk_slide_position": {"sv": "Bild {index} av {count}", "en": "Slide {index} of {count}"},
    "kiosk_home": {"sv": "⟲ Börja om", "en": "⟲ Start over"},
    "kiosk_back": {"sv": "← Välj ett annat område", "en": "← Choose another area"},
    "kiosk_choose_heading": {"sv": "Välj ditt område", "en": "Choose your area"},
    "kiosk_choose_hint": {
        "sv": "Tryck på kartan eller på ett namn. Kartan visar Umeås {count} områden; samma "
              "områden finns som knappar nedanför.",
        "en": "Tap the map or a name. The map shows Umeå's {count} areas; the same areas are "
              "buttons below.",
    },
    "kiosk_legend_selected": {"sv": "Valt område", "en": "Chosen area"},
    "kiosk_legend_other": {"sv": "Andra områden", "en": "Other areas"},
    "kiosk_open_district": {"sv": "Visa {name}", "en": "Show {name}"},
    "kiosk_focus_title": {"sv": "I fokus: {name}", "en": "In focus: {name}"},
    "kiosk_card_facts": {"sv": "Siffror om området", "en": "Figures about the area"},
    # goals
    "kiosk_population_now": {"sv": "Invånare {year}", "en": "Inhabitants in {year}"},
    "kiosk_population_needed": {"sv": "Fler invånare som behövs per år till {year}",
                                "en": "More inhabitants needed a year until {year}"},
    "kiosk_population_recent": {"sv": "Fler invånare per år {start}–{end}",
                                "en": "More inhabitants a year {start}–{end}"},
    "kiosk_emissions_now": {"sv": "Utsläpp {year}, ton CO₂e",
                            "en": "Emissions in {year}, tonnes CO₂e"},
    "kiosk_emissions_change": {"sv": "Förändring sedan {year}", "en": "Change since {year}"},
    "kiosk_emissions_needed": {"sv": "Minskning som behövs per år till {year}, ton CO₂e",
                               "en": "Cut needed a year until {year}, tonnes CO₂e"},
    "kiosk_climate_sentence": {
        "sv": ("Umeås utsläpp var {latest} år {year}, {change} jämfört med {base_year}. För att "
               "nå målet, {target} år {target_year}, behöver de minska med {required} per år; "
               "sedan {base_year} har de i snitt minskat med {observed} per år."),
        "en": ("Umeå's emissions were {latest} in {year}, {change} compared with {base_year}. To "
               "reach the target, {target} in {target_year}, they must fall by {required} a year; "
               "since {base_year} they have fallen by {observed} a year on average."),
    },
    "kiosk_climate_sentence_rising": {
        "sv": ("Umeås utsläpp var {latest} år {year}, {change} jämfört med {base_year}. För att "
               "nå målet, {target} år {target_year}, behöver de minska med {required} per år; "
               "sedan {base_year} har de i snitt ökat med {observed} per år."),
        "en": ("Umeå's emissions were {latest} in {year}, {change} compared with {base_year}. To "
               "reach the target, {target} in {target_year}, they must fall by {required} a year; "
               "since {base_year} they have risen by {observed} a year on average."),
    },
    # participation
    "kiosk_participation_title": {"sv": "{indicator} {year}: hur många röstade?",
                                  "en": "{indicator} {year}: how many voted?"},
    "kiosk_city": {"sv": "Hela Umeå", "en": "All of Umeå"},
    "kiosk_highest": {"sv": "Högst: {name}", "en": "Highest: {name}"},
    "kiosk_lowest": {"sv": "Lägst: {name}", "en": "Lowest: {name}"},
    # district card
    "kiosk_area_type_value": {"sv": "Typ {value} av 5", "en": "Type {value} of 5"},
    "kiosk_area_type_scale": {
        "sv": "SCB:s skala: 1 = stora socioekonomiska utmaningar, 5 = mycket goda "
              "socioekonomiska förutsättningar.",
        "en": "Statistics Sweden's scale: 1 = major socio-economic challenges, 5 = very good "
              "socio-economic conditions.",
    },
    "kiosk_no_data": {"sv": "{area}: inga data om {indicator} ({year}).",
                      "en": "{area}: no data on {indicator} ({year})."},
    "kiosk_suppressed": {
        "sv": "{area}: {indicator} visas inte ({year}), för få personer för att skydda dem.",
        "en": "{area}: {indicator} is not shown ({year}): too few people to protect them.",
    },
    # pulse
    "kiosk_pulse_heading": {"sv": "Tyck till!", "en": "Have your say!"},
    "kiosk_pulse_about": {"sv": "Om {area}:", "en": "About {area}:"},
    # the privacy note; the full rule is in indicators/data/pulse.py
    "kiosk_pulse_anonymous": {
        "sv": ("Ditt svar sparas anonymt: bara område, svar och dag, inget om dig. Mot fusk "
               "räknas svaren per kiosk och minut i ett dygn; svar som kommer för tätt eller ser "
               "automatiska ut tas inte med."),
        "en": ("Your answer is stored anonymously: only area, answer and day, nothing about you. "
               "Against cheating, answers are counted per kiosk and minute for a day; answers "
               "that come too often or look automated are not counted."),
    },
    "kiosk_pulse_thanks": {"sv": "Tack för ditt svar!", "en": "Thank you for your answer!"},
    "kiosk_pulse_already": {"sv": "Du har redan svarat på frågan. Tack!",
                            "en": "You have already answered this question. Thank you!"},
    "kiosk_pulse_busy": {"sv": "Många svar just nu. Försök igen om en minut.",
                         "en": "Many answers right now. Please try again in a minute."},
    "kiosk_pulse_result": {
        "sv": "{area}: {n} svar hittills; {share} svarade {positive}.",
        "en": "{area}: {n} answers so far; {share} answered {positive}.",
    },
    "kiosk_pulse_too_few": {
        "sv": "{area}: för få svar för att visa ännu (resultat visas från {k} svar).",
        "en": "{area}: too few answers to show yet (results are shown from {k} answers).",
    },
    "kiosk_or": {"sv": "eller", "en": "or"},
    # idle warning
    "kiosk_warning_heading": {"sv": "Är du kvar?", "en": "Still there?"},
    "kiosk_warning_button": {"sv": "Tryck för att fortsätta", "en": "Tap to continue"},
    "kiosk_warning_countdown": {
        "sv": "Annars börjar skärmen om om {seconds} sekunder.",
        "en": "Otherwise the screen starts over in {seconds} seconds.",
    },
}
