"""GOV.UK Design System markup for every Django form: one renderer, used everywhere, so each
field has its label, hint and error message, and pages get an error summary."""

import datetime

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukTextareaField(forms.CharField):
    """Text typed in a textarea, its line breaks counted as GOV.UK's character count counts
    them: browsers send each as two characters (a carriage return and a line feed), the
    count, and so the limit, counts one."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


# --- dates ---------------------------------------------------------------------------------
# GOV.UK's date input: day, month and year in three boxes within one fieldset, with one error
# message for the whole date (https://design-system.service.gov.uk/components/date-input/).

DATE_REQUIRED = "Enter the {what}"
DATE_INCOMPLETE = "{label} must include a {missing}"
DATE_NOT_REAL = "{label} must be a real date"
DATE_OUT_OF_RANGE = "{label} must be between {earliest} and {latest}"
DATE_HINT = "For example, 27 3 2025"
MONTH_HINT = "For example, 3 2026"

_PART_WIDTHS = {"day": 2, "month": 2, "year": 4}

# A sensible date: none of the partnership's records is older than this (the earliest plan
# in the seeds is of 2010), nor, by default, more than five years ahead; a field whose dates
# are closer says so (a session is booked at most two years ahead).
EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5


def sensible_dates(years_ahead: int = YEARS_AHEAD) -> tuple[datetime.date, datetime.date]:
    """The first and last date a person may enter: 1 January 2000 and the end of the year
    `years_ahead` years from now."""
    return EARLIEST_DATE, datetime.date(datetime.date.today().year + years_ahead, 12, 31)


def day_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_out_of_range(label: str, years_ahead: int = YEARS_AHEAD) -> str:
    """ "Date of the incident must be between 1 January 2000 and 31 December 2031"."""
    earliest, latest = sensible_dates(years_ahead)
    return DATE_OUT_OF_RANGE.format(
        label=label, earliest=day_text(earliest), latest=day_text(latest)
    )


def sensible_date_checked(field: forms.Field, years_ahead: int = YEARS_AHEAD) -> forms.Field:
    """`field` (a plain date field, such as the admin's) refuses a date outside the
    sensible dates, naming itself."""

    def check(value):
        earliest, latest = sensible_dates(years_ahead)
        if value is not None and not earliest <= value <= latest:
            raise forms.ValidationError(
                date_out_of_range(str(field.label or "Date"), years_ahead), code="out_of_range"
            )

    field.validators.append(check)
    return field


class GovukDateInput(forms.MultiWidget):
    """Boxes for the day (unless `with_day` is False), the month and the year. Named
    `<field>_day`, `<field>_month`, `<field>_year`; the field's template draws the fieldset."""

    template_name = "govuk/forms/date_input.html"

    def __init__(self, attrs=None, *, with_day=True):
        self.parts = ["day", "month", "year"] if with_day else ["month", "year"]
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value is None:
            return [None] * len(self.parts)
        return [getattr(value, part) for part in self.parts]

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0]}" if id_ else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        has_error = "--error" in widget["attrs"].get("class", "")
        for part, subwidget in zip(self.parts, widget["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            sub_attrs.pop("aria-describedby", None)  # the fieldset points at hint and error
            if widget["attrs"].get("id"):
                sub_attrs["id"] = f"{widget['attrs']['id']}_{part}"
            sub_attrs["class"] = (
                f"govuk-input govuk-date-input__input govuk-input--width-{_PART_WIDTHS[part]}"
                + (" govuk-input--error" if has_error else "")
            )
            subwidget["label"] = part.title()
        return context


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class GovukDateField(forms.Field):
    """A date entered as day, month and year, checked the GOV.UK way: one message for the whole
    date, saying what is missing or wrong."""

    with_day = True

    def __init__(
        self,
        *,
        required=True,
        label=None,
        help_text=None,
        error_label=None,
        years_ahead=YEARS_AHEAD,
        **kwargs,
    ):
        """`error_label`: how the error messages name the date, when not by its label (a
        label that is a question or an instruction)."""
        self.error_label = error_label
        self.years_ahead = years_ahead
        widget = GovukDateInput(with_day=self.with_day)
        if not help_text:
            help_text = DATE_HINT if self.with_day else MONTH_HINT
        super().__init__(
            required=required, label=label, help_text=help_text, widget=widget, **kwargs
        )

    def prepare_value(self, value):
        return value

    def _label(self) -> str:
        return str(self.error_label or self.label or "Date")

    def to_python(self, value):
        parts = self.widget.parts
        if not isinstance(value, (list, tuple)):
            return value or None
        values = [str(v or "").strip() for v in value]
        if not any(values):
            return None
        missing = [part for part, v in zip(parts, values, strict=True) if not v]
        if missing:
            raise forms.ValidationError(
                DATE_INCOMPLETE.format(label=self._label(), missing=" and ".join(missing)),
                code="incomplete",
            )
        try:
            numbers = dict(zip(parts, (int(v) for v in values), strict=True))
            if not 1000 <= numbers["year"] <= 9999:
                raise ValueError
            return datetime.date(numbers["year"], numbers["month"], numbers.get("day", 1))
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                DATE_NOT_REAL.format(label=self._label()), code="invalid"
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                DATE_REQUIRED.format(what=_lower_first(self._label())), code="required"
            )
        earliest, latest = sensible_dates(self.years_ahead)
        if value is not None and not earliest <= value <= latest:
            raise forms.ValidationError(
                date_out_of_range(self._label(), self.years_ahead), code="out_of_range"
            )

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


class GovukMonthField(GovukDateField):
    """A month and year, stored as the first day of the month."""

    with_day = False


# --- every error names its field -------------------------------------------------------------
# Django's own messages ("This field is required.", "Select a valid choice…", "Enter a whole
# number.") do not say which field is wrong: in an error summary of several they cannot be
# told apart. A form's own message for a field is kept; Django's are replaced by these.

NAMED_ERRORS = {
    "required": "Enter the {what}",
    "invalid_choice": "Select the {what} from the list",
    "invalid_list": "Select the {what} from the list",
    "invalid_pk_value": "Select the {what} from the list",
    "max_length": "The {what} must be %(limit_value)d characters or fewer",
    "min_length": "The {what} must be at least %(limit_value)d characters",
    "min_value": "The {what} must be %(limit_value)s or more",
    "max_value": "The {what} must be %(limit_value)s or less",
    "max_digits": "The {what} must have no more than %(max)s digits",
    "max_decimal_places": "The {what} must have no more than %(max)s decimal places",
    "max_whole_digits": "The {what} must have no more than %(max)s digits before the point",
    "null_characters_not_allowed": "The {what} must not contain null characters",
}
SELECT_REQUIRED = "Select the {what}"
NAMED_INVALID = {
    forms.IntegerField: "Enter the {what} as a whole number",
    forms.DecimalField: "Enter the {what} as a number",
    forms.FloatField: "Enter the {what} as a number",
    forms.URLField: "Enter the {what} as a web address, for example https://www.example.org",
    forms.EmailField: "Enter the {what} in the correct format, like name@example.org",
    forms.DateField: "The {what} must be a real date",
}
_CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.BooleanField)


