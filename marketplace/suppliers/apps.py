from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "marketplace.suppliers"
    label = "suppliers"
