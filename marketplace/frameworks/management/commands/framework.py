"""`marketplace framework list|status SLUG STATUS|add-supplier SLUG SUPPLIER_ID`: a platform admin's framework
work from the command line, through the same services as the back office."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from marketplace.formatting import london_time
from marketplace.framework_applications import services as applications
from marketplace.frameworks import services
from marketplace.frameworks.models import Framework
from marketplace.frameworks.selectors import frameworks_newest_first
from marketplace.suppliers.models import FrameworkMembership, Supplier
from marketplace.suppliers.services import add_to_framework

# Who the audit trail says acted: whoever can run commands on the server.
COMMAND_LINE = "marketplace command line"


def _framework(slug):
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        known = ", ".join(Framework.objects.order_by("-generation").values_list("slug", flat=True))
        raise CommandError(f"There is no framework {slug!r}: `marketplace framework list` shows them ({known}).")
    return framework


def _when(value):
    return london_time(value) if value else "not set"


class Command(BaseCommand):
    help = ("Frameworks: `list` them with their status and dates, move one to a `status` (coming, open, pending, "
            "standstill, live, expired; each move has its own rules and is audited), or `add-supplier` to put a "
            "supplier on one directly (a support decision, audited).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|status|add-supplier")
        actions.add_parser("list", help="Every framework, newest first, with its status, lots and dates.")
        status = actions.add_parser("status", help="Move a framework to its next status, e.g. `status "
                                                   "digital-outcomes-and-specialists-7 open`.")
        status.add_argument("slug")
        status.add_argument("status", help=", ".join(Framework.Status.values))
        add = actions.add_parser("add-supplier", help="Put the supplier (by its number) on the framework.")
        add.add_argument("slug")
        add.add_argument("supplier_id")

    def handle(self, *args, action, **options):
        if action == "list":
            self._list()
        elif action == "status":
            self._status(options["slug"], options["status"])
        else:
            self._add_supplier(options["slug"], options["supplier_id"])

    def _list(self):
        for framework in frameworks_newest_first():
            self.stdout.write(f"{framework.slug}  {framework.status}  {framework.name}")
            self.stdout.write(f"    lots: {', '.join(lot.slug for lot in framework.lots.all()) or 'none'}")
            for field, name in services.DATES:
                self.stdout.write(f"    {name}: {_when(getattr(framework, field))}")

    def _status(self, slug, status):
        framework = _framework(slug)
        before = framework.get_status_display().lower()
        try:
            services.move_framework(framework, status, by=COMMAND_LINE)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages))
        self.stdout.write(f"{framework.name} moved from {before} to {framework.get_status_display().lower()}.")
        summary = applications.move_summary(framework)
        if summary:
            self.stdout.write(summary)

    def _add_supplier(self, slug, supplier_id):
        framework = _framework(slug)
        number = int(supplier_id) if supplier_id.isdigit() and len(supplier_id) < 19 else None  # fits a bigint
        supplier = Supplier.objects.filter(pk=number).first() if number is not None else None
        if supplier is None:
            raise CommandError(f"There is no supplier {supplier_id}: give the supplier's number, as the back "
                               "office shows it.")
        if FrameworkMembership.objects.filter(supplier=supplier, framework=framework).exists():
            self.stdout.write(f"{supplier.name} is already on {framework.name}: nothing changed.")
            return
        try:
            add_to_framework(supplier, framework, by=COMMAND_LINE)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages))
        self.stdout.write(f"{supplier.name} is now on {framework.name}.")