def django_default_messages(field: forms.Field) -> dict[str, str]:
    """The messages Django gives a field of this kind when the form gives none."""
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def field_name_in_words(name: str, field: forms.Field) -> str:
    """The field as a message names it: its label in lower case, without "(optional)"."""
    label = str(field.label or name.replace("_", " ")).removesuffix(" (optional)")
    return _lower_first(label.rstrip("?"))


def name_field_errors(form: forms.BaseForm) -> None:
    """Replace Django's messages on every field of `form` by messages naming the field;
    file fields keep the messages of their upload checks, but not Django's "required"."""
    for name, field in form.fields.items():
        defaults = django_default_messages(field)
        what = field_name_in_words(name, field)
        # A validator's message (a maximum length, a minimum value) is Django's own unless
        # the field gives one for its code.
        codes = [*field.error_messages, *(getattr(v, "code", None) for v in field.validators)]
        for code in dict.fromkeys(c for c in codes if c):
            message = field.error_messages.get(code)
            if message is not None and message != defaults.get(code):
                continue
            if code == "required":
                named = SELECT_REQUIRED if isinstance(field, _CHOOSING) else NAMED_ERRORS[code]
            elif code == "invalid":
                named = next(
                    (text for kind, text in NAMED_INVALID.items() if isinstance(field, kind)),
                    None,
                )
            elif isinstance(field, forms.FileField):
                named = None
            else:
                named = NAMED_ERRORS.get(code)
            if named:
                field.error_messages[code] = named.format(what=what)


class NamedErrorsForm(forms.Form):
    """A plain form whose errors name their fields (name_field_errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_field_errors(self)
