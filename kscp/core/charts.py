"""Horizontal bar charts drawn on the server as SVG, for pages and PDFs alike: rows of a
label and a count per series, stacked into one bar a row (RAG status by priority) or one bar
a series side by side (places this year against last). Everything is placed here, in
Python, so the template draws it with no sums of its own and a test can read it.

A colour never carries the meaning alone: the chart opens with a legend saying each series
in words beside its swatch, each series has its own pattern as well as its colour, every
bar has its figure written beside it (a stacked bar's total; each segment's count on the
segment when it is wide enough), labels are wrapped over as many lines as they need (never
cut), and the table of the same figures goes with it.

    from kscp.core.charts import Row, Series, paired_chart, stacked_chart

    series = [Series("Red: not on track", "red"), Series("Green: on track", "green")]
    police = "/reviews/actions/?agency=2"
    rows = [Row("Police", (3, 5), link=police, links=(f"{police}&rag=red", f"{police}&rag=green"))]
    chart = stacked_chart("open review actions by agency and RAG status", series, rows)
    places = paired_chart(
        "places attended by sector, 2019-20 against 2018-19",
        [Series("2019-20", "current"), Series("2018-19", "previous")],
        [Row("Health", (40, 32)), Row("Education", (10, 12))],
    )

and in the template, an image named by what it shows (drawn by `svg`), then its table:

    {% include "includes/chart.html" with chart=chart chart_id="actions-by-agency" %}
    {% chart_table chart "Agency" "..." %}

`chart_id` must be unique on the page (it names the chart's title and patterns). A series'
`modifier` is one of SWATCHES (the RAG values, "current" and "previous", "updated" and
"outstanding", and "plain" for a chart of one series) and is also the CSS modifier
`app-chart__bar--<modifier>` of its bars."""

import functools
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Swatch:
    """How a series looks: its colour, and the marks of its pattern ("" for plain) drawn
    in `ink` on an 8 by 8 tile, so that two series differ in more than colour."""

    colour: str
    mark: str = ""
    ink: str = "#ffffff"


DIAGONAL = "M-2 2L2-2M0 8L8 0M6 10L10 6"
BACK_DIAGONAL = "M-2 6L2 10M0 0L8 8M6-2L10 2"
CROSS = "M4 0V8M0 4H8"
ACROSS = "M0 4H8"
DOWN = "M4 0V8"
DOTS = "M2 2h1.5v1.5h-1.5zM6 6h1.5v1.5h-1.5z"

SWATCHES = {
    "not_started": Swatch("#b1b4b6", DOTS, "#0b0c0c"),
    "red": Swatch("#d4351c", DIAGONAL),
    "amber": Swatch("#f47738", CROSS, "#0b0c0c"),
    "green": Swatch("#00703c"),
    "blue": Swatch("#1d70b8", ACROSS),
    "complete": Swatch("#4c2c92", BACK_DIAGONAL),
    "plain": Swatch("#1d70b8"),  # a chart of one series
    "current": Swatch("#1d70b8"),
    "previous": Swatch("#b1b4b6", DIAGONAL, "#0b0c0c"),
    "updated": Swatch("#00703c"),
    "outstanding": Swatch("#b1b4b6", DOTS, "#0b0c0c"),
}

WIDTH = 720
LABEL_RIGHT = 240  # labels end here, right-aligned
LABEL_CHARS = 30  # characters of a label's line before it wraps
BARS_X = 250
BARS_WIDTH = 400  # the longest bar, when its figure fits in the 70 units left
LINE = 18  # a line of text
ASCENT = 13  # from the top of a line to its baseline
STACKED_BAR = 22
PAIRED_BAR = 18
PAIRED_GAP = 4
ROW_GAP = 10
SWATCH = 16
CHAR = 7.2  # the width of an average character at the chart's 14 units
FIGURE_CHAR = 8.5  # of a digit, with room
LEGEND_GAP = 24


