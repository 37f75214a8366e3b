"""Publications whose instant alerts were sent are marked, so the scheduled job catches up on the others. Recent
publications from before the mark existed are marked as sent: their tasks ran, or were queued, already."""

import datetime as dt

from django.db import migrations, models
import django.db.models.deletion
from django.utils import timezone


def mark_recent_publications(apps, schema_editor):
    Opportunity = apps.get_model("opportunities", "Opportunity")
    InstantAlertsSent = apps.get_model("alerts", "InstantAlertsSent")
    now = timezone.now()
    InstantAlertsSent.objects.bulk_create(
        [InstantAlertsSent(opportunity_id=pk, sent_at=now) for pk in Opportunity.objects.filter(
            published_at__gte=now - dt.timedelta(days=2)).values_list("pk", flat=True)], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_anchors"), ("opportunities", "0002_counting_index")]

    operations = [
        migrations.CreateModel(
            name="InstantAlertsSent",
            fields=[
                ("opportunity", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                     related_name="+", serialize=False,
                                                     to="opportunities.opportunity")),
                ("sent_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(mark_recent_publications, migrations.RunPython.noop),
    ]
