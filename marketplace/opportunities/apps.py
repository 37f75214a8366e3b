from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "marketplace.opportunities"
    label = "opportunities"
