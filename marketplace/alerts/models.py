import secrets

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    INSTANT = "instant", "As soon as they are published"
    DAILY = "daily", "Once a day, at 8am"


def new_unsubscribe_token():
    return secrets.token_urlsafe(32)


class Alert(models.Model):
    """A supplier user's saved search: newly published opportunities it matches are emailed to the user, at once or
    in a daily digest.

    An alert either holds a catalogue search (`q` and the catalogue's filters, matched by the catalogue's own
    search) or, when `follows_services` is set, follows what the user's company offers now: its lots, specialist
    roles and locations, matched as the buyer's count of suppliers who could apply is. Every supplier user starts
    with one of those (see signals.py). It follows the services rather than copying them at sign-up because
    services change after sign-up (most companies add them later), and a copy would go stale silently; and because
    a company offers different roles in different places, which one catalogue search (every filter ORed within
    itself) cannot say without also matching work the company does not offer.

    `unsubscribe_token` is the secret in the email's one-click unsubscribe link; it names this alert only and is
    compared in constant time (services.alert_for_unsubscribe)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    name = models.CharField(max_length=100)
    follows_services = models.BooleanField(default=False)
    q = models.CharField("Search words", max_length=500, blank=True)
    lots = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)
    roles = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    unsubscribe_token = models.CharField(max_length=64, default=new_unsubscribe_token, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["frequency", "stopped_at"], name="alerts_by_frequency")]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.stopped_at is None

    @property
    def supplier_id(self):
        """The company whose user the alert is for."""
        return self.user.supplier_id


class AlertAnchor(models.Model):
    """A term under which a search alert is found when an opportunity is published: every opportunity the alert
    matches holds at least one of its anchors (search.query.anchors), so a new opportunity's terms find the few
    alerts worth testing among thousands. Written with the alert, in the same transaction (services._anchor);
    services alerts have none (they are found through the suppliers who could apply)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="anchors")
    term = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["term", "alert"], name="alert_anchors_by_term")]


class InstantAlertsSent(models.Model):
    """The instant alerts of this publication have been matched and their emails queued (in the same transaction),
    so the scheduled job that catches up on publications whose task never ran or failed knows to leave it."""

    opportunity = models.OneToOneField("opportunities.Opportunity", primary_key=True, on_delete=models.CASCADE,
                                       related_name="+")
    sent_at = models.DateTimeField()
