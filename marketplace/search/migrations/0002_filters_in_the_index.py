from django.db import migrations


def rebuild(apps, schema_editor):
    """Entries written before filters became reserved terms in the index are rewritten, so they are found again."""
    from marketplace.search.index import indexed_terms

    SearchEntry = apps.get_model("search", "SearchEntry")
    Opportunity = apps.get_model("opportunities", "Opportunity")
    opportunities = Opportunity.objects.filter(search_entry__isnull=False).select_related("lot", "organisation")
    for opportunity in opportunities.iterator(chunk_size=2000):
        SearchEntry.objects.filter(opportunity_id=opportunity.pk).update(terms=indexed_terms(opportunity))


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("opportunities", "0001_initial")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
