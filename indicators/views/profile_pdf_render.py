"""The printable district profile drawn: fonts, colours and sizes, the charts as PNG
(matplotlib), and the A4 page itself (fpdf2: goals, charts, the table, sources, QR code), from
the `profile_pdf.ProfileReport` that `profile_pdf` assembles. See profile_pdf for the choice of
libraries. Pure: no Streamlit."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators.data.bilingual import Bilingual
from indicators.text import narratives
from indicators.text.i18n import translate
from indicators.views.profile_pdf_charts import (
    ACCENT,
    HEADER_TINT,
    INK,
    MUTED,
    RULE,
    TINT,
    chart_png,
    hex_colour,
)

if TYPE_CHECKING:  # only for annotations: profile_pdf imports this module
    from indicators.views.profile_pdf import Goal, ProfileReport


PDF_LANGUAGE = Bilingual("sv-SE", "en-GB")  # the document language, for screen readers


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


FONT_FILES = {  # family → style → file
    "sans": {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"},
    "condensed": {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"},
}


# Verdict → step on the printed five-step marker (the scale is printed under the goals).
STEPS = {"target_achieved": 5, "on_track": 4, "acceleration_needed": 3, "limited_progress": 2,
         "deterioration": 1, "insufficient_data": 0}


LATIN1_REPLACEMENTS = {"–": "-", "—": "-", "−": "-", "₂": "2", "≈": "~", "▲": "+", "▼": "-",
                       "“": '"', "”": '"', "’": "'", "…": "...", "\u202f": " ", "≥": ">="}


PAGE_WIDTH, MARGIN = 210.0, 14.0


CONTENT = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Layout:
    """The sizes that decide whether a profile fits one page (millimetres and points)."""

    chart_height: float = 31.0
    table_font: float = 6.7
    table_line: float = 2.8
    table_padding: tuple[float, float] = (0.55, 1.3)


REGULAR = Layout()


COMPACT = Layout(chart_height=25.0, table_font=6.4, table_line=2.6, table_padding=(0.4, 1.1))


def font_files(directory: Path = FONT_DIR) -> dict[str, dict[str, Path]] | None:
    """The DejaVu files when all are present, else None (the PDF then uses Helvetica)."""
    files = {family: {style: directory / name for style, name in styles.items()}
             for family, styles in FONT_FILES.items()}
    return files if all(p.is_file() for s in files.values() for p in s.values()) else None


class _Page:
    """fpdf2 with the profile's type scale and a Latin-1 fallback when DejaVu is missing."""

    def __init__(self, lang: str, fonts: dict[str, dict[str, Path]] | None,
                 layout: Layout = REGULAR):
        from fpdf import FPDF

        self.layout = layout
        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_margins(MARGIN, 12, MARGIN)
        self.pdf.set_auto_page_break(True, margin=12)
        self.pdf.set_lang(PDF_LANGUAGE(lang))
        self.unicode = fonts is not None
        if fonts is not None:
            for family, styles in fonts.items():
                for style, path in styles.items():
                    self.pdf.add_font(family, style, str(path))
        self.lang = lang
        self.running = ""  # the district's name on top of every page after the first
        # fpdf2 calls header() at the start of each page; this page object supplies it per instance
        self.pdf.header = self._header  # type: ignore[method-assign]  # (no FPDF subclass needed)
        self.pdf.add_page()

    def _header(self) -> None:
        if self.pdf.page_no() < 2 or not self.running:
            return
        self.font(7, colour=MUTED)
        line = translate("pdf_running", self.lang, area=self.running, page=self.pdf.page_no(),
                         pages=self.pdf.str_alias_nb_pages)
        self.pdf.cell(CONTENT, 4, self.text(line), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def text(self, value: object) -> str:
        text = str(value)  # a no-break space is Latin-1 too: it stays unbroken in Helvetica
        if self.unicode:
            return text
        for char, plain in LATIN1_REPLACEMENTS.items():
            text = text.replace(char, plain)
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, condensed: bool = False,
             colour: tuple[int, int, int] = INK) -> None:
        family = ("condensed" if condensed else "sans") if self.unicode else "helvetica"
        self.pdf.set_font(family, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def para(self, value: object, size: float, *, bold: bool = False, colour=INK,
             width: float = CONTENT, line: float | None = None, gap: float = 0.0,
             link: str | None = None) -> None:
        self.font(size, bold, colour=colour)
        self.pdf.multi_cell(width, line or size * 0.47, self.text(value), align="L",
                            new_x="LMARGIN", new_y="NEXT", link=link)
        if gap:
            self.pdf.ln(gap)

    def heading(self, value: str) -> None:
        self.pdf.ln(1.5)
        self.font(10.5, True, colour=ACCENT)
        self.pdf.cell(CONTENT, 5.2, self.text(value), new_x="LMARGIN", new_y="NEXT")
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*ACCENT)
        self.pdf.set_line_width(0.35)
        self.pdf.line(MARGIN, y, MARGIN + CONTENT, y)
        self.pdf.ln(1.5)


