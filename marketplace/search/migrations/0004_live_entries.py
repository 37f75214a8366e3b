import datetime as dt

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

COLUMNS = "opportunity_id, lot, location, specialist_role, published_at, closing_at, terms"
COPY = (f"INSERT INTO search_liveentry ({COLUMNS}) VALUES (new.opportunity_id, new.lot, new.location, "
        "new.specialist_role, new.published_at, new.closing_at, new.terms);")
UNCOPY = "DELETE FROM search_liveentry WHERE opportunity_id = old.opportunity_id;"
# With no horizon row (a test database flushed between tests), everything visible is copied.
HORIZON = "COALESCE((SELECT horizon FROM search_livehorizon WHERE id = 1), {earliest})"
MAY_BE_LIVE = "NOT new.withdrawn AND new.closing_at > " + HORIZON
SQLITE_MAY_BE_LIVE = MAY_BE_LIVE.format(earliest="''")  # datetimes are text there, and '' sorts first
SQLITE_COPY = (f"INSERT INTO search_liveentry ({COLUMNS}) SELECT new.opportunity_id, new.lot, new.location, "
               f"new.specialist_role, new.published_at, new.closing_at, new.terms WHERE {SQLITE_MAY_BE_LIVE};")
POSTGRES_MAY_BE_LIVE = MAY_BE_LIVE.format(earliest="'-infinity'::timestamptz")

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_live_fts USING fts5(terms, content='search_liveentry', "
    "content_rowid='opportunity_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_live_fts_insert AFTER INSERT ON search_liveentry BEGIN "
    "INSERT INTO search_live_fts(rowid, terms) VALUES (new.opportunity_id, new.terms); END",
    "CREATE TRIGGER search_live_fts_delete AFTER DELETE ON search_liveentry BEGIN "
    "INSERT INTO search_live_fts(search_live_fts, rowid, terms) VALUES ('delete', old.opportunity_id, old.terms); END",
    f"CREATE TRIGGER search_live_insert AFTER INSERT ON search_searchentry BEGIN {SQLITE_COPY} END",
    f"CREATE TRIGGER search_live_delete AFTER DELETE ON search_searchentry BEGIN {UNCOPY} END",
    # One trigger for both steps: SQLite runs several triggers of one event in no promised order.
    f"CREATE TRIGGER search_live_update AFTER UPDATE ON search_searchentry BEGIN {UNCOPY} {SQLITE_COPY} END",
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS search_live_{name}" for name in ("insert", "delete", "update")),
    "DROP TRIGGER IF EXISTS search_live_fts_insert",
    "DROP TRIGGER IF EXISTS search_live_fts_delete",
    "DROP TABLE IF EXISTS search_live_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_liveentry ADD COLUMN document tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) "
    "STORED",
    "CREATE INDEX search_live_document ON search_liveentry USING gin (document)",
    "CREATE FUNCTION search_live_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' THEN {UNCOPY} END IF; "
    f"IF TG_OP <> 'DELETE' AND {POSTGRES_MAY_BE_LIVE} THEN {COPY} END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_live_keep AFTER INSERT OR UPDATE OR DELETE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_live_keep()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_live_keep ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_live_keep()",
    "DROP INDEX IF EXISTS search_live_document",
    "ALTER TABLE search_liveentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill(apps, schema_editor):
    """Copy the entries still open now. The horizon starts at the beginning of time: whatever is written from now
    on is copied until the first pruning, so a platform clock moved back for testing still finds its entries."""
    LiveHorizon = apps.get_model("search", "LiveHorizon")
    SearchEntry = apps.get_model("search", "SearchEntry")
    LiveEntry = apps.get_model("search", "LiveEntry")
    LiveHorizon.objects.create(id=1, horizon=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    fields = ["opportunity_id", "lot", "location", "specialist_role", "published_at", "closing_at", "terms"]
    LiveEntry.objects.bulk_create(
        [LiveEntry(**dict(zip(fields, row))) for row in SearchEntry.objects.filter(
            withdrawn=False, closing_at__gt=timezone.now()).values_list(*fields)], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_tally"), ("opportunities", "0002_counting_index")]

    operations = [
        migrations.CreateModel(
            name="LiveEntry",
            fields=[
                ("opportunity", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                     related_name="+", serialize=False,
                                                     to="opportunities.opportunity")),
                ("lot", models.CharField(max_length=60)),
                ("location", models.CharField(max_length=60)),
                ("specialist_role", models.CharField(blank=True, max_length=40)),
                ("published_at", models.DateTimeField()),
                ("closing_at", models.DateTimeField()),
                ("terms", models.TextField()),
            ],
            options={"indexes": [
                models.Index(fields=["closing_at", "lot", "location", "specialist_role"], name="search_live_counted"),
                models.Index(fields=["-published_at", "-opportunity"], name="search_live_newest"),
            ]},
        ),
        migrations.CreateModel(
            name="LiveHorizon",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                               verbose_name="ID")),
                    ("horizon", models.DateTimeField())],
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
                             _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
