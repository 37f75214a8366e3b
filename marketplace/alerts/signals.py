"""Every supplier user starts with an alert that follows its company's services, however the account was made
(signing up, joining a colleague, the command line, the back office)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="alerts.services_alert")
def start_with_services_alert(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.is_supplier:
        from .services import start_services_alert

        start_services_alert(instance)
