"""The printable district profile: one A4 page (two at most) a politician brings to a meeting.

The page holds, in the chosen language (sv/en): the profile's generated sentence; both city
goals' verdicts (the word with an icon-free step marker, base and latest year, R) read from the
published `verdict` table as the Overview does; the district's key figures against the city and
similar districts with the strength/weakness reading (the profile's own table, never cut: a long
table flows onto a second page with its header repeated); two or three small charts; the
strengths and weaknesses in words; sources with licences, quality flags and the dataset version;
and the address of the live view with a QR code.

Libraries, chosen to run offline inside the app's process:
- **fpdf2** writes the PDF (pure Python; embeds and subsets a TrueType font, splits tables
  across pages). Fonts: Debian's DejaVu Sans (package fonts-dejavu-core), which has å ä ö,
  "–", "−", "₂", "≈", "▲" and "▼". Without it the PDF falls back to the built-in Helvetica and
  every character outside Latin-1 is replaced by a plain equivalent ("–" → "-").
- **matplotlib** (Agg, object API, no pyplot state: safe on Streamlit's download thread) draws
  the charts as PNG. kaleido would reuse the plotly figures but starts a Chromium per app
  process (~3 s cold, a browser's memory per replica, and Chromium becomes a runtime
  dependency of every server); the print charts are small line charts that need none of that.
- **segno** makes the QR code; it is drawn as vector squares, sharp at any printer resolution.

Pure: no Streamlit. The page gathers the data (``report``) and hands ``build`` to the download
button, which runs it when clicked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from indicators.data.bilingual import Bilingual
from indicators.data.catalogue import Catalogue, Indicator
from indicators.text import narratives
from indicators.text.i18n import translate
from indicators.views import profile
from indicators.views.cells import suppressed
from indicators.views.goals import goal_summary
from indicators.views.profile_pdf_render import COMPACT, FONT_DIR, REGULAR, font_files, render

TABLES = ("target", "verdict", "source")  # the published tables the printed profile reads
LIVE_PARAMS = ("district", "lang", "k", *profile.CONTEXT_VARIABLES)  # what the view depends on


# --- the report: everything the page prints, already in words ---------------------------------

@dataclass(frozen=True)
class Goal:
    """One city goal's verdict as printed (no icons: the step marker carries the reading)."""

    name: str
    status: str
    word: str
    years: str              # "Basår 2015 · senaste år 2025 · R = 0,79"
    rates: str              # "Faktisk takt: … · Nödvändig takt: …"
    weather: str | None     # the five-year reading in words


@dataclass(frozen=True)
class Chart:
    """A small time series: the district (and the city when given), intervals where known."""

    title: str              # the indicator's name with its unit
    series: pd.DataFrame    # area_name, year, value (NaN: a gap), optional low/high
    district: str

    @property
    def has_trend(self) -> bool:
        """At least two published values of the district: something changes over time."""
        own = self.series[self.series["area_name"] == self.district]
        return int(own["value"].notna().sum()) >= 2


@dataclass(frozen=True)
class ProfileReport:
    lang: str
    district: str
    sentence: str
    change: str | None
    goals: tuple[Goal, ...]
    table: pd.DataFrame               # the profile's scorecard as shown on screen
    strengths: str
    weaknesses: str
    charts: tuple[Chart, ...]
    sources: tuple[str, ...]          # "Producer: title. Licence: …."
    quality: tuple[str, ...]
    dataset: str
    url: str
    illustrative: bool = False


def live_url(base: str | None, params: Mapping[str, str], page: str = "profile") -> str:
    """The live view's address with the profile's own query parameters (``LIVE_PARAMS``; any
    other key a link carried is left out). ``base`` is the app's address as the browser sees
    it (None outside a browser session: then a path relative to the app)."""
    query = urlencode({k: str(params[k]) for k in LIVE_PARAMS if k in params})
    address = (base or f"/{page}").rstrip("?")
    return f"{address}?{query}" if query else address


def _without_icon(text: str) -> str:
    """Drop a leading status icon ("⛈ Femårsprognos …" → "Femårsprognos …")."""
    head, _, rest = text.partition(" ")
    return rest if head in narratives.STATUS_ICONS.values() else text