@dataclass(frozen=True)
class Layout:
    """Where a chart's parts go. A page draws a chart twice, wide (labels to the left of
    the bars) and narrow (each label over its bar, for a phone, where the wide drawing's
    words would shrink to half their size), and shows the one that fits the screen; a PDF
    draws it wide."""

    width: int
    label_chars: int  # characters of a label's line before it wraps
    bars_x: float
    bars_width: float  # the longest bar, when its figure fits beside it
    labels_above: bool = False
    label_right: float = 0  # where labels to the left of the bars end, right-aligned


WIDE = Layout(WIDTH, LABEL_CHARS, BARS_X, BARS_WIDTH, label_right=LABEL_RIGHT)
NARROW = Layout(360, 46, 0, 280, labels_above=True)


@dataclass(frozen=True)
class Series:
    words: str  # what the legend and the table's heading say: "Blue: on track"
    modifier: str  # a key of SWATCHES

    @property
    def swatch(self) -> Swatch:
        return SWATCHES[self.modifier]


@dataclass(frozen=True)
class Row:
    """A row of figures: its label, a count for each series (in the series' order), a
    link for the label and one for each count (for the table; "" for none), and what the
    figure beside a stacked bar says when not its total ("3 of 4, 75%")."""

    label: str
    counts: tuple[int, ...]
    link: str = ""
    links: tuple[str, ...] = ()
    says: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def cells(self) -> list[tuple[int, str]]:
        """Each count with its link."""
        links = tuple(self.links) + ("",) * (len(self.counts) - len(self.links))
        return list(zip(self.counts, links, strict=False))


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Segment:
    """A series' part of a bar; `figure` is written on it ("" when it is too narrow or the
    bar's figure beside it says the same)."""

    series: Series
    count: int
    x: float
    y: float
    width: float
    height: int
    figure: Text | None = None
    chip_x: float = 0
    chip_width: float = 0

    @property
    def chip_y(self) -> float:
        return self.y + (self.height - 16) / 2


@dataclass(frozen=True)
class Bar:
    row: Row
    label: list[Text]  # the label's lines
    segments: list[Segment]
    figures: list[Text]  # beside the bar: a stacked bar's total, or each paired bar's count


@dataclass(frozen=True)
class LegendItem:
    series: Series
    x: float
    y: float
    lines: list[Text]


@dataclass(frozen=True)
class Chart:
    """A chart of `rows` by `series`; `says`, what it shows in words ("RAG status of the
    objectives by priority"), is its name for those who cannot see it."""

    says: str
    series: list[Series]
    rows: list[Row]
    bars: list[Bar]
    legend: list[LegendItem]
    height: float
    stacked: bool = True
    width: int = WIDTH
    swatch_size: int = SWATCH
    patterns: list[tuple[str, Swatch]] = field(default_factory=list)
    labels_above: bool = False

    @property
    def name(self) -> str:
        return f"Bar chart: {self.says}"

    @property
    def narrow(self) -> "Chart":
        """The same chart laid out for a phone (NARROW), placed when drawn."""
        return _laid_out(self.says, self.series, self.rows, self.stacked, NARROW)

    @property
    def table_rows(self) -> list[tuple[Row, list[tuple[int, str, str]]]]:
        """Each row with its cells for the table: each count, its link and its series' words
        (which a phone shows above the count when the row is drawn as a card)."""
        return [
            (
                row,
                [
                    (count, link, one.words)
                    for (count, link), one in zip(row.cells, self.series, strict=True)
                ],
            )
            for row in self.rows
        ]

    @property
    def totals(self) -> bool:
        """Whether the table ends with each row's total (a stacked chart of several series)."""
        return self.stacked and len(self.series) > 1


@functools.lru_cache(maxsize=4096)
def wrap(text: str, chars: int) -> tuple[str, ...]:
    """`text` over lines of at most `chars` characters, long words broken; never cut. The
    same labels are drawn in chart after chart, so each is wrapped once."""
    return tuple(textwrap.wrap(text, chars, break_on_hyphens=False)) or ("",)


