"""`marketplace import dm-csv PATH [--dry-run]`: the original marketplace's opportunity-data CSV, as historic
opportunities. All or nothing; prints the counts and every problem with its line number."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.opendata.importer import import_dm_csv


class Command(BaseCommand):
    help = "Import data from another service."

    def add_arguments(self, parser):
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        dm = sources.add_parser("dm-csv", help="The original Digital Marketplace's opportunity-data CSV.")
        dm.add_argument("path", help="The CSV file.")
        dm.add_argument("--dry-run", action="store_true", help="Check the file and count, but change nothing.")

    def handle(self, *args, source, path, dry_run=False, **options):
        try:
            report = import_dm_csv(path, dry_run=dry_run, progress=self.progress)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}")
        for problem in report.problems:
            self.stdout.write(str(problem))
        for formula in report.formulas:
            self.stdout.write(str(formula))
        for buyer in report.unmatched:
            names = "; ".join(buyer.organisation_names[:3])
            lines = ", ".join(str(line) for line in buyer.lines)
            self.stdout.write(f"Unmatched buyer {buyer.domain or '(no domain)'}"
                              f"{f' ({names})' if names else ''}: {len(buyer.lines)} row(s), lines {lines}")
        if report.unmatched:
            self.stdout.write("Map each unmatched buyer to an organisation in the admin (Open data > Unmatched "
                              "buyers), then import the file again.")
        if report.problems:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())

    def progress(self, stage, done, total):
        self.stderr.write(f"{stage.capitalize()} {done} rows" + (f" of {total}" if total else "") + "...")
