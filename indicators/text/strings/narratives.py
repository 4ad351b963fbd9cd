"""Strings of the generated sentences (indicators/text/narratives.py): the words of every
status (progress, weather, peer, change and what-if readings) and the sentence templates."""

STRINGS: dict[str, dict[str, str]] = {
    # the words of a status key (narratives.status_label)
    "status_target_achieved": {"sv": "Målet nått", "en": "Target achieved"},
    "status_on_track": {"sv": "I fas", "en": "On track"},
    "status_acceleration_needed": {
        "sv": "Framsteg, men ökad takt behövs",
        "en": "Progress, but acceleration needed",
    },
    "status_limited_progress": {"sv": "Begränsade framsteg", "en": "Limited progress"},
    "status_deterioration": {"sv": "Försämring", "en": "Deterioration"},
    "status_insufficient_data": {"sv": "Otillräckliga data", "en": "Insufficient data"},
    "status_sun": {"sv": "Sol: målet nås", "en": "Sun: target will be met"},
    "status_light_clouds": {
        "sv": "Lätta moln: nära målet",
        "en": "Light clouds: close to the target",
    },
    "status_clouds": {
        "sv": "Moln: rätt riktning men långt från målet",
        "en": "Clouds: right direction, far from the target",
    },
    "status_storm": {"sv": "Oväder: fel riktning", "en": "Storm: wrong direction"},
    "status_strength": {"sv": "Styrka", "en": "Strength"},
    "status_weakness": {"sv": "Svaghet", "en": "Weakness"},
    "status_similar": {"sv": "Som liknande områden", "en": "Similar to peers"},
    "status_increase": {"sv": "Ökning", "en": "Increase"},
    "status_decrease": {"sv": "Minskning", "en": "Decrease"},
    "status_no_clear_change": {"sv": "Ingen tydlig förändring", "en": "No clear change"},
    "status_target_reached": {"sv": "Målet nås", "en": "Target reached"},
    "status_target_missed": {"sv": "Målet nås inte", "en": "Target missed"},
    # sentence templates (narratives.*_sentence)
    "narrative_no_data": {
        "sv": "{area}: inga data för {indicator} ({year})",
        "en": "{area}: no data for {indicator} ({year})",
    },
    "narrative_since": {"sv": "{change} sedan {year}", "en": "{change} since {year}"},
    "narrative_no_clear_change": {
        "sv": "ingen tydlig förändring sedan {year} ({change})",
        "en": "no clear change since {year} ({change})",
    },
    "narrative_higher": {"sv": "högre än staden ({city})", "en": "higher than the city ({city})"},
    "narrative_lower": {"sv": "lägre än staden ({city})", "en": "lower than the city ({city})"},
    "narrative_same": {"sv": "samma som staden ({city})", "en": "the same as the city ({city})"},
    "narrative_synthetic": {"sv": " (illustrativa data)", "en": " (illustrative data)"},
    "narrative_verdict_target": {
        "sv": ("{goal}: {status} — {observed} per år {t0}–{t} mot {required} per år som krävs för "
               "att nå {target} år {target_year} ({ratio}{extra})"),
        "en": ("{goal}: {status} — {observed} a year {t0}–{t} against {required} a year required "
               "to reach {target} by {target_year} ({ratio}{extra})"),
    },
    "narrative_verdict_no_target": {
        "sv": ("{goal}: {status} — {observed} per år {t0}–{t} mot {required} per år som räknas "
               "som i fas (inget siffersatt mål)"),
        "en": ("{goal}: {status} — {observed} a year {t0}–{t} against {required} a year that "
               "counts as on track (no numeric target)"),
    },
    "narrative_verdict_insufficient": {
        "sv": "{goal}: {status} — minst 3 observationer under minst 4 år behövs, finns {have}",
        "en": ("{goal}: {status} — at least 3 observations over at least 4 years are needed, "
               "there are {have}"),
    },
    "narrative_verdict_undefined": {
        "sv": ("{goal}: {status} — utan siffersatt mål kan tillväxttakten inte beräknas för "
               "värden ≤ 0 ({t0}–{t})"),
        "en": ("{goal}: {status} — without a numeric target the growth rate cannot be computed "
               "for values ≤ 0 ({t0}–{t})"),
    },
    "narrative_none": {"sv": "inga", "en": "none"},
    "narrative_ratio_undefined": {"sv": "R ej definierat", "en": "R undefined"},
    "narrative_linear_zero": {
        "sv": "; linjär form eftersom målet är noll",
        "en": "; linear form because the target is zero",
    },
    "narrative_linear_nonpositive": {
        "sv": "; linjär form eftersom tillväxttakten inte är definierad för värden ≤ 0",
        "en": "; linear form because a growth rate is undefined for values ≤ 0",
    },
    "narrative_year_passed": {
        "sv": "; målåret har passerats",
        "en": "; the target year has passed",
    },
    "narrative_growth": {
        "sv": ("För att nå {target} invånare år {target_year} behövs en ökning med {rate} per år, "
               "i snitt {persons} per år; {recent}"),
        "en": ("Reaching {target} inhabitants by {target_year} takes growth of {rate} a year, on "
               "average {persons} a year; {recent}"),
    },
    "narrative_recent": {
        "sv": "{start}–{end} var förändringen i snitt {persons} per år ({rate} per år)",
        "en": "{start}–{end} the average change was {persons} a year ({rate} a year)",
    },
    "narrative_recent_more": {
        "sv": " och {start}–{end} {persons} per år ({rate} per år)",
        "en": " and {start}–{end} {persons} a year ({rate} a year)",
    },
    "narrative_ranking": {
        "sv": "{indicator} {year}: högst i {top} ({top_value}), lägst i {bottom} ({bottom_value})",
        "en": ("{indicator} {year}: highest in {top} ({top_value}), lowest in {bottom} "
               "({bottom_value})"),
    },
    "narrative_trend_up": {
        "sv": "{area}: {indicator} ökade från {first} ({y0}) till {last} ({y1}), {change}",
        "en": "{area}: {indicator} rose from {first} ({y0}) to {last} ({y1}), {change}",
    },
    "narrative_trend_down": {
        "sv": "{area}: {indicator} minskade från {first} ({y0}) till {last} ({y1}), {change}",
        "en": "{area}: {indicator} fell from {first} ({y0}) to {last} ({y1}), {change}",
    },
    "narrative_trend_same": {
        "sv": "{area}: {indicator} {last} både {y0} och {y1}",
        "en": "{area}: {indicator} {last} in both {y0} and {y1}",
    },
    "narrative_trend_missing": {
        "sv": "{area}: {indicator}: data saknas för {y0} eller {y1}",
        "en": "{area}: {indicator}: no data for {y0} or {y1}",
    },
}
