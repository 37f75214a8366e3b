from django.db import models


class SearchEntry(models.Model):
    """One published opportunity as the catalogue sees it. Written by `index.reindex_opportunity` in the same
    transaction as the change. The full-text index over `terms` is database-specific (see migrations): an FTS5
    table kept in step by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL."""

    opportunity = models.OneToOneField("opportunities.Opportunity", primary_key=True, on_delete=models.CASCADE,
                                       related_name="search_entry")
    lot = models.CharField(max_length=60)
    location = models.CharField(max_length=60)
    specialist_role = models.CharField(max_length=40, blank=True)
    published_at = models.DateTimeField()
    closing_at = models.DateTimeField()
    withdrawn = models.BooleanField(default=False)
    terms = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-opportunity"], name="search_newest"),
            models.Index(fields=["closing_at"], name="search_closing"),
            models.Index(fields=["lot", "-published_at"], name="search_lot_newest"),
        ]
