"""`marketplace import dm-csv` and `marketplace export csv`, as an operator runs them."""

import io

import pytest
from django.core.management import CommandError, call_command

from marketplace.opportunities.models import Opportunity

from .conftest import historic_row, read_csv, write_csv


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_prints_the_counts_and_export_writes_the_rows(tmp_path):
    path = write_csv(tmp_path / "file.csv", [historic_row(1), historic_row(2)])

    out, _ = run("import", "dm-csv", str(path), "--dry-run")
    assert out.strip() == ("Would import 2 row(s): 2 new, 0 updated, 0 unchanged, 0 left out until their buyer "
                           "is mapped.")
    assert not Opportunity.objects.exists()

    out, _ = run("import", "dm-csv", str(path))
    assert "Imported 2 row(s): 2 new" in out and Opportunity.objects.count() == 2

    out, _ = run("export", "csv")
    assert [row["ID"] for row in read_csv(out)] == ["1", "2"]
    target = tmp_path / "export.csv"
    _, err = run("export", "csv", str(target))
    assert [row["Opportunity"] for row in read_csv(target.read_text(encoding="utf-8"))] == [
        "Discovery for service 1", "Discovery for service 2"]
    assert err.strip() == f"Wrote 2 opportunities to {target}."


@pytest.mark.django_db
def test_import_lists_every_problem_with_its_line_and_fails(tmp_path):
    path = write_csv(tmp_path / "file.csv", [historic_row(1, **{"Published At": "31/02/2017"}), historic_row(2),
                                             historic_row(3, Category="digital-widgets")])
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"Nothing imported: 2 problem\(s\) in 3 row\(s\)"):
        call_command("import", "dm-csv", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "Line 2: Published At '31/02/2017' is not a date (YYYY-MM-DD)",
        "Line 4: Category 'digital-widgets' is not a lot: use one of digital-outcomes, digital-specialists, "
        "user-research-participants",
    ]
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_import_lists_unmatched_buyers_and_shows_progress_for_long_files(tmp_path):
    rows = [historic_row(n) for n in range(1, 601)]
    rows[4] = historic_row(5, **{"Organisation Name": "Borough of Nowhere", "Buyer Domain": "nowhere.example"})
    path = write_csv(tmp_path / "long.csv", rows)

    out, err = run("import", "dm-csv", str(path))

    assert "Unmatched buyer nowhere.example (Borough of Nowhere): 1 row(s), lines 6" in out
    assert "Imported 600 row(s): 599 new, 0 updated, 0 unchanged, 1 left out" in out
    assert "Read 500 rows..." in err and "Wrote 500 rows of 599..." in err


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "dm-csv", str(tmp_path / "absent.csv"))

