from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ChecksConfig(AppConfig):
    name = "marketplace.checks"
    label = "checks"
    verbose_name = "Requirement checks"

    def ready(self):
        post_migrate.connect(_check_unchecked, sender=self)


def _check_unchecked(using, **kwargs):
    """After `migrate`, with every table as the code expects it: keep the findings on requirements published before
    the checks were kept (see services.check_unchecked)."""
    from .services import check_unchecked

    check_unchecked()
