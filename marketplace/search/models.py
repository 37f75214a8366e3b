from django.db import models


class SearchEntry(models.Model):
    """One published opportunity as the catalogue sees it. Written by `index.reindex_opportunity` (or, many at once,
    `index.reindex_opportunities`) in the same transaction as the change. The full-text index over `terms` is
    database-specific (see migrations): an FTS5 table kept in step by triggers on SQLite, a generated tsvector
    column with a GIN index on PostgreSQL."""

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
            # Newest first, covering the filters so that browsing pages far back reads the index alone.
            models.Index(fields=["-published_at", "-opportunity", "closing_at", "withdrawn", "lot", "location",
                                 "specialist_role"], name="search_newest_browsed"),
            # Covers counting the live entries by lot, location and role from the index alone.
            models.Index(fields=["closing_at", "lot", "location", "specialist_role", "withdrawn"], name="search_live"),
            models.Index(fields=["lot", "-published_at"], name="search_lot_newest"),
        ]


class Tally(models.Model):
    """How many visible (not withdrawn) entries share one lot, location and specialist role. Database triggers on
    SearchEntry keep it in the same transaction as every change to an entry, whoever writes it (see migration 0003),
    so browsing by filters adds up a few hundred of these instead of counting every match."""

    lot = models.CharField(max_length=60)
    location = models.CharField(max_length=60)
    specialist_role = models.CharField(max_length=40, blank=True)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lot", "location", "specialist_role"], name="search_tally_key")]


class LiveEntry(models.Model):
    """The entries that may still be live: a copy of each visible entry that was not closed when it was written,
    with its own full-text index, so live counts and live pages read a few thousand entries rather than the matches
    of every opportunity ever published. Database triggers on SearchEntry keep it in the same transaction as every
    change (see migration 0004); nothing in Python writes it. An entry stays here past its closing moment until
    `index.prune_live_entries` (a scheduled job) removes it, so every reader still asks `closing_at > now`:
    correctness never waits for the pruning."""

    opportunity = models.OneToOneField("opportunities.Opportunity", primary_key=True, on_delete=models.CASCADE,
                                       related_name="+")
    lot = models.CharField(max_length=60)
    location = models.CharField(max_length=60)
    specialist_role = models.CharField(max_length=40, blank=True)
    published_at = models.DateTimeField()
    closing_at = models.DateTimeField()
    terms = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["closing_at", "lot", "location", "specialist_role"], name="search_live_counted"),
            models.Index(fields=["-published_at", "-opportunity"], name="search_live_newest"),
        ]


class LiveHorizon(models.Model):
    """One row: entries closing at or before `horizon` are not copied into LiveEntry. Pruning moves it on to the
    moment it pruned, so entries written later that closed before it (an import of history) are not copied."""

    horizon = models.DateTimeField()
