from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "kscp.assurance"
    label = "assurance"
    verbose_name = "Yearly report"

    def ready(self):
        from kscp.assurance.access import is_lead_partner
        from kscp.assurance.loading import load_report
        from kscp.core.loading import register_loader
        from kscp.core.policy import register_lead_partner_check

        register_loader("report-*.yaml", load_report)
        # Lead safeguarding partners read what the executive group reads (the board pack).
        register_lead_partner_check(is_lead_partner)
