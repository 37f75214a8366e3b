from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "marketplace.organisations"
    label = "organisations"
