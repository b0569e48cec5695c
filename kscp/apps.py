from django.apps import AppConfig


class KscpConfig(AppConfig):
    name = "kscp"
    verbose_name = "Partnership"
