"""What the filters of every list page share."""

import django_filters
from django.db.models import Case, F, IntegerField, Value, When


def choice_errors(message: str) -> dict[str, str]:
    """The error messages of a filter field offering choices: `message` for a value not
    offered, or a list of values that is not one."""
    return {"invalid_choice": message, "invalid_list": message}


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen column, blank values last, then by the list's own order
    (`tie_breakers`), so that a page never repeats or skips a row. Fields named in `orders`
    sort in the order of their choices (a review's stages in the order they happen, RAG in
    the product's order), not alphabetically."""

    def __init__(self, *args, tie_breakers=("pk",), orders=None, **kwargs):
        self.tie_breakers = tuple(tie_breakers)
        self.orders = orders or {}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            name = self.param_map.get(param.lstrip("-"))
            if name is None:
                continue
            if name in self.orders:
                alias = f"{name.replace('__', '_')}_order"
                qs = qs.annotate(
                    **{
                        alias: Case(
                            *(
                                When(**{name: choice}, then=Value(position))
                                for position, choice in enumerate(self.orders[name])
                            ),
                            output_field=IntegerField(),
                        )
                    }
                )
                name = alias
            field = F(name)
            ordering.append(
                field.desc(nulls_last=True) if param.startswith("-") else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, *self.tie_breakers)
