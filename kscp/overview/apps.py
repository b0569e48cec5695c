from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """Installed for its management command (board_pack_pdf); it has no models."""

    name = "kscp.overview"
    label = "overview"
    verbose_name = "Overview"
