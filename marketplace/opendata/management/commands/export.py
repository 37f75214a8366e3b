"""`marketplace export csv [PATH|-]` and `marketplace export ocds releases|records [PATH|-]`: the open data, written
to a file or to standard output ("-", the default)."""

from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from marketplace.opendata import ocds
from marketplace.opendata.export_csv import write_opportunity_csv


class Command(BaseCommand):
    help = "Write the open data: the opportunity-data CSV or an OCDS package."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        as_csv = kinds.add_parser("csv", help="The public opportunity-data CSV.")
        as_csv.add_argument("path", nargs="?", default="-", help="Where to write it; '-' (the default) for stdout.")
        as_ocds = kinds.add_parser("ocds", help="An OCDS 1.1 release package or record package.")
        as_ocds.add_argument("package", choices=["releases", "records"])
        as_ocds.add_argument("path", nargs="?", default="-", help="Where to write it; '-' (the default) for stdout.")

    def handle(self, *args, kind, path="-", package=None, **options):
        with self.output(path) as out:
            if kind == "csv":
                written = write_opportunity_csv(out)
            else:
                ocds.export(package, out)
        if path != "-":
            summary = f"{written} opportunities" if kind == "csv" else f"OCDS {package}"
            self.stderr.write(f"Wrote {summary} to {path}.")

    @contextmanager
    def output(self, path):
        if path == "-":
            yield _Stdout(self.stdout)
            return
        try:
            handle = open(path, "w", encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}")
        with handle:
            yield handle


class _Stdout:
    """Standard output as a plain text stream (Django's wrapper would add a newline after every write)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
