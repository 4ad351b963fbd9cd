"""Strings of the district profile (pages/profile.py, indicators/views/profile.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "profile_choose_district": {"sv": "Distrikt", "en": "District"},
    "profile_no_districts": {"sv": "Datamängden har inga distrikt att visa.",
                             "en": "The dataset has no districts to show."},
    "profile_peer_settings": {
        "sv": "Hur liknande distrikt väljs (antal och vikter)",
        "en": "How similar districts are chosen (number and weights)",
    },
    "profile_k": {"sv": "Antal liknande distrikt", "en": "Number of similar districts"},
    "profile_w_income": {"sv": "Vikt: medianinkomst", "en": "Weight: median income"},
    "profile_w_age65": {"sv": "Vikt: andel 65 år och äldre", "en": "Weight: share aged 65+"},
    "profile_w_under20": {"sv": "Vikt: andel under 20 år", "en": "Weight: share under 20"},
    "profile_w_size": {"sv": "Vikt: storlek (röstberättigade)",
                       "en": "Weight: size (eligible voters)"},
    "profile_headline_no_data": {"sv": "{area}: inga data för {indicator}.",
                                 "en": "{area}: no data for {indicator}."},
    "profile_headline_suppressed": {
        "sv": "{area}: {indicator} {year} visas inte (..): för få personer för att visas.",
        "en": "{area}: {indicator} {year} is not shown (..): too few people to show.",
    },
    "profile_headline_missing": {"sv": "{area}: inga data för {indicator} ({year}).",
                                 "en": "{area}: no data for {indicator} ({year})."},
    "profile_change_increase": {
        "sv": "Tydlig ökning {start}–{end}: de 95-procentiga konfidensintervallen "
              "överlappar inte.",
        "en": "A clear increase {start}–{end}: the 95% confidence intervals do not overlap.",
    },
    "profile_change_decrease": {
        "sv": "Tydlig minskning {start}–{end}: de 95-procentiga konfidensintervallen "
              "överlappar inte.",
        "en": "A clear decrease {start}–{end}: the 95% confidence intervals do not overlap.",
    },
    "profile_change_no_clear_change": {
        "sv": "Ingen tydlig förändring {start}–{end}: de 95-procentiga konfidensintervallen "
              "överlappar.",
        "en": "No clear change {start}–{end}: the 95% confidence intervals overlap.",
    },
    "profile_share_hint": {
        "sv": "Dela eller skriv ut: adressen i webbläsarens adressfält återskapar exakt den här "
              "vyn (distrikt, språk och val av liknande distrikt).",
        "en": "Share or print: the address in your browser's address bar reopens exactly this "
              "view (district, language and choice of similar districts).",
    },
    "profile_scorecard_heading": {"sv": "Jämfört med staden och liknande distrikt",
                                  "en": "Compared with the city and similar districts"},
    "profile_scorecard_intro": {
        "sv": "Senaste år för varje indikator (båda könen). Stadens värde är hela kommunens, "
              "räknat som distriktens (valdeltagande utan förtidsröster som inget valdistrikt "
              "har; Valmyndighetens officiella siffra visas under Delaktighet); där det saknas "
              "visas medianen för alla distrikt. Poängen 0–100 mäts mot fasta "
              "ankare. ”..” betyder skyddat (för få personer), ”inga data” att värde saknas.",
        "en": "Latest year of each indicator (both sexes). The city value is the whole "
              "municipality's, computed like the districts' (turnout without early votes that no "
              "voting district holds; Valmyndigheten's official figure is on Participation); "
              "where there is none, the median of all districts is shown. "
              "Scores 0–100 are measured against fixed anchors. “..” means suppressed (too few "
              "people), “no data” that no value exists.",
    },
    "profile_reading_context": {"sv": "– Bakgrund (bedöms inte)", "en": "– Context (not judged)"},
    "profile_city_median_note": {"sv": "(median av distrikten)", "en": "(median of districts)"},
    "profile_illustrative_mark": {"sv": "[illustrativ]", "en": "[illustrative]"},
    "profile_col_district": {"sv": "Distriktet", "en": "District"},
    "profile_col_city": {"sv": "Staden", "en": "City"},
    "profile_col_peers": {"sv": "Liknande distrikt (median)", "en": "Similar districts (median)"},
    "profile_col_score": {"sv": "Poäng 0–100", "en": "Score 0–100"},
    "profile_col_reading": {"sv": "Jämfört med liknande", "en": "Against similar districts"},
    "profile_col_status": {"sv": "Anmärkning", "en": "Note"},
    "profile_col_city_basis": {"sv": "Stadens värde avser", "en": "City value is"},
    "profile_col_interval": {"sv": "95 % konfidensintervall", "en": "95% confidence interval"},
    "profile_col_distance": {"sv": "Avstånd", "en": "Distance"},
    "profile_this_district": {"sv": "(detta distrikt)", "en": "(this district)"},
    "profile_col_kind": {"sv": "Nivå", "en": "Level"},
    "profile_col_group": {"sv": "Sammanvägning", "en": "Composite"},
    "profile_col_coverage": {"sv": "Täckning", "en": "Coverage"},
    "profile_col_illustrative": {"sv": "Bygger på illustrativa data",
                                 "en": "Uses illustrative data"},
    "profile_coverage": {"sv": "{available} av {expected} ({share})",
                         "en": "{available} of {expected} ({share})"},
    "profile_below_coverage": {"sv": "ingen poäng (för få indikatorer)",
                               "en": "no score (too few indicators)"},
    "profile_not_scored": {"sv": "poängsätts inte", "en": "not scored"},
    "profile_yes": {"sv": "ja", "en": "yes"},
    "profile_kind_index": {"sv": "Index", "en": "Index"},
    "profile_kind_dimension": {"sv": "Dimension", "en": "Dimension"},
    "profile_kind_component": {"sv": "Komponent", "en": "Component"},
    "profile_kind_theme": {"sv": "Tema", "en": "Theme"},
    "profile_index_name": {"sv": "Socialt framstegsindex", "en": "Social progress index"},
    "profile_composites_heading": {"sv": "Sammanvägda poäng", "en": "Composite scores"},
    "profile_spi_basic_human_needs": {"sv": "Grundläggande mänskliga behov",
                                      "en": "Basic human needs"},
    "profile_spi_foundations_of_wellbeing": {"sv": "Grunder för välbefinnande",
                                             "en": "Foundations of wellbeing"},
    "profile_spi_opportunity": {"sv": "Möjligheter", "en": "Opportunity"},
    "profile_spi_nutrition_and_basic_medical_care": {"sv": "Näring och grundläggande vård",
                                                     "en": "Nutrition and basic medical care"},
    "profile_spi_water_and_sanitation": {"sv": "Vatten och sanitet", "en": "Water and sanitation"},
    "profile_spi_shelter": {"sv": "Bostad", "en": "Shelter"},
    "profile_spi_personal_safety": {"sv": "Personlig trygghet", "en": "Personal safety"},
    "profile_spi_access_to_basic_knowledge": {"sv": "Tillgång till grundläggande kunskap",
                                              "en": "Access to basic knowledge"},
    "profile_spi_access_to_information_and_communications": {
        "sv": "Tillgång till information och kommunikation",
        "en": "Access to information and communications"},
    "profile_spi_health_and_wellness": {"sv": "Hälsa och välbefinnande",
                                        "en": "Health and wellness"},
    "profile_spi_environmental_quality": {"sv": "Miljökvalitet", "en": "Environmental quality"},
    "profile_spi_personal_rights": {"sv": "Personliga rättigheter", "en": "Personal rights"},
    "profile_spi_personal_freedom_and_choice": {"sv": "Personlig frihet och valfrihet",
                                                "en": "Personal freedom and choice"},
    "profile_spi_inclusiveness": {"sv": "Inkludering", "en": "Inclusiveness"},
    "profile_spi_access_to_advanced_education": {"sv": "Tillgång till högre utbildning",
                                                 "en": "Access to advanced education"},
    "profile_peers_heading": {"sv": "Liknande distrikt", "en": "Similar districts"},
    "profile_peers_intro": {
        "sv": "De {n} distrikt som mest liknar detta i socioekonomisk områdestyp, åldersstruktur "
              "och storlek (standardiserade värden, vägda enligt inställningarna ovan; kortast "
              "avstånd först). Ett distrikt som saknar någon uppgift jämförs på de uppgifter som "
              "finns.",
        "en": "The {n} districts most like this one in socio-economic area type, age structure "
              "and size (standardised values, weighted as set above; shortest distance first). "
              "A district lacking a variable is compared on the variables it has.",
    },
    "profile_no_context": {
        "sv": "{area} saknar uppgifter att jämföra med andra distrikt, så inga liknande distrikt "
              "kan väljas.",
        "en": "{area} has no values to compare with other districts, so no similar districts "
              "can be chosen.",
    },
    "profile_weights_zero": {
        "sv": "Alla vikter var 0; lika vikter används i stället.",
        "en": "All weights were 0; equal weights are used instead.",
    },
    "profile_strength_list": {"sv": "Styrkor jämfört med liknande distrikt",
                          "en": "Strengths compared with similar districts"},
    "profile_weakness_list": {"sv": "Svagheter jämfört med liknande distrikt",
                           "en": "Weaknesses compared with similar districts"},
    "profile_none": {"sv": "inga", "en": "none"},
    "profile_series_heading": {"sv": "Över tid", "en": "Over time"},
    "profile_interval_note": {
        "sv": "Det skuggade bandet är ett 95-procentigt konfidensintervall (Wilson). En "
              "förändring kallas tydlig bara när intervallen inte överlappar.",
        "en": "The shaded band is a 95% confidence interval (Wilson). A change is called clear "
              "only when the intervals do not overlap.",
    },
    "profile_series_suppressed": {
        "sv": "{area}: {indicator} visas inte (..) eftersom för få personer ingår.",
        "en": "{area}: {indicator} is not shown (..) because too few people are included.",
    },
    "profile_series_short": {
        "sv": "{area}: {indicator}: för få år med värden för att visa en utveckling.",
        "en": "{area}: {indicator}: too few years with values to show a trend.",
    },
    "profile_more_series": {"sv": "Fler indikatorer över tid", "en": "More indicators over time"},
    "profile_choose_series": {"sv": "Indikator att visa över tid",
                              "en": "Indicator to show over time"},
    "profile_growth_heading": {"sv": "Andel av stadens tillväxt",
                               "en": "Share of the city's growth"},
    "profile_growth_sentence_population": {
        "sv": "{area}: folkmängden (SCB, härledd per distrikt) förändrades med {change} "
              "{start}–{end}, {share} av förändringen i alla distrikt tillsammans ({total}).",
        "en": "{area}: the population (Statistics Sweden, derived per district) changed by "
              "{change} {start}–{end}, {share} of the change in all districts together ({total}).",
    },
    "profile_growth_sentence": {
        "sv": "{area}: antalet röstberättigade förändrades med {change} {start}–{end}, "
              "{share} av förändringen i alla distrikt tillsammans ({total}).",
        "en": "{area}: the number of eligible voters changed by {change} {start}–{end}, "
              "{share} of the change in all districts together ({total}).",
    },
    "profile_growth_no_total": {
        "sv": "{area}: antalet röstberättigade förändrades med {change} {start}–{end}; "
              "distrikten tillsammans förändrades inte ({total}), så ingen andel kan räknas "
              "({share}).",
        "en": "{area}: the number of eligible voters changed by {change} {start}–{end}; the "
              "districts together did not change ({total}), so no share can be computed "
              "({share}).",
    },
    "profile_growth_none": {
        "sv": "{area}: det finns inte två år med röstberättigade att jämföra.",
        "en": "{area}: there are not two years of eligible voters to compare.",
    },
    "profile_growth_proxy": {
        "sv": "Ungefärligt mått: röstberättigade är vuxna svenska medborgare, inte hela "
              "befolkningen. Barn och de som inte är svenska medborgare räknas inte, så "
              "andelen visar riktningen, inte den exakta befolkningstillväxten.",
        "en": "A proxy: eligible voters are adult Swedish citizens, not the whole population. "
              "Children and people who are not Swedish citizens are not counted, so the share "
              "shows the direction, not the exact population growth.",
    },
}