def _steps(page: _Page, x: float, y: float, step: int) -> None:
    """Five squares, ``step`` of them filled: the verdict's place on the printed scale."""
    pdf = page.pdf
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(*INK)
    pdf.set_line_width(0.25)
    for index in range(5):
        pdf.rect(x + index * 3.6, y, 2.9, 2.9, style="DF" if index < step else "D")


def _goal_box(page: _Page, goal: Goal, x: float, y: float, width: float, lang: str) -> float:
    """One goal's block; returns where it ends."""
    pdf = page.pdf
    inner = width - 6
    pdf.set_xy(x + 3, y + 2.2)
    page.font(8.5, True, colour=MUTED)
    pdf.multi_cell(inner, 3.8, page.text(goal.name), align="L", new_x="LEFT", new_y="NEXT")
    top = pdf.get_y() + 1.0
    step = STEPS.get(goal.status, 0)
    _steps(page, x + 3, top + 0.8, step)
    pdf.set_xy(x + 3, top + 4.6)
    page.font(6.6, colour=MUTED)
    pdf.cell(18, 3, page.text(translate("pdf_step", lang, step=step)))
    pdf.set_xy(x + 3 + 19.5, top)
    page.font(11, True)
    pdf.multi_cell(inner - 19.5, 4.6, page.text(goal.word), align="L", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + 7.8) + 0.8)
    for value, size, bold in ((goal.years, 7.8, True), (goal.rates, 7.2, False),
                              (goal.weather, 7.2, False)):
        if not value:
            continue
        pdf.set_x(x + 3)
        page.font(size, bold, colour=INK if bold else MUTED)
        pdf.multi_cell(inner, size * 0.44, page.text(value), align="L", new_x="LEFT",
                       new_y="NEXT")
    return pdf.get_y() + 2.2


def _goals(page: _Page, report: ProfileReport) -> None:
    if not report.goals:
        return
    pdf = page.pdf
    page.heading(translate("pdf_goals_heading", report.lang))
    top, gap = pdf.get_y(), 4.0
    width = (CONTENT - gap * (len(report.goals) - 1)) / len(report.goals)
    ends = [_goal_box(page, goal, MARGIN + i * (width + gap), top, width, report.lang)
            for i, goal in enumerate(report.goals)]
    bottom = max(ends)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    for i in range(len(report.goals)):
        pdf.rect(MARGIN + i * (width + gap), top, width, bottom - top, style="D")
    pdf.set_xy(MARGIN, bottom + 1.2)
    page.para(translate("pdf_goal_scale", report.lang), 6.4, colour=MUTED, line=2.9)


