from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "marketplace.alerts"
    label = "alerts"

    def ready(self):
        from . import signals  # noqa: F401  every supplier user starts with its services alert
