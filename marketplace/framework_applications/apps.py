from django.apps import AppConfig


class FrameworkApplicationsConfig(AppConfig):
    name = "marketplace.framework_applications"
    label = "framework_applications"
    verbose_name = "Framework applications"
