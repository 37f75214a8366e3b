"""The product-not-outcome check on the titles of the original marketplace's opportunity-data CSV: how many titles
it flags, overall and by lot, and how long checking a title takes.

    .venv/bin/python bench/checks.py PATH [--show 20]

Uses the database at DATABASE_URL (or the SQLite file under MARKETPLACE_VAR_DIR), migrated, for the terms a platform
admin may have added; it changes nothing there.
"""

import argparse
import collections
import csv
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from marketplace.checks.selectors import check_title  # noqa: E402

CATEGORY_LOTS = {"digital-outcomes": "digital-outcomes", "digital-specialists": "digital-specialists",
                 "user-research-participants": "user-research-participants"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--show", type=int, default=0, help="print this many flagged titles")
    arguments = parser.parse_args()
    with open(arguments.path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    totals, flagged, examples = collections.Counter(), collections.Counter(), []
    started = time.perf_counter()
    for row in rows:
        lot = CATEGORY_LOTS.get(row["Category"], "digital-outcomes")
        totals[lot] += 1
        findings = [f for f in check_title(lot, row["Opportunity"]) if f.check == "product-not-outcome"]
        if findings:
            flagged[lot] += 1
            examples.append(f"{row['ID']}: {row['Opportunity']}  [{findings[0].message.split(': ', 1)[1]}]")
    elapsed = time.perf_counter() - started
    for lot in sorted(totals):
        print(f"{lot}: {flagged[lot]} of {totals[lot]} titles ({flagged[lot] / totals[lot]:.1%})")
    total, hits = sum(totals.values()), sum(flagged.values())
    print(f"all: {hits} of {total} titles ({hits / total:.1%}); {elapsed / total * 1000:.2f} ms a title")
    for line in examples[:arguments.show]:
        print(line)


if __name__ == "__main__":
    main()
