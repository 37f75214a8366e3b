"""Supplier users who signed up before alerts start with the same services alert as a new one."""

import secrets

from django.db import migrations
from django.utils import timezone


def services_alerts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Alert = apps.get_model("alerts", "Alert")
    now = timezone.now()
    Alert.objects.bulk_create(
        [Alert(user_id=pk, name="Opportunities for your services", follows_services=True, frequency="daily",
               unsubscribe_token=secrets.token_urlsafe(32), created_at=now, updated_at=now)
         for pk in User.objects.filter(role="supplier").exclude(alerts__isnull=False).values_list("pk", flat=True)],
        batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(services_alerts, migrations.RunPython.noop)]
