"""The seed register of real UK public bodies, loaded idempotently on every start."""

import csv
from pathlib import Path

from django.db import transaction

from .models import BuyerDomain, Organisation

REGISTER = Path(__file__).parent / "seed" / "register.csv"


@transaction.atomic
def load_seed_register(path=REGISTER):
    """Create the organisations and domains the register lists; only bodies not yet in the register are added,
    so an admin's corrections and removals survive a restart."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_name, created = {}, set()
    for row in rows:
        organisation, was_created = Organisation.objects.get_or_create(
            name=row["name"], defaults={"sector": row["sector"], "nation": row["nation"]}
        )
        by_name[row["name"]] = organisation
        if was_created:
            created.add(row["name"])
    for row in rows:
        if row["name"] not in created:
            continue
        organisation = by_name[row["name"]]
        if row["parent"]:
            organisation.parent = by_name[row["parent"]]
            organisation.save(update_fields=["parent"])
        for domain in filter(None, row["domains"].split(";")):
            BuyerDomain.objects.get_or_create(domain=domain.strip(), defaults={"organisation": organisation})
    return len(created)
