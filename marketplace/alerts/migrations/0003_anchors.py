"""Search alerts are found by their anchors when an opportunity is published; the ones saved before get theirs."""

from django.db import migrations, models
import django.db.models.deletion


def anchor_existing(apps, schema_editor):
    from marketplace.alerts.selectors import anchors_of

    Alert = apps.get_model("alerts", "Alert")
    AlertAnchor = apps.get_model("alerts", "AlertAnchor")
    rows = [AlertAnchor(alert_id=alert.pk, term=term)
            for alert in Alert.objects.filter(follows_services=False, stopped_at__isnull=True)
            for term in anchors_of(alert)]
    AlertAnchor.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_services_alerts_for_existing_suppliers")]

    operations = [
        migrations.CreateModel(
            name="AlertAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=500)),
                ("alert", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="anchors",
                                            to="alerts.alert")),
            ],
            options={"indexes": [models.Index(fields=["term", "alert"], name="alert_anchors_by_term")]},
        ),
        migrations.RunPython(anchor_existing, migrations.RunPython.noop),
    ]
