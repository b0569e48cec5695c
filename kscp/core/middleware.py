"""Responses to signed-in people are never kept by a browser or a shared cache: case records,
attendance lists, CSVs and PDFs must not be readable from a browser's cache after sign-out."""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