def _charts(page: _Page, report: ProfileReport) -> None:
    pdf = page.pdf
    page.heading(translate("pdf_charts_heading", report.lang))
    if not report.charts:
        page.para(translate("pdf_no_charts", report.lang), 8, colour=MUTED)
        return
    gap, count = 5.0, len(report.charts)
    width = min((CONTENT - gap * (count - 1)) / count, (CONTENT - gap) / 2)  # one: half width
    height = page.layout.chart_height
    if pdf.get_y() + height + 9 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    ends = []
    for index, item in enumerate(report.charts):
        x = MARGIN + index * (width + gap)
        pdf.set_xy(x, top)
        page.font(7.4, True)
        pdf.multi_cell(width, 3.2, page.text(item.title), align="L", new_x="LEFT", new_y="NEXT")
        ends.append(pdf.get_y())
    image_top = max(ends) + 0.5
    for index, item in enumerate(report.charts):
        x = MARGIN + index * (width + gap)
        pdf.image(io.BytesIO(chart_png(item, report.lang, (width, height))), x=x, y=image_top,
                  w=width, h=height, alt_text=item.title)
    pdf.set_xy(MARGIN, image_top + height + 1)


def _column_widths(page: _Page, table: pd.DataFrame, padding: float = 3.2,
                   first_min: float = 40.0) -> list[float]:
    """Widths that keep every cell but the first column's on one line where the page allows:
    each column gets its longest cell (a header may wrap at its words); the first column (the
    indicator's name) gets the rest, at least ``first_min``; when that does not fit, the widest
    other columns give way in proportion and wrap."""
    pdf = page.pdf

    def natural(column: str) -> float:
        cells = max((pdf.get_string_width(page.text(v)) for v in table[column].astype(str)),
                    default=0.0)
        words = max(pdf.get_string_width(page.text(w)) for w in str(column).split())
        return max(cells, words * 1.12) + padding  # headers are set in bold

    others = [natural(c) for c in table.columns[1:]]
    room = CONTENT - first_min
    if sum(others) > room:
        others = [w * room / sum(others) for w in others]
    return [CONTENT - sum(others), *others]


def _table(page: _Page, report: ProfileReport) -> None:
    from fpdf.fonts import FontFace

    pdf, lang = page.pdf, report.lang
    page.heading(translate("pdf_table_heading", lang))
    page.para(translate("pdf_table_note", lang), 6.6, colour=MUTED, line=2.9, gap=1)
    table = report.table.drop(columns=[translate("source", lang)], errors="ignore")
    city, note = translate("profile_col_city", lang), translate("profile_city_median_note", lang)
    if city in table:  # "4,0 (median av distrikten)" → "4,0 *", explained under the table
        table[city] = table[city].astype(str).str.replace(" " + note, " *", regex=False)
    columns = list(table.columns)
    page.font(page.layout.table_font, condensed=True)
    col_widths = _column_widths(page, table)
    left = {translate("indicator", lang), translate("profile_col_reading", lang),
            translate("quality", lang)}
    align = ["LEFT" if c in left else "RIGHT" for c in columns]
    page.font(page.layout.table_font, condensed=True)
    pdf.set_fill_color(*TINT)  # fpdf2 fills the text cells of tinted rows with the current fill
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    with pdf.table(width=CONTENT, col_widths=col_widths, text_align=align,
                   line_height=page.layout.table_line, padding=page.layout.table_padding,
                   borders_layout="HORIZONTAL_LINES",
                   cell_fill_color=hex_colour(TINT), cell_fill_mode="EVEN_ROWS", v_align="MIDDLE",
                   headings_style=FontFace(emphasis="BOLD", color=hex_colour(INK),
                                            fill_color=hex_colour(HEADER_TINT)),
                   repeat_headings=1) as grid:
        heading = grid.row()
        for column in columns:
            heading.cell(page.text(column))
        for values in table.itertuples(index=False):
            row = grid.row()
            for value in values:
                row.cell(page.text("" if pd.isna(value) else value))
    pdf.ln(1.5)
    for key, text in (("strength", report.strengths), ("weakness", report.weaknesses)):
        pdf.set_x(MARGIN)
        page.font(7.8, True)
        pdf.write(3.6, page.text(f"{narratives.status_icon(key)} "
                                 f"{translate(f'profile_{key}_list', lang)}: "))
        page.font(7.8)
        pdf.write(3.6, page.text(text))
        pdf.ln(4.0)


