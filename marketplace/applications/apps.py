from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "marketplace.applications"
    label = "applications"
    verbose_name = "Applications and awards"
