from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "marketplace.clock"
    label = "clock"
