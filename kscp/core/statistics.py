"""What every statistics page of a financial year shares ("Learning from reviews", "Workforce
development", and the yearly report that will render the same tables): the columns and tables,
how a missing figure reads ("No data"), a table's chart (kscp.core.charts), the years a page
offers, the form choosing one, and the page of the year chosen.

An app registers its page with the core as a `Statistics` (its tables, its years, who may see
it); the core's one view (kscp.core.statistics_views) and template show any of them, so the
core never imports an app.

The year is chosen with `?year=2019` (April 2019 to March 2020); without it a page shows the
latest financial year that has ended, the one an annual statement reports on."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from kscp.core.charts import Chart, Row, Series, stacked_chart
from kscp.core.years import (
    YEAR_INVALID,
    default_year,
    financial_year_start,
    year_label,
    year_long_label,
)

NO_DATA = "No data"
NUMERIC_KINDS = ("count", "money", "days", "rating")


@dataclass(frozen=True)
class Column:
    """A column of a table: `kind` says how its figures read (text, count, money in whole
    pounds, days, rating, date); `empty` is said in a figure's place when there is none."""

    heading: str
    kind: str = "text"
    empty: str = NO_DATA

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def display(self, value) -> str:
        if value is None:
            return "" if self.kind == "text" else self.empty
        if self.kind == "money":
            return f"£{value:,}"
        if self.kind == "date":
            return f"{value:%-d %B %Y}"
        if self.numeric:
            return f"{value:,}"
        return str(value)


def bar_chart(says: str, figures: Sequence[tuple[str, int]], *, words: str = "") -> Chart:
    """One bar for each of `figures` (label, count) in their order, the longest the full
    width, its figure beside it; the legend says `words` (`says`, unless given)."""
    series = [Series(words or says[:1].upper() + says[1:], "plain")]
    return stacked_chart(says, series, [Row(label, (count,)) for label, count in figures])


@dataclass
class Table:
    """One table of a page and of its CSV download: the first cell of each row is the row's
    heading; cells hold raw values (whole pounds for money), None when there is no figure.
    `empty` is said instead of the table when it has no rows."""

    slug: str
    caption: str
    description: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    empty: str = ""
    chart: Chart | None = None

    def labelled_rows(self) -> list[list[tuple[str, bool, str]]]:
        """Each cell as the page shows it, with whether it is numeric and its column's
        heading (which a phone shows above the cell when the row is drawn as a card)."""
        return [
            [
                (text, numeric, column.heading)
                for (text, numeric), column in zip(row, self.columns, strict=True)
            ]
            for row in self.display_rows()
        ]

    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as the page shows it, with whether it is numeric."""
        return [
            [
                (column.display(value), column.numeric)
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]

    @property
    def header(self) -> list[str]:
        return [column.heading for column in self.columns]

    @property
    def shown(self) -> bool:
        """Whether the page shows the table, rather than its `empty` sentence."""
        return bool(self.rows) or not self.empty


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        help_text="The page opens on the latest financial year that has ended",
        coerce=int,
        error_messages={"invalid_choice": YEAR_INVALID, "required": YEAR_INVALID},
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, year_long_label(y)) for y in years]


def year_choices(records: list[int], today: datetime.date) -> list[int]:
    """Every financial year from the earliest with records to the current one, latest first."""
    current = financial_year_start(today)
    earliest = min([*records, default_year(today)])
    return list(range(current, earliest - 1, -1))


def chosen_year(request, records: list[int]) -> tuple[YearForm, int]:
    """The year form as submitted and the year it chooses: the default year when nothing
    (or something invalid) is chosen. `records`: the years with records, latest first."""
    today = timezone.localdate()
    fallback = default_year(today)
    data = request.GET if "year" in request.GET else {"year": fallback}
    form = YearForm(data, years=year_choices(records, today))
    return form, form.cleaned_data["year"] if form.is_valid() else fallback


@dataclass
class StatisticsPage:
    """The tables of the financial year starting in April of `year` (none when it has no
    records), and the years that have records."""

    year: int
    tables: list[Table]
    years_with_records: list[int]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def long_label(self) -> str:
        return year_long_label(self.year)

    @property
    def has_records(self) -> bool:
        return self.year in self.years_with_records

    @property
    def record_years(self) -> list[tuple[int, str]]:
        return [(y, year_long_label(y)) for y in self.years_with_records]


@dataclass(frozen=True)
class Statistics:
    """A statistics page that an app registers with the core, passed to the core's views by
    the app's URLs. `tables` builds each table, by its slug, from the partnership and the year,
    or from what `basis(partnership, year)` reads once for all the year's tables (which years
    have records of each kind, say); `require_reader(user)` refuses (404 or 403, as the app's
    access rules say) those who may not see it; `header` is a template the page opens with in
    place of its own heading, given `header_context(request)`."""

    title: str  # "Learning from reviews": the heading, and the name of each CSV
    section: str  # "Case reviews": where the page belongs, at the start of its title
    url_name: str  # "reviews:statistics"; the CSVs are at `url_name` + "_csv"
    intro: str
    nothing_recorded: str  # "No training sessions are recorded" (for the year)
    tables: Mapping[str, Callable[..., Table]]
    years_with_records: Callable[..., list[int]]
    require_reader: Callable[..., None]
    counting: str = ""  # how records are counted, when the tables do not say it
    breadcrumbs: tuple[tuple[str, str], ...] = ()  # (label, URL name) after "Home"
    header: str = ""
    header_context: Callable[..., dict] | None = None
    table_class: str = ""
    basis: Callable | None = None

    @property
    def csv_url_name(self) -> str:
        return f"{self.url_name}_csv"

    def page(self, partnership, *, year: int, records: list[int]) -> StatisticsPage:
        """Every table of the year starting in April of `year`; `records`: the years with
        records, from years_with_records()."""
        tables = self._build(partnership, year, list(self.tables)) if year in records else []
        return StatisticsPage(year=year, tables=tables, years_with_records=records)

    def table(self, partnership, *, year: int, slug: str) -> Table:
        (found,) = self._build(partnership, year, [slug])
        return found

    def _build(self, partnership, year: int, slugs: list[str]) -> list[Table]:
        given = self.basis(partnership, year) if self.basis else year
        return [self.tables[slug](partnership, given) for slug in slugs]


def whole_percent(part: int, whole: int) -> int:
    """Whole per cent, a half rounded up (4 of 32 is 13%), as people count; 0 of nothing."""
    return (200 * part + whole) // (2 * whole) if whole else 0
