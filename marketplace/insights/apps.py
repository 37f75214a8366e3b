from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "marketplace.insights"
    label = "insights"
