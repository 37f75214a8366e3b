from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "marketplace.frameworks"
    label = "frameworks"
