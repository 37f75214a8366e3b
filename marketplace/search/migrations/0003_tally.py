from django.db import migrations, models

# Triggers, not Python, keep the tallies: every writer of search entries (the services, the importers, bulk loads,
# a cascade from a deleted opportunity) then keeps them right, in the same transaction. An entry counts while it is
# not withdrawn; an update counts only when it moves the entry between tallies.
CHANGED = ("old.lot IS DISTINCT FROM new.lot OR old.location IS DISTINCT FROM new.location "
           "OR old.specialist_role IS DISTINCT FROM new.specialist_role "
           "OR old.withdrawn IS DISTINCT FROM new.withdrawn")
ADD = ("INSERT INTO search_tally (lot, location, specialist_role, entries) "
       "VALUES (new.lot, new.location, new.specialist_role, 1) "
       "ON CONFLICT (lot, location, specialist_role) DO UPDATE SET entries = search_tally.entries + 1;")
REMOVE = ("UPDATE search_tally SET entries = entries - 1 "
          "WHERE lot = old.lot AND location = old.location AND specialist_role = old.specialist_role;")
FILL = ("INSERT INTO search_tally (lot, location, specialist_role, entries) "
        "SELECT lot, location, specialist_role, COUNT(*) FROM search_searchentry WHERE NOT withdrawn "
        "GROUP BY lot, location, specialist_role")

SQLITE_FORWARD = [
    f"CREATE TRIGGER search_tally_insert AFTER INSERT ON search_searchentry WHEN NOT new.withdrawn BEGIN {ADD} END",
    f"CREATE TRIGGER search_tally_delete AFTER DELETE ON search_searchentry WHEN NOT old.withdrawn BEGIN {REMOVE} END",
    f"CREATE TRIGGER search_tally_leave AFTER UPDATE ON search_searchentry "
    f"WHEN NOT old.withdrawn AND ({CHANGED.replace('IS DISTINCT FROM', 'IS NOT')}) BEGIN {REMOVE} END",
    f"CREATE TRIGGER search_tally_join AFTER UPDATE ON search_searchentry "
    f"WHEN NOT new.withdrawn AND ({CHANGED.replace('IS DISTINCT FROM', 'IS NOT')}) BEGIN {ADD} END",
    FILL,
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS search_tally_{name}" for name in ("insert", "delete", "leave", "join")]
POSTGRES_FORWARD = [
    "CREATE FUNCTION search_tally_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP <> 'INSERT' AND NOT old.withdrawn THEN {REMOVE} END IF; "
    f"IF TG_OP <> 'DELETE' AND NOT new.withdrawn THEN {ADD} END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_tally_insert_delete AFTER INSERT OR DELETE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_tally_count()",
    f"CREATE TRIGGER search_tally_update AFTER UPDATE ON search_searchentry FOR EACH ROW WHEN ({CHANGED}) "
    "EXECUTE FUNCTION search_tally_count()",
    FILL,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_tally_update ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_tally_insert_delete ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_tally_count()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_filters_in_the_index")]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lot", models.CharField(max_length=60)),
                ("location", models.CharField(max_length=60)),
                ("specialist_role", models.CharField(blank=True, max_length=40)),
                ("entries", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("lot", "location", "specialist_role"),
                                                        name="search_tally_key")],
            },
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_newest"),
        migrations.AddIndex(model_name="searchentry", index=models.Index(
            fields=["-published_at", "-opportunity", "closing_at", "withdrawn", "lot", "location", "specialist_role"],
            name="search_newest_browsed")),
        migrations.RemoveIndex(model_name="searchentry", name="search_closing"),
        migrations.AddIndex(model_name="searchentry", index=models.Index(
            fields=["closing_at", "lot", "location", "specialist_role", "withdrawn"], name="search_live")),
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
                             _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})),
    ]
