from django.db import models


class OutboundEmail(models.Model):
    """The outbox: an email is written here in the same transaction as the change it reports,
    then delivered by the background worker. A unique `dedupe_key` makes each email go out once."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # Extra headers to send, e.g. List-Unsubscribe (RFC 8058) for alerts.
    headers = models.JSONField(default=dict, blank=True)
    purpose = models.CharField(max_length=60)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self):
        return f"{self.subject} to {self.to}"
