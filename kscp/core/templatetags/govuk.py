import re

from django import template
from django.utils.html import Urlizer, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from kscp.core import charts
from kscp.core.fields import PRINT_MAX_LENGTH
from kscp.core.tracking import RAG, RAG_TAG_CLASSES

register = template.Library()

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "csvselect": "govuk-select",  # django-filter's sort (OrderingFilter)
    "checkbox": "govuk-checkboxes__input",
}


@register.simple_tag
def govuk_widget(field, extra_class="", character_count=False):
    """Render a bound field's widget with the GOV.UK class, the error modifier and the
    aria-describedby pointing at its hint and error message. A `character_count` textarea
    also points at its count message, and has no maxlength: GOV.UK's character count lets
    people type past the limit and says by how much, rather than cutting a paste short."""
    base = WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base]
    if field.errors and base != "govuk-checkboxes__input":
        classes.append(f"{base}--error")
    if extra_class:
        classes.append(extra_class)
    described_by = [f"{field.auto_id}-info"] if character_count else []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if character_count:
        attrs["maxlength"] = False  # a False attribute is left out
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] += f" {existing}"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def chart_svg(chart, chart_id, where="below", css_class="app-chart"):
    """A chart of kscp.core.charts as its SVG image (templates/includes/chart.html)."""
    return charts.svg(chart, chart_id, where=where, css_class=css_class)


@register.simple_tag
def chart_table(chart, first, caption):
    """A chart of kscp.core.charts's figures as a table (kscp.core.charts.table)."""
    return charts.table(chart, first, caption)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def rag_tag(rag, words=""):
    """A GOV.UK tag for a RAG value: colour and, always, words."""
    rag = RAG(rag)
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', RAG_TAG_CLASSES[rag], words or rag.label
    )


@register.filter
def rag_meaning(plan, rag):
    """What the plan's progress key says a RAG value means, when it says more than its name."""
    meaning = plan.key_words(rag)
    return "" if meaning == RAG(rag).label else meaning


# What could end a CSS string or its <style> element: quotes, backslashes, "<" and every
# control character (\r and \f end a CSS string as \n does).
CSS_STRING_UNSAFE = re.compile(r"""[\x00-\x1f\x7f-\x9f\\"'<]""")


@register.filter
def css_string(value):
    """Text as the inside of a CSS string in a <style> element: every character that could
    end the string or the element written as a CSS hex escape ("\\D " for a carriage
    return)."""
    return mark_safe(CSS_STRING_UNSAFE.sub(lambda m: f"\\{ord(m[0]):X} ", str(value)))


@register.filter
def for_print(value) -> str:
    """A text as printed: its first PRINT_MAX_LENGTH characters, cut at a word with "…".
    The one place print shortens a text; `shortened_for_print` says whether it did."""
    text = "" if value is None else str(value)
    if len(text) <= PRINT_MAX_LENGTH:
        return text
    return Truncator(text).chars(PRINT_MAX_LENGTH)


@register.filter
def shortened_for_print(record, names: str) -> bool:
    """Whether `for_print` shortens any of the record's fields `names` ("a,b,c")."""
    return any(len(getattr(record, name) or "") > PRINT_MAX_LENGTH for name in names.split(","))


class _WebLinks(Urlizer):
    """Django's urlize for the addresses people paste into progress and evidence: web
    addresses only (http://, https://, www.), never an e-mail address or another scheme."""

    url_template = '<a class="govuk-link" href="{href}"{attrs}>{url}</a>'

    @staticmethod
    def is_email_simple(value):
        return False

    def handle_word(self, word, *, safe_input, autoescape=False, **options):
        """A word that print cut short ("…", for_print) is not linked: its address is not
        the one typed."""
        if word.endswith("…"):
            return escape(word) if autoescape and not safe_input else word
        return super().handle_word(word, safe_input=safe_input, autoescape=autoescape, **options)


_web_links = _WebLinks()


@register.filter(needs_autoescape=True)
def web_links(value, autoescape=True):
    """A text with its web addresses as links (rel="nofollow"), the rest escaped; a
    "javascript:" text stays text."""
    text = "" if value is None else value
    return mark_safe(_web_links(text, nofollow=True, autoescape=autoescape))
