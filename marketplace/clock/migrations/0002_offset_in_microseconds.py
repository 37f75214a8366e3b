from django.db import migrations


def seconds_to_microseconds(apps, schema_editor):
    ClockOffset = apps.get_model("clock", "ClockOffset")
    for row in ClockOffset.objects.all():
        row.offset_microseconds = row.offset_microseconds * 1_000_000
        row.save()


class Migration(migrations.Migration):
    """Whole seconds made 'set the clock to 09:00' land a fraction early; keep the offset exact."""

    dependencies = [("clock", "0001_initial")]

    operations = [
        migrations.RenameField("clockoffset", "offset_seconds", "offset_microseconds"),
        migrations.RunPython(seconds_to_microseconds, migrations.RunPython.noop),
    ]
