from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "marketplace.search"
    label = "search"
