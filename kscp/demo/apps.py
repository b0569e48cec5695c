from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kscp.demo"
    label = "demo"
    verbose_name = "Demo"
