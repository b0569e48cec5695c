"""{% owners item %}: the owners of an objective or an action, as the plan names them."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from plans.models import words_before

register = template.Library()


@register.simple_tag
def owners(item, named=None):
    """The owners of `item` (an objective or an action) in the plan's order, groups linked
    to their pages, with the words before each (words_before: "with support from" before
    those in support): its owners prefetched, or, from `named`, the OwnerNames of each
    item by id (the dashboard's, read as values). Drawn here, not by an included
    template: a list of objectives names the owners of each."""
    listed = list(item.owners.all()) if named is None else named.get(item.pk, [])
    before = words_before([owner.role for owner in listed])
    return format_html_join(
        "", "{}{}", ((words, _named(owner)) for words, owner in zip(before, listed, strict=True))
    )


def _named(owner):
    if owner.group_id:
        page = reverse("group", args=[owner.group_id])
        return format_html('<a class="govuk-link" href="{}">{}</a>', page, str(owner))
    return str(owner)