def figure(count: int) -> str:
    return f"{count:,}"


def _legend(series: Sequence[Series], chart_width: int) -> tuple[list[LegendItem], float]:
    """The legend's items flowing over lines, and its height."""
    items, x, y, line_height = [], 0.0, 0.0, LINE
    chars = int((chart_width - SWATCH - 6) / CHAR)
    for one in series:
        lines = wrap(one.words, chars)
        width = SWATCH + 6 + max(len(line) for line in lines) * CHAR
        if x and x + width > chart_width:
            x, y, line_height = 0.0, y + line_height + 6, LINE
        texts = [
            Text(round(x + SWATCH + 6, 1), round(y + n * LINE + ASCENT, 1), line)
            for n, line in enumerate(lines)
        ]
        items.append(LegendItem(one, round(x, 1), round(y + 1, 1), texts))
        line_height = max(line_height, len(lines) * LINE)
        x += width + LEGEND_GAP
    return items, (y + line_height + 12 if series else 0)


def _chart(says, series, rows, *, stacked: bool) -> Chart:
    series, rows = list(series), list(rows)
    for row in rows:
        if len(row.counts) != len(series):
            raise ValueError(f"{row.label!r} has {len(row.counts)} counts for {len(series)} series")
    return _laid_out(says, series, rows, stacked, WIDE)


def _laid_out(says, series, rows, stacked: bool, layout: Layout) -> Chart:
    bars_x = layout.bars_x
    legend, top = _legend(series, layout.width)
    beside = [_beside(row, stacked) for row in rows]
    longest = max([len(text) for texts in beside for text in texts] + [0])
    bars_width = min(layout.bars_width, layout.width - bars_x - 6 - longest * FIGURE_CHAR)
    if stacked:
        biggest = max([row.total for row in rows] + [1])
        block = STACKED_BAR
    else:
        biggest = max([count for row in rows for count in row.counts] + [1])
        block = len(series) * PAIRED_BAR + (len(series) - 1) * PAIRED_GAP
    bars = []
    for row, texts in zip(rows, beside, strict=True):
        lines = wrap(row.label, layout.label_chars)
        if layout.labels_above:  # the label's lines, then its bar under them
            label = [
                Text(0, round(top + n * LINE + ASCENT, 1), line) for n, line in enumerate(lines)
            ]
            bar_top = top + len(lines) * LINE + 4
            content = len(lines) * LINE + 4 + block
        else:  # the label to the left, centred on its bar
            content = max(block, len(lines) * LINE)
            first = top + (content - len(lines) * LINE) / 2 + ASCENT
            label = [
                Text(layout.label_right, round(first + n * LINE, 1), line)
                for n, line in enumerate(lines)
            ]
            bar_top = top + (content - block) / 2
        segments, figures = [], []
        if stacked:
            x, several = 0.0, sum(1 for count in row.counts if count) > 1
            for one, count in zip(series, row.counts, strict=True):
                width = bars_width * count / biggest
                if count:
                    segments.append(_segment(one, count, bars_x + x, bar_top, width, several))
                x += width
            figures.append(
                Text(round(bars_x + x + 6, 1), round(bar_top + block / 2 + 5, 1), texts[0])
            )
        else:
            for n, (one, count) in enumerate(zip(series, row.counts, strict=True)):
                y = bar_top + n * (PAIRED_BAR + PAIRED_GAP)
                width = bars_width * count / biggest
                if count:
                    segments.append(
                        Segment(one, count, bars_x, round(y, 1), round(width, 1), PAIRED_BAR)
                    )
                figures.append(
                    Text(round(bars_x + width + 6, 1), round(y + PAIRED_BAR / 2 + 5, 1), texts[n])
                )
        bars.append(Bar(row, label, segments, figures))
        top += content + ROW_GAP
    used = {one.modifier: one.swatch for one in series}
    return Chart(
        says=says,
        series=series,
        rows=rows,
        bars=bars,
        legend=legend,
        height=round(top, 1),
        stacked=stacked,
        width=layout.width,
        patterns=[(modifier, swatch) for modifier, swatch in used.items() if swatch.mark],
        labels_above=layout.labels_above,
    )


