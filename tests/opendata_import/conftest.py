"""The original marketplace's opportunity-data CSV: the real file from ../shared when it is there, and small files
written row by row for the cases the real file does not have."""

import csv
from pathlib import Path

import pytest

from applications.conftest import (  # noqa: F401 - the lifecycle fixtures, for a native awarded opportunity
    OUTCOMES, SPECIALISTS, applicant, apply, buyer, close, draft, live, set_clock, supplier_offering,
)

REAL_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dos-opportunity-data-2018-07.csv"

HEADER = [
    "ID", "Opportunity", "Link", "Framework", "Category", "Specialist", "Organisation Name", "Buyer Domain",
    "Location Of The Work", "Published At", "Open For", "Expected Contract Length", "Applications from SMEs",
    "Applications from Large Organisations", "Total Organisations", "Status", "Winning supplier", "Size of supplier",
    "Contract amount", "Contract start date",
]
LINK = "https://www.digitalmarketplace.service.gov.uk/digital-outcomes-and-specialists/opportunities/"


def historic_row(source_id, **changes):
    """A closed digital-outcomes row of the Home Office, the way the original file writes one."""
    row = {
        "ID": str(source_id), "Opportunity": f"Discovery for service {source_id}", "Link": f"{LINK}{source_id}",
        "Framework": "digital-outcomes-and-specialists-2", "Category": "digital-outcomes", "Specialist": "",
        "Organisation Name": "Home Office", "Buyer Domain": "homeoffice.gsi.gov.uk",
        "Location Of The Work": "London", "Published At": "2017-03-01", "Open For": "2 weeks",
        "Expected Contract Length": "6 months", "Applications from SMEs": "5.0",
        "Applications from Large Organisations": "2.0", "Total Organisations": "7.0", "Status": "closed",
        "Winning supplier": "", "Size of supplier": "", "Contract amount": "", "Contract start date": "",
    }
    row.update(changes)
    return row


def awarded_row(source_id, supplier="Kainos Software Ltd", size="large", amount="125000.0", start="2017-5-2",
                **changes):
    return historic_row(source_id, **{"Status": "awarded", "Winning supplier": supplier, "Size of supplier": size,
                                      "Contract amount": amount, "Contract start date": start, **changes})


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header] if isinstance(row, dict) else row)
    return path


def read_csv(text):
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture
def real_file():
    if not REAL_FILE.exists():
        pytest.skip(f"the original marketplace's file is not at {REAL_FILE} (../shared beside the project)")
    return REAL_FILE
