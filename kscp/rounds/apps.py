from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "kscp.rounds"
    label = "rounds"
    verbose_name = "Update rounds"