def _beside(row: Row, stacked: bool) -> list[str]:
    """The figures written beside the row's bars: a stacked bar's total (or what the row
    says instead), each paired bar's count."""
    if stacked:
        return [row.says or figure(row.total)]
    return [figure(count) for count in row.counts]


def _segment(one: Series, count: int, x: float, y: float, width: float, several: bool) -> Segment:
    """A stacked segment, with its count on a white chip when the chip fits and the bar has
    several segments (a bar of one says its count beside it)."""
    text = figure(count)
    chip = len(text) * FIGURE_CHAR + 8
    if several and width >= chip + 4:
        middle = x + width / 2
        return Segment(
            one,
            count,
            round(x, 1),
            round(y, 1),
            round(width, 1),
            STACKED_BAR,
            figure=Text(round(middle, 1), round(y + STACKED_BAR / 2 + 5, 1), text),
            chip_x=round(middle - chip / 2, 1),
            chip_width=round(chip, 1),
        )
    return Segment(one, count, round(x, 1), round(y, 1), round(width, 1), STACKED_BAR)


def stacked_chart(says: str, series: Sequence[Series], rows: Sequence[Row]) -> Chart:
    """One bar a row, its series stacked in their order, the longest total the full width."""
    return _chart(says, series, rows, stacked=True)


def paired_chart(says: str, series: Sequence[Series], rows: Sequence[Row]) -> Chart:
    """A bar for each series of each row, one under the other, the largest count the full
    width: two years side by side, say."""
    return _chart(says, series, rows, stacked=False)


def _fill(series: Series, chart_id: str) -> str:
    swatch = series.swatch
    return f"url(#{chart_id}-{series.modifier})" if swatch.mark else swatch.colour


def escape(text) -> str:
    """`text` as a string, escaped as django.utils.html.escape does it (the same
    characters, the same way) without its wrapper for lazy strings, which costs a chart
    of hundreds of words more than the rest of its drawing."""
    return html.escape(str(text))


def _lines(texts: list[Text]) -> str:
    return "".join(f'<tspan x="{t.x}" y="{t.y}">{escape(t.text)}</tspan>' for t in texts)


def svg(
    chart: Chart, chart_id: str, *, where: str = "below", css_class: str = "app-chart"
) -> SafeString:
    """The chart as an SVG image (what templates/includes/chart.html draws), named by what
    it shows and saying where the table of its figures is ("below", "beside it", "above").
    On a page (`css_class` "app-chart"), drawn wide and narrow, the stylesheet showing the
    one that fits the screen; elsewhere (a PDF), wide. Drawn here rather than in a
    template: a chart is hundreds of placed numbers, and the template engine would take
    longer over them than the page's queries. Every word is escaped."""
    name = escape(f"{chart.name}. The table {where} gives the same figures.")
    if css_class != "app-chart":
        return mark_safe(_drawing(chart, escape(chart_id), name, escape(css_class)))  # noqa: S308
    wide = _drawing(chart, escape(chart_id), name, "app-chart app-chart--wide")
    narrow = _drawing(
        chart.narrow, escape(f"{chart_id}-narrow"), name, "app-chart app-chart--narrow"
    )
    return mark_safe(f"{wide}\n{narrow}")  # noqa: S308 - every word in them is escaped


