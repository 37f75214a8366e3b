"""The seed register of real UK public bodies, loaded idempotently on every start."""

import csv
from pathlib import Path

from django.db import transaction

from .models import BuyerDomain, Organisation, OrganisationName
from .services import normalise_name

REGISTER = Path(__file__).parent / "seed" / "register.csv"


def read_register(path=REGISTER):
    """The register's rows: name, sector, nation, parent (a name), domains and other names (lists)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            {**row, "domains": _split(row["domains"]), "other_names": _split(row["other_names"])}
            for row in csv.DictReader(handle)
        ]


def _split(cell):
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _known_names():
    """Every normalised name the register already answers to, with its organisation's id."""
    known = {normalise_name(name): pk for pk, name in Organisation.objects.values_list("pk", "name")}
    known.update(OrganisationName.objects.values_list("normalised", "organisation_id"))
    return known


@transaction.atomic
def load_seed_register(path=REGISTER):
    """Add the organisations the register lists that the database does not know yet, with their parents,
    domains and other names. An organisation is known if any of its names (after normalise_name) is, so an
    admin's corrections, renames and removed domains survive a restart. Written directly, in bulk (the rules
    admins are held to are proven on the file by the tests)."""
    rows = read_register(path)
    known = _known_names()
    new = [row for row in rows
           if not any(normalise_name(name) in known for name in [row["name"], *row["other_names"]])]
    if not new:
        return 0
    Organisation.objects.bulk_create(
        [Organisation(name=row["name"], sector=row["sector"], nation=row["nation"]) for row in new])
    created = Organisation.objects.in_bulk([row["name"] for row in new], field_name="name")
    known.update({normalise_name(name): organisation.pk for name, organisation in created.items()})

    with_parent = []
    for row in new:
        if row["parent"]:
            created[row["name"]].parent_id = known[normalise_name(row["parent"])]
            with_parent.append(created[row["name"]])
    Organisation.objects.bulk_update(with_parent, ["parent"])

    taken = set(BuyerDomain.objects.values_list("domain", flat=True))
    BuyerDomain.objects.bulk_create([
        BuyerDomain(domain=domain, organisation=created[row["name"]])
        for row in new for domain in row["domains"] if domain not in taken
    ])
    other_names = []
    for row in new:
        for name in row["other_names"]:
            key = normalise_name(name)
            if key not in known:
                known[key] = created[row["name"]].pk
                other_names.append(OrganisationName(organisation=created[row["name"]], name=name, normalised=key))
    OrganisationName.objects.bulk_create(other_names)
    return len(new)