def _footer(page: _Page, report: ProfileReport) -> None:
    """Sources, quality and the live link with its QR code, kept together at the end (on a new
    page only when the block does not fit under the table)."""
    import segno

    pdf, lang = page.pdf, report.lang
    size = 24.0
    width = CONTENT - size - 6
    # (text, size, bold, colour, line height, space after, link)
    lines: list[tuple[str, float, bool, tuple[int, int, int], float, float, str | None]] = [
        (s, 6.6, False, INK, 2.9, 0.0, None) for s in report.sources]
    lines[-1:] = [(*lines[-1][:5], 0.8, None)] if lines else []
    lines += [(q, 6.6, False, INK, 2.9, 0.0, None) for q in report.quality]
    lines += [(translate("pdf_link_heading", lang), 7.4, True, INK, 3.4, 0.0, None),
              (report.url, 6.6, False, ACCENT, 2.9, 0.0, report.url),
              (translate("pdf_link_note", lang), 6.4, False, MUTED, 2.8, 0.0, None)]
    lines.insert(len(report.sources) + len(report.quality), ("", 1, False, INK, 1.0, 0.0, None))

    def height(item) -> float:
        page.font(item[1], item[2])
        return pdf.multi_cell(width, item[4], page.text(item[0]), dry_run=True,
                              output="HEIGHT") + item[5]

    needed = 9.2 + max(size, sum(height(item) for item in lines))
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    page.heading(translate("pdf_sources_heading", lang) + " · "
                 + translate("pdf_quality_heading", lang))
    top = pdf.get_y()
    for text, points, bold, colour, line, after, link in lines:
        page.para(text, points, bold=bold, colour=colour, width=width, line=line, gap=after,
                  link=link)
    # The QR code as vector squares, with its quiet zone, beside the text.
    try:
        code = segno.make(report.url, error="m")
    except segno.DataOverflowError:  # an address too long for any QR code: the text stays
        pdf.set_y(max(pdf.get_y(), top + 1))
        return
    matrix = [list(row) for row in code.matrix_iter(scale=1, border=2)]
    cell = size / len(matrix)
    x0 = MARGIN + CONTENT - size
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x0 + c * cell, top + r * cell, cell + 0.01, cell + 0.01, style="F")
    pdf.link(x0, top, size, size, report.url)
    pdf.set_y(max(pdf.get_y(), top + size + 1))


def render(report: ProfileReport, fonts: dict[str, dict[str, Path]] | None, layout: Layout):
    page = _Page(report.lang, fonts, layout)
    pdf, lang = page.pdf, report.lang
    page.running = report.district
    pdf.set_title(f"{report.district} – {translate('pdf_kicker', lang)}")
    pdf.set_author(translate("pdf_kicker", lang))
    pdf.set_creator("Umeå social progress dashboard")
    pdf.set_subject(report.sentence)
    # Kicker and dataset line, then the district's name and the sentence.
    page.font(7.6, True, colour=ACCENT)
    pdf.cell(CONTENT / 2, 4, page.text(translate("pdf_kicker", lang).upper()))
    page.font(6.8, colour=MUTED)
    pdf.cell(CONTENT / 2, 4, page.text(report.dataset), align="R", new_x="LMARGIN",
             new_y="NEXT")
    pdf.ln(1)
    page.para(report.district, 20, bold=True, line=8.5)
    pdf.ln(0.5)
    page.para(report.sentence, 10.5, line=4.9)
    if report.change:
        page.para(report.change, 8, colour=MUTED, line=3.7)
    if report.illustrative:
        page.para(translate("illustrative_label", lang), 7.4, bold=True, colour=(138, 61, 0),
                  line=3.4)
    _goals(page, report)
    _charts(page, report)
    _table(page, report)
    _footer(page, report)
    return pdf
