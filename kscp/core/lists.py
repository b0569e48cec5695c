"""What every filtered, sorted and paginated list page shows besides its rows: the filter
form, the page of rows, and table headings that sort by their column."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def sort_headers(query, columns, *, default: str, anchor: str) -> list[dict]:
    """Each column's heading, its aria-sort state and the link that sorts by it (toggling
    direction when it is already the sort), keeping the filters. `columns`: (heading, sort
    key of the filter's "sort" parameter or None when not sortable), with a third item True
    for a heading visible to screen readers only."""
    current = query.get("sort") or default
    headers = []
    for label, key, *hidden in columns:
        if key is None:
            headers.append({"label": label, "hidden": bool(hidden and hidden[0])})
            continue
        state, next_sort = "none", key
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state = "descending"
        params = query.copy()
        params["sort"] = next_sort
        headers.append(
            {"label": label, "aria_sort": state, "url": f"?{params.urlencode()}#{anchor}"}
        )
    return headers


def list_context(request, filterset, *, columns, default_sort: str, anchor: str) -> dict:
    """The filter, its form, the page of its rows, the query to keep on other pages, the
    sortable headings, and whether any filter is chosen."""
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "form": filterset.form,  # the layout prefixes the title with "Error: "
        "page": page,
        "query_without_page": query.urlencode(),
        "headers": sort_headers(query, columns, default=default_sort, anchor=anchor),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }
