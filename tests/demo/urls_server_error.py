"""The product's URLs and one page that fails, for the test of the 500 page."""

from django.urls import include, path


def failing(request):
    raise RuntimeError("a fault the visitor must not see")


urlpatterns = [path("failing/", failing), path("", include("kscp.urls"))]
