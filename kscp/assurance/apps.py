from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "kscp.assurance"
    label = "assurance"
    verbose_name = "Yearly report"

    def ready(self):
        from kscp.assurance.loading import load_report
        from kscp.core.loading import register_loader

        register_loader("report-*.yaml", load_report)
