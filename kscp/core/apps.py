from django.apps import AppConfig


class KscpConfig(AppConfig):
    name = "kscp.core"
    label = "kscp"  # kept from before the move: tables, content types and history rows
    verbose_name = "Partnership"