def table(chart: Chart, first: str, caption: str) -> SafeString:
    """The chart's figures as a table, behind "Show the figures as a table": a row for each
    of its rows, a column for each series in its words (and the total, for a stacked chart
    of several), each count with its link when it has one and not nought; on a phone each
    row is a card whose cells say their series' words. `first`, the heading of the rows'
    column. Drawn here for the reason `svg` is; every word is escaped."""
    cell = '<td data-label="{}" class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    heading = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">{}</th>'
    headings = [heading.format(escape(one.words)) for one in chart.series]
    if chart.totals:
        headings.append(heading.format("Total"))
    rows = []
    for row, cells in chart.table_rows:
        label = escape(row.label)
        if row.link:
            label = f'<a class="govuk-link" href="{escape(row.link)}">{label}</a>'
        out = [f'<th scope="row" class="govuk-table__header">{label}</th>']
        for count, link, words in cells:
            shown = escape(count)
            if count and link:
                shown = f'<a class="govuk-link" href="{escape(link)}">{shown}</a>'
            out.append(cell.format(escape(words), shown))
        if chart.totals:
            out.append(cell.format("Total", escape(row.total)))
        rows.append(f'<tr class="govuk-table__row">{"".join(out)}</tr>')
    return mark_safe(  # noqa: S308 - every word in it is escaped
        '<details class="govuk-details">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Show the figures as a table</span></summary>"
        '<div class="govuk-details__text app-table-wrap">'
        '<table class="govuk-table govuk-table--small-text-until-tablet app-table--cards">'
        f'<caption class="govuk-table__caption govuk-table__caption--s">{escape(caption)}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        f'<th scope="col" class="govuk-table__header">{escape(first)}</th>{"".join(headings)}'
        "</tr></thead>"
        f'<tbody class="govuk-table__body">{"".join(rows)}</tbody>'
        "</table></div></details>"
    )


def _drawing(chart: Chart, chart_id: str, name: str, css_class: str) -> str:
    """One drawing of the chart; `chart_id`, `name` and `css_class` escaped."""
    out = [
        f'<svg class="{css_class}" role="img" aria-label="{name}" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="100%" '
        'font-family="arial, sans-serif" font-size="14" fill="#0b0c0c" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{name}</title>',
    ]
    if chart.patterns:
        out.append("<defs>")
        for modifier, swatch in chart.patterns:
            out.append(
                f'<pattern id="{chart_id}-{modifier}" width="8" height="8" '
                f'patternUnits="userSpaceOnUse"><rect width="8" height="8" '
                f'fill="{swatch.colour}"></rect><path d="{swatch.mark}" stroke="{swatch.ink}" '
                f'stroke-width="1.5" fill="{swatch.ink}"></path></pattern>'
            )
        out.append("</defs>")
    out.append('<g class="app-chart__legend">')
    for item in chart.legend:
        out.append(
            f'<rect x="{item.x}" y="{item.y}" width="{chart.swatch_size}" '
            f'height="{chart.swatch_size}" stroke="#0b0c0c" '
            f'class="app-chart__bar--{item.series.modifier}" '
            f'fill="{_fill(item.series, chart_id)}"></rect>'
            f'<text class="app-chart__label">{_lines(item.lines)}</text>'
        )
    out.append("</g>")
    anchor = "" if chart.labels_above else ' text-anchor="end"'
    for bar in chart.bars:
        out.append(f'<text class="app-chart__label"{anchor}>{_lines(bar.label)}</text>')
        for segment in bar.segments:
            out.append(
                f'<rect x="{segment.x}" y="{segment.y}" width="{segment.width}" '
                f'height="{segment.height}" class="app-chart__bar '
                f'app-chart__bar--{segment.series.modifier}" '
                f'fill="{_fill(segment.series, chart_id)}"></rect>'
            )
            if segment.figure:
                out.append(
                    f'<rect x="{segment.chip_x}" y="{segment.chip_y}" '
                    f'width="{segment.chip_width}" height="16" rx="3" fill="#ffffff"></rect>'
                    f'<text x="{segment.figure.x}" y="{segment.figure.y}" text-anchor="middle" '
                    f'class="app-chart__figure">{escape(segment.figure.text)}</text>'
                )
        for text in bar.figures:
            out.append(
                f'<text x="{text.x}" y="{text.y}" class="app-chart__figure">'
                f"{escape(text.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)
