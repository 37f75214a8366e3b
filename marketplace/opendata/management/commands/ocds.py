"""`marketplace ocds backfill [--dry-run]`: publish the OCDS releases that opportunities published before
releases were kept lack, and say what was (or would be) added."""

from django.core.management.base import BaseCommand

from marketplace.opendata import ocds


class Command(BaseCommand):
    help = "OCDS upkeep: backfill the releases of opportunities published before releases were kept."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        backfill = actions.add_parser("backfill", help="Publish the releases that published opportunities lack.")
        backfill.add_argument("--dry-run", action="store_true", help="Say what would be added; write nothing.")

    def handle(self, *args, action, dry_run=False, **options):
        added = ocds.backfill(dry_run=dry_run)
        if not added:
            self.stdout.write("Nothing to backfill: every published opportunity has its releases.")
            return
        releases = sum(len(kinds) for kinds in added.values())
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(f"{verb} {releases} releases to {len(added)} opportunities:")
        for ocid, kinds in added.items():
            self.stdout.write(f"  {ocid}: {', '.join(kinds)}")
        if dry_run:
            self.stdout.write("Nothing was written (dry run).")
