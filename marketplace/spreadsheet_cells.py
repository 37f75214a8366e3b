"""Cells of the CSV files we write, made safe to open in a spreadsheet (CSV formula injection).

A spreadsheet program runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and some also when it begins
with a tab or a carriage return, so text a buyer or supplier typed could run on the computer of whoever opens the
file. As OWASP's CSV injection page advises, such a cell is written with a single quote in front (the spreadsheet
shows the text and runs nothing) and in double quotes. One rule, here, for every CSV we write; PostgreSQL's COPY of
the public CSV writes the same rule in SQL (`neutralised_sql`), tested against this one.

A plain number ("-5", "-12.50", "+3") is left as it is: a spreadsheet reads it as the number it is, and nothing in
it can run, while a quote in front would turn a legitimate negative amount into text that no longer adds up. Only
a whole cell of digits with an optional sign and decimal part counts: "-2+3", "-1-1" (which a spreadsheet computes)
and "+44 20 7946 0000" are neutralised. Dates we write are ISO dates ("2016-07-13"), which begin with a digit and
so are never touched.

ODS files need none of this: their cells are typed as text, which a spreadsheet never evaluates, and a quote in
front would be shown.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_PLAIN_NUMBER_SQL = r"^[+-]?[0-9]+(\.[0-9]+)?$"
_FORMULA_START_SQL = r"^[-=+@\t\r]"  # in an E'' string: a tab and a carriage return
NEUTRALISER = "'"


def would_be_formula(text):
    """True if a spreadsheet opening `text` as a cell would treat it as a formula."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def neutralised(value):
    """The cell's text as it is written: with a quote in front if it would otherwise be a formula."""
    text = str(value)
    return NEUTRALISER + text if would_be_formula(text) else text


def as_read(text):
    """The text a neutralised cell stands for (the quote taken off): what reading our own CSV back must give."""
    if text.startswith(NEUTRALISER) and would_be_formula(text[1:]):
        return text[1:]
    return text


def neutralised_sql(expression):
    """`neutralised` in PostgreSQL, over an SQL text expression (NULL stays NULL). Its regular expressions are the
    Python ones, written without parameters so the statement can be composed anywhere."""
    return (f"CASE WHEN {expression} ~ E'{_FORMULA_START_SQL}' AND {expression} !~ '{_PLAIN_NUMBER_SQL}' "
            f"THEN '''' || {expression} ELSE {expression} END")


def _needs_forced_quotes(text):
    return text.startswith(NEUTRALISER) and would_be_formula(text[1:])


def _quoted(text):
    return '"' + text.replace('"', '""') + '"'


class CsvWriter:
    """csv.writer (QUOTE_MINIMAL, "\r\n" for its quoting rule) with the cells neutralised, and a neutralised cell in
    double quotes as well. A cell that already begins with a quote and a formula character is quoted too, so how a
    cell is written depends only on its final text (PostgreSQL's COPY is compared with this byte for byte)."""

    def __init__(self, out, lineterminator="\r\n"):
        self.out, self.lineterminator = out, lineterminator
        self.writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, values):
        cells = [neutralised(value) for value in values]
        if not any(_needs_forced_quotes(cell) for cell in cells):
            return self.writer.writerow(cells)
        return self.out.write(",".join(_quoted(cell) if _needs_forced_quotes(cell) or _csv_would_quote(cell)
                                       else cell for cell in cells) + self.lineterminator)


def _csv_would_quote(cell):
    """QUOTE_MINIMAL's rule with "\r\n" line endings: a comma, a double quote, a carriage return or a newline."""
    return any(character in cell for character in ',"\r\n')
