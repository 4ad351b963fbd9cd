"""The kiosk's layout: how tall each slide's words are on a given screen, so that the chart gets
the rest and no slide scrolls. Pure arithmetic on Streamlit's box model (measured, see below)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators.text.i18n import translate
from indicators.views.kiosk_slides import SLIDES, Fact, Slide
from indicators.views.kiosk_state import Screen

# --- the layout: every slide fills the screen ---------------------------------------------------
# Streamlit's box model at the kiosk's base font (kiosk/config.toml: [theme] baseFontSize = 24 px,
# paddingTop 1 rem, paddingBottom 3 rem), measured in chromium at 1080×1920 and 1920×1080: the wide
# layout leaves 5 rem on each side, elements stand 1 rem apart, and each kind of text has a font
# size, a line height and padding of its own (rem). Text is wrapped word by word at CHAR_EM per
# character (Source Sans measures 0.45 em on average; rounded up), so an estimate errs on the side
# of a shorter chart, never of a screen that scrolls.
REM = 24
SIDE, TOP, BOTTOM, GAP = 5.0, 1.0, 3.0, 1.0
TEXT = {"title": (2.75, 3.3, 1.25), "status": (2.25, 2.7, 1.0), "body": (1.0, 1.6, 0.0),
        "value": (1.75, 2.1, 0.75), "caption": (0.875, 1.42, 0.0)}
BUTTON = 2.5            # a button with one line of text
NOTICE = 3.5            # the illustrative label, one line
CHAR_EM = 0.5
SAFETY = 1.0            # left free under the last element
MIN_CHART = 320         # px: below this a chart says too little (the screen then scrolls)


def _rem(value: float) -> float:
    return value * REM


def content_width(screen: Screen) -> float:
    return max(320.0, screen.width - 2 * _rem(SIDE))


def column_width(width: float, columns: int) -> float:
    return (width - (columns - 1) * _rem(GAP)) / columns


def text_height(kind: str, text: str, width: float) -> float:
    """Pixels that `text` takes as `kind` (title, status, body, value, caption) at `width`."""
    font, line, padding = TEXT[kind]
    lines = wrapped_lines(text, max(1, int(width // (_rem(font) * CHAR_EM))))
    return _rem(lines * line + padding) if lines else 0.0


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines that `text` takes when wrapped at spaces, `per_line` characters a line (a longer
    word breaks over as many lines as it needs)."""
    lines, used = 0, per_line + 1
    for word in text.split():
        if used + 1 + len(word) <= per_line:
            used += 1 + len(word)
        else:
            lines += max(1, math.ceil(len(word) / per_line))
            used = len(word) - (math.ceil(len(word) / per_line) - 1) * per_line
    return lines


def notice_height(width: float) -> float:
    """The illustrative label: one line across the page, wrapped in a narrow column."""
    return _rem(NOTICE) * (1 if width >= 480 else 1.5)


def fact_height(fact: Fact, width: float) -> float:
    blocks = [text_height("body", fact.label, width), text_height("value", fact.value, width)]
    if fact.note:
        blocks.append(text_height("body", fact.note, width))
    if fact.illustrative:
        blocks.append(notice_height(width))
    return sum(blocks) + (len(blocks) - 1) * _rem(GAP)


def slide_words(slide: Slide, lang: str) -> list[tuple[str, str]]:
    """The slide's words in reading order as (element, text): its place in the loop (caption),
    title, verdict (header), the illustrative label, the sentence (markdown)."""
    position = translate("kiosk_slide_position", lang, index=SLIDES.index(slide.kind) + 1,
                  count=len(SLIDES))
    words = [("caption", position), ("title", slide.title)]
    if slide.status_word:
        words.append(("header", f"{slide.status_icon} {slide.status_word}"))
    if slide.illustrative:
        words.append(("illustrative", ""))
    return words + [("markdown", slide.sentence)] if slide.sentence else words


WORD_KINDS = {"caption": "caption", "title": "title", "header": "status", "markdown": "body"}


def words_height(slide: Slide, width: float, lang: str) -> float:
    """The slide's words above (portrait) or beside (landscape) its chart, each block followed
    by its gap: `slide_words`, then the facts in a row."""
    blocks = [notice_height(width) if element == "illustrative" else
              text_height(WORD_KINDS[element], text, width)
              for element, text in slide_words(slide, lang)]
    if slide.facts:
        fact_width = column_width(width, len(slide.facts))
        blocks.append(max(fact_height(fact, fact_width) for fact in slide.facts))
    return sum(blocks) + len(blocks) * _rem(GAP)


@dataclass(frozen=True)
class SlideLayout:
    """Portrait: words, then the chart, across the screen. Landscape: words on the left half,
    the chart on the right half. `chart_height` fills what the words leave free."""

    side_by_side: bool
    chart_height: int


def slide_layout(slide: Slide, screen: Screen, lang: str) -> SlideLayout:
    free = screen.height - _rem(TOP + BOTTOM + SAFETY) - _rem(BUTTON + GAP)  # under the starts
    width = content_width(screen)
    open_button = _rem(BUTTON + GAP) if slide.area_id is not None else 0.0
    if screen.portrait:
        height = free - words_height(slide, width, lang) - open_button
        return SlideLayout(False, max(MIN_CHART, int(height)))
    return SlideLayout(True, max(MIN_CHART, int(free)))


def chooser_map_height(screen: Screen, heading: str, hint: str) -> int:
    """The map to choose a district on. Portrait: across the screen under the heading and hint,
    with the first row of name buttons still in sight. Landscape: the left half at full height
    (heading, hint and buttons on the right)."""
    free = screen.height - _rem(TOP + BOTTOM + SAFETY) - _rem(BUTTON + GAP)  # under the top row
    if screen.portrait:
        width = content_width(screen)
        free -= (text_height("title", heading, width) + text_height("body", hint, width)
                 + _rem(2 * GAP) + _rem(BUTTON + GAP))
    return max(MIN_CHART, int(free))


def card_map_height(screen: Screen) -> int:
    """The locator on a district's card: a large share of the screen, below the figures."""
    share = 0.45 if screen.portrait else 0.7
    return max(MIN_CHART, int(screen.height * share))
