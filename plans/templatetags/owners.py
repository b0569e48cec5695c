"""{% owners item %}: the owners of an objective or an action, as the plan names them."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def owners(item):
    """The owners of `item` (an objective or an action, owners prefetched) in the plan's
    order, groups linked to their pages, with the words before each (owners_in_order:
    "with support from" before those in support). Drawn here, not by an included
    template: a list of objectives names the owners of each."""
    return format_html_join(
        "", "{}{}", ((before, _named(owner)) for before, owner in item.owners_in_order())
    )


def _named(owner):
    if owner.group_id:
        page = reverse("group", args=[owner.group_id])
        return format_html('<a class="govuk-link" href="{}">{}</a>', page, owner.group.name)
    return str(owner)
