"""The core's bar charts (kscp.core.charts), placed in Python and drawn by one include: a
legend in words with each series' swatch, every bar's figure, labels in full however long,
and a pattern as well as a colour for each series."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import html as django_html
from django.utils.functional import lazy

from kscp.core import charts
from kscp.core.charts import (
    BARS_WIDTH,
    CHAR,
    FIGURE_CHAR,
    LINE,
    NARROW,
    STACKED_BAR,
    WIDTH,
    Row,
    Series,
    paired_chart,
    stacked_chart,
    table,
)

RAG = [
    Series("Red: not on track", "red"),
    Series("Amber: some slippage", "amber"),
    Series("Green: on track", "green"),
]
LONG = (
    "Exploitation - continuing to develop work around child exploitation, and to include "
    "arrangements to engage communities in developing the response"
)


NARROW_SVG = '<svg class="app-chart app-chart--narrow"'


def both(chart, chart_id="test-chart", **context) -> str:
    """The chart as a page draws it: wide, then narrow."""
    return render_to_string(
        "includes/chart.html", {"chart": chart, "chart_id": chart_id, **context}
    )


def svg(chart, chart_id="test-chart", **context) -> str:
    """The wide drawing."""
    return both(chart, chart_id, **context).split(NARROW_SVG)[0]


def narrow(chart, chart_id="test-chart") -> str:
    return NARROW_SVG + both(chart, chart_id).split(NARROW_SVG)[1]


def lines_of(text_element: str) -> list[str]:
    return re.findall(r"<tspan [^>]*>([^<]*)</tspan>", text_element)


def labels(html: str) -> list[str]:
    """Each label drawn, its lines joined again."""
    found = re.findall(r'<text class="app-chart__label" text-anchor="end">(.*?)</text>', html)
    return [" ".join(lines_of(text)) for text in found]


def test_a_long_label_is_wrapped_over_lines_in_full_and_the_row_grows():
    short = stacked_chart("objectives by priority", RAG, [Row("1. Neglect", (1, 2, 3))])
    long = stacked_chart("objectives by priority", RAG, [Row(LONG, (1, 2, 3))])
    html = svg(long)
    assert labels(html) == [LONG]
    assert len(long.bars[0].label) > 3
    assert all(len(line.text) <= 30 for line in long.bars[0].label)
    assert long.height - short.height == len(long.bars[0].label) * LINE - STACKED_BAR
    assert "…" not in html


def test_a_word_longer_than_a_line_is_broken_not_cut():
    word = "x" * 600
    html = svg(stacked_chart("things", RAG, [Row(word, (1, 0, 0))]))
    assert "".join(labels(html)).replace(" ", "") == word


def test_the_legend_says_each_series_in_words_beside_its_swatch():
    html = svg(stacked_chart("objectives by priority", RAG, [Row("1. Neglect", (1, 2, 3))]))
    legend = re.search(r'<g class="app-chart__legend">(.*?)</g>', html, re.S).group(1)
    assert [" ".join(lines_of(t)) for t in re.findall(r"<text[^>]*>(.*?)</text>", legend)] == [
        "Red: not on track",
        "Amber: some slippage",
        "Green: on track",
    ]
    swatches = re.findall(r'<rect [^>]*class="app-chart__bar--(\w+)" fill="([^"]+)"', legend)
    assert swatches == [
        ("red", "url(#test-chart-red)"),
        ("amber", "url(#test-chart-amber)"),
        ("green", "#00703c"),
    ]


def test_each_series_has_its_own_pattern_named_for_the_chart():
    html = svg(stacked_chart("objectives by priority", RAG, [Row("1. Neglect", (1, 2, 3))]))
    assert re.findall(r'<pattern id="([^"]+)"', html) == ["test-chart-red", "test-chart-amber"]
    assert 'fill="url(#test-chart-red)"' in html.split("</g>")[1]


def test_a_stacked_bar_has_its_total_beside_it_and_each_wide_segment_its_count_on_it():
    chart = stacked_chart(
        "objectives by priority",
        RAG,
        [Row("1. Neglect", (30, 1, 9)), Row("2. Exploitation", (0, 0, 5))],
    )
    html = svg(chart)
    figures = re.findall(r'<text [^>]*class="app-chart__figure">([^<]+)</text>', html)
    # On the first bar: 30 and 9 (1 is too narrow to hold its figure), then its total; the
    # second bar's one segment says its count beside it only.
    assert figures == ["30", "9", "40", "5"]
    first = chart.bars[0]
    assert [s.count for s in first.segments] == [30, 1, 9]
    assert sum(s.width for s in first.segments) == pytest.approx(BARS_WIDTH, abs=0.2)
    assert first.figures[0].x > first.segments[-1].x + first.segments[-1].width
    assert chart.bars[1].segments[0].width == pytest.approx(BARS_WIDTH * 5 / 40, abs=0.1)


def test_a_paired_chart_draws_a_bar_for_each_series_with_its_figure():
    years = [Series("2019-20", "current"), Series("2018-19", "previous")]
    chart = paired_chart(
        "places attended by sector", years, [Row("Health", (40, 32)), Row("Police", (0, 12))]
    )
    html = svg(chart)
    figures = re.findall(r'<text [^>]*class="app-chart__figure">([^<]+)</text>', html)
    assert figures == ["40", "32", "0", "12"]
    health = chart.bars[0]
    assert [s.width for s in health.segments] == [BARS_WIDTH, pytest.approx(BARS_WIDTH * 0.8)]
    assert health.segments[1].y > health.segments[0].y
    assert [s.series.words for s in chart.bars[1].segments] == ["2018-19"]
    assert not chart.totals


def test_what_a_row_says_beside_its_bar_narrows_the_bars_to_fit():
    chart = stacked_chart(
        "items updated by group",
        [Series("Updated", "updated"), Series("Not yet updated", "outstanding")],
        [Row("Learning Sub-group", (1234, 8766), says="1,234 of 10,000, 12%")],
    )
    beside = chart.bars[0].figures[0]
    assert beside.text == "1,234 of 10,000, 12%"
    assert beside.x + len(beside.text) * 8.5 <= WIDTH


def test_the_image_is_named_and_its_table_holds_the_same_figures_with_links():
    chart = stacked_chart(
        "objectives by priority",
        RAG,
        [Row("1. Neglect", (1, 0, 3), link="/p/?priority=1", links=("/r", "/a", "/g"))],
    )
    html = svg(chart, where="beside it")
    assert 'role="img"' in html
    assert 'aria-label="Bar chart: objectives by priority. The table beside it gives' in html
    assert '<title id="test-chart-title">Bar chart: objectives by priority.' in html
    table = Template('{% load govuk %}{% chart_table chart "Priority" "By" %}').render(
        Context({"chart": chart})
    )
    headings = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
    assert headings == ["Priority", *(s.words for s in RAG), "Total"]
    assert '<a class="govuk-link" href="/p/?priority=1">1. Neglect</a>' in table
    cells = re.findall(r'<td data-label="[^"]*" class="[^"]*">(.*?)</td>', table)
    assert cells == [
        '<a class="govuk-link" href="/r">1</a>',
        "0",
        '<a class="govuk-link" href="/g">3</a>',
        "4",
    ]
    # On a phone each row is a card: each count under its series' words, then the total.
    labels = re.findall(r'<td data-label="([^"]*)"', table)
    assert labels == [*(s.words for s in RAG), "Total"]
    assert 'class="govuk-table govuk-table--small-text-until-tablet app-table--cards"' in table


def test_words_a_user_typed_are_escaped():
    chart = stacked_chart("<b>x</b>", RAG, [Row("<script>alert(1)</script>", (1, 1, 1))])
    html = svg(chart)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html
    typed = Series('<i>"Red"</i>', "red")
    linked = Row("<script>", (2,), link='/p/?a=1&b="2"', links=("/r?x=<y>",))
    html = table(stacked_chart("x", [typed], [linked]), "<em>First</em>", "<u>Caption</u>")
    for tag in ("<script>", "<i>", "<em>", "<u>", "<y>"):
        assert tag not in html
    assert "&lt;script&gt;" in html and "&lt;em&gt;First" in html and "&lt;u&gt;Caption" in html
    assert 'href="/p/?a=1&amp;b=&quot;2&quot;"' in html
    assert 'data-label="&lt;i&gt;&quot;Red&quot;&lt;/i&gt;"' in html


def test_a_chart_escapes_every_word_as_django_does_lazy_words_and_figures_too():
    typed = "<a href='x'>Tom & \"Jerry\"</a>"
    for text in (typed, lazy(lambda: typed, str)(), 1234, None):
        assert charts.escape(text) == django_html.escape(text)


def test_a_row_must_have_a_count_for_each_series():
    with pytest.raises(ValueError, match="has 2 counts for 3 series"):
        stacked_chart("things", RAG, [Row("1. Neglect", (1, 2))])


def test_a_chart_of_noughts_draws_no_bar_and_divides_by_nothing():
    chart = stacked_chart("things", RAG, [Row("Health", (0, 0, 0))])
    assert chart.bars[0].segments == [] and chart.bars[0].figures[0].text == "0"
    assert stacked_chart("things", RAG, []).bars == []


def test_a_page_draws_each_chart_wide_and_narrow_and_a_pdf_draws_it_wide():
    chart = stacked_chart("objectives by priority", RAG, [Row("1. Neglect", (1, 2, 3))])
    page = both(chart)
    drawings = re.findall(r'<svg class="([^"]+)" role="img" aria-label="([^"]+)"', page)
    assert [css for css, _ in drawings] == [
        "app-chart app-chart--wide",
        "app-chart app-chart--narrow",
    ]
    assert drawings[0][1] == drawings[1][1]  # the same name for both
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the narrow drawing's title and patterns are its own
    assert "url(#test-chart-narrow-red)" in narrow(chart)
    printed = both(chart, svg_class="chart")
    assert re.findall(r'<svg class="([^"]+)"', printed) == ["chart"]


def test_on_a_phone_each_label_is_over_its_bar_and_nothing_passes_the_right_edge():
    rows = [Row(LONG, (120, 300, 4_000)), Row("2. Neglect", (1, 0, 0))]
    for chart in (
        stacked_chart("objectives by priority", RAG, rows).narrow,
        paired_chart("places", RAG[:2], [Row(LONG, (1_200, 3_400))]).narrow,
    ):
        assert chart.width == NARROW.width and chart.labels_above
        for bar in chart.bars:
            lines = [line.text for line in bar.label]
            assert " ".join(lines) == bar.row.label
            assert all(line.x == 0 and len(line.text) * CHAR <= chart.width for line in bar.label)
            assert max(line.y for line in bar.label) < min(s.y for s in bar.segments)
            for text in bar.figures:
                assert text.x + len(text.text) * FIGURE_CHAR <= chart.width
            assert all(s.x >= 0 and s.x + s.width <= chart.width for s in bar.segments)
        for item in chart.legend:
            assert all(t.x + len(t.text) * CHAR <= chart.width for t in item.lines)
    page = narrow(stacked_chart("objectives by priority", RAG, rows))
    assert '<text class="app-chart__label" text-anchor="end">' not in page
    assert "4,420" in page  # the bar's total beside it
