from django.apps import AppConfig


class KscpConfig(AppConfig):
    name = "kscp.core"
    label = "kscp"  # kept from before the move: tables, content types and history rows
    verbose_name = "Partnership"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kscp.core.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="kscp.record_sign_in")
