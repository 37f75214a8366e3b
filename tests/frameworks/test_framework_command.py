"""`marketplace framework list|status|add-supplier`: the same rules as the back office, a clear one-line error
and a non-zero exit when refused, and nothing changed."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from factories import make_supplier_user
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.models import Framework
from marketplace.suppliers.models import FrameworkMembership

from .conftest import DOS7

pytestmark = pytest.mark.django_db

DOS6 = "digital-outcomes-and-specialists-6"


def run(*args):
    out = io.StringIO()
    call_command("framework", *args, stdout=out)
    return out.getvalue().strip()


def refused(*args):
    events, memberships = AuditEvent.objects.count(), FrameworkMembership.objects.count()
    statuses = dict(Framework.objects.values_list("slug", "status"))
    with pytest.raises(CommandError) as error:
        run(*args)
    assert AuditEvent.objects.count() == events and FrameworkMembership.objects.count() == memberships
    assert dict(Framework.objects.values_list("slug", "status")) == statuses
    return str(error.value)


def test_list_shows_every_framework_newest_first_with_its_status_lots_and_dates(new_framework):
    new_framework()
    lines = run("list").splitlines()
    headings = [line for line in lines if not line.startswith(" ")]
    assert headings[0] == f"{DOS7}  coming  Digital Outcomes and Specialists 7"
    assert headings[1] == f"{DOS6}  live  Digital Outcomes and Specialists 6"
    assert len(headings) == 7
    dos6 = lines[lines.index(headings[1]):lines.index(headings[2])]
    assert ("    lots: digital-outcomes, digital-specialists, user-research-participants, user-research-studios"
            in dos6)
    assert dos6[2:] == ["    Clarification questions close: 5pm on 9 July 2024",
                        "    Applications close: 5pm on 23 July 2024", "    Results: 9am on 3 September 2024",
                        "    Live: 9am on 1 October 2024", "    Expires: midnight on 1 October 2028"]


def test_status_moves_a_framework_on_and_audits_it(new_framework):
    new_framework()
    assert run("status", DOS7, "open") == ("Digital Outcomes and Specialists 7 moved from coming to open for "
                                           "applications.")
    assert Framework.objects.get(slug=DOS7).status == "open"
    event = AuditEvent.objects.get(action="framework.status_changed")
    assert event.actor is None and event.actor_label == "marketplace command line"
    assert event.detail == {"from": "coming", "to": "open"}


@pytest.mark.parametrize("args, message", [
    (("status", "g-cloud-14", "live"), "There is no framework 'g-cloud-14': `marketplace framework list` shows them"),
    (("status", DOS6, "finished"), "There is no framework status 'finished': use one of coming, open, pending, "
                                   "standstill, live, expired"),
    (("status", DOS6, "open"), "Digital Outcomes and Specialists 6 cannot go back from live to open for "
                               "applications"),
    (("status", DOS7, "live"), "Digital Outcomes and Specialists 7 cannot skip a step: from coming it can only "
                               "move to open for applications"),
])
def test_status_refusals_say_why_and_change_nothing(new_framework, args, message):
    new_framework()
    assert refused(*args).startswith(message)


def test_add_supplier_puts_the_supplier_on_the_framework_and_audits_it(new_framework):
    framework = new_framework(status="standstill")
    supplier = make_supplier_user(supplier_name="Agile Works Ltd").supplier
    assert run("add-supplier", DOS7, str(supplier.pk)) == ("Agile Works Ltd is now on Digital Outcomes and "
                                                           "Specialists 7.")
    assert FrameworkMembership.objects.filter(supplier=supplier, framework=framework).exists()
    event = AuditEvent.objects.get(action="framework_membership.created", detail__framework=DOS7)
    assert event.actor_label == "marketplace command line"
    assert run("add-supplier", DOS7, str(supplier.pk)) == (
        "Agile Works Ltd is already on Digital Outcomes and Specialists 7: nothing changed.")
    assert AuditEvent.objects.filter(action="framework_membership.created", detail__framework=DOS7).count() == 1


@pytest.mark.parametrize("supplier_id", ["999999", "Agile Works", "99999999999999999999999"])
def test_add_supplier_refuses_a_supplier_that_does_not_exist(supplier_id):
    assert refused("add-supplier", DOS6, supplier_id) == (
        f"There is no supplier {supplier_id}: give the supplier's number, as the back office shows it.")


def test_add_supplier_refuses_an_unknown_or_expired_framework():
    supplier = make_supplier_user(on_framework=False).supplier
    assert refused("add-supplier", "dos-99", str(supplier.pk)).startswith("There is no framework 'dos-99'")
    assert refused("add-supplier", "digital-outcomes-and-specialists-5", str(supplier.pk)) == (
        "Digital Outcomes and Specialists 5 has expired: suppliers can no longer be added to it")


def test_the_console_command_exits_non_zero_with_the_message(tmp_path):
    """The real `marketplace` entry point, as an operator runs it (on its own SQLite database)."""
    env = {"PATH": "/usr/bin:/bin", "MARKETPLACE_VAR_DIR": str(tmp_path), "PYTHONPATH": ":".join(sys.path)}
    subprocess.run([sys.executable, "-m", "marketplace.cli", "migrate", "-v", "0"], env=env, check=True)
    done = subprocess.run([sys.executable, "-m", "marketplace.cli", "framework", "status", "nope", "live"], env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "There is no framework 'nope'" in done.stderr
