from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "kscp.assurance"
    label = "assurance"
    verbose_name = "Yearly report"