def goals(targets: pd.DataFrame, verdicts: pd.DataFrame, catalogue: Catalogue,
          lang: str) -> tuple[Goal, ...]:
    """Each target's published verdict (``verdict`` rows by ``target_id``), in words."""
    by_target = verdicts.dropna(subset=["target_id"]).set_index("target_id")
    out = []
    for target in targets.itertuples():
        if target.target_id not in by_target.index:
            continue
        indicator = catalogue.indicator(target.indicator_id)
        name = Bilingual.of(target, "name")(lang)
        summary = goal_summary(by_target.loc[target.target_id], name, indicator.unit,
                               0, lang)
        status = summary.verdict.status
        out.append(Goal(
            name=name, status=status, word=narratives.status_label(lang, status),
            years=translate("pdf_goal_years", lang, base=summary.base_year,
                            latest=summary.latest_year, ratio=summary.ratio),
            rates=summary.rates,
            weather=None if summary.weather_text is None else _without_icon(summary.weather_text),
        ))
    return tuple(out)


def chart(indicator: Indicator, series: pd.DataFrame, district: str, lang: str) -> Chart:
    """A chart of ``series`` (observations of one indicator, one or more areas)."""
    columns = [c for c in ("area_name", "year", "value", "low", "high") if c in series]
    data = series[columns].copy()
    data.loc[suppressed(series).to_numpy(), "value"] = float("nan")
    unit = translate(f"unit_{indicator.unit}", lang)
    return Chart(f"{indicator.name(lang)} ({unit})", data, district)


def growth_chart(catalogue: Catalogue, observations: pd.DataFrame, area_id: str, district: str,
                 lang: str, indicator_id: str = profile.GROWTH_PROXY) -> list[Chart]:
    """The district's growth series (district population, or the proxy
    ``profile.GROWTH_PROXY`` where a dataset has none) as a one-chart list, or [] when the
    catalogue has no such indicator."""
    if indicator_id not in catalogue:
        return []
    own = observations[observations["area_id"] == area_id]
    if "sex" in own:
        own = own[own["sex"] == "total"]
    return [chart(catalogue.indicator(indicator_id), own, district, lang)]


def report(*, lang: str, district: str, headline: profile.Headline, change: str | None,
           rows: pd.DataFrame, catalogue: Catalogue, tables: Mapping[str, pd.DataFrame],
           dataset: Mapping[str, object], charts: Sequence[Chart], url: str) -> ProfileReport:
    """Everything the printed profile shows, from what the profile page already has: the
    headline, the scorecard rows (``profile.scorecard``), the published ``TABLES`` (target,
    verdict, source) and the dataset row. Charts with fewer than two published values of the
    district are left out (one point is no change over time)."""
    sources = tables["source"]
    strengths, weaknesses = profile.strengths_and_weaknesses(rows)
    none = translate("profile_none", lang)
    used = [s for s in dict.fromkeys(rows["source_id"].dropna()) if s in set(sources["source_id"])]
    by_id = sources.set_index("source_id")
    source_lines = tuple(
        f"{by_id.loc[s, 'producer']}: {by_id.loc[s, f'title_{lang}']}. "
        f"{translate('licence', lang)}: {by_id.loc[s, 'licence']}." for s in used)
    counts = rows["quality"].dropna().value_counts()
    quality = [translate("pdf_quality_counts", lang, counts=", ".join(
        f"{translate(f'quality_{q}', lang).lower()} {n}" for q, n in counts.items()))
               ] if len(counts) else []
    if rows["suppressed"].any():
        quality.append(translate("pdf_suppressed_note", lang))
    illustrative = bool(rows["illustrative"].any())
    built = pd.Timestamp(dataset["built_at"]).strftime("%Y-%m-%d")
    return ProfileReport(
        lang=lang, district=district, sentence=headline.sentence, change=change,
        goals=goals(tables["target"], tables["verdict"], catalogue, lang),
        table=profile.scorecard_table(rows, catalogue, lang),
        strengths=", ".join(catalogue.indicator(i).name(lang) for i in strengths) or none,
        weaknesses=", ".join(catalogue.indicator(i).name(lang) for i in weaknesses) or none,
        charts=tuple(c for c in charts if c.has_trend)[:3], sources=source_lines,
        quality=tuple(quality),
        dataset=translate("pdf_printed", lang, name=dataset["name"], version=dataset["version"],
                          built=built),
        url=url, illustrative=illustrative)


def build(report: ProfileReport, *, fonts_dir: Path = FONT_DIR) -> bytes:
    """The profile as PDF bytes: one A4 page for the usual profile. When the regular sizes run
    onto a second page, the compact ones (smaller charts, a tighter table) are tried; a long
    scorecard (or the Latin-1 fallback's wider text) may still flow onto a second page."""
    fonts = font_files(fonts_dir)
    pdf = render(report, fonts, REGULAR)
    if pdf.page_no() > 1:
        compact = render(report, fonts, COMPACT)
        if compact.page_no() < pdf.page_no():
            pdf = compact
    return bytes(pdf.output())


def file_name(code: str, lang: str) -> str:
    return f"{translate('pdf_file_stem', lang)}_{code}.pdf"

