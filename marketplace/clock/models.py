from django.db import models


class ClockOffset(models.Model):
    """The one shared shift of the platform clock, used only where clock travel is allowed.

    Stored in the database so every process on the same database (web, worker, CLI) sees the same time.
    """

    singleton = models.BooleanField(primary_key=True, default=True)
    offset_microseconds = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="clock_offset_singleton")]
