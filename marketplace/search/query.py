"""What people type into the search box: words (all must match), "quoted phrases", and -word or -"a phrase" to
exclude. Parsed once into terms, then written as FTS5 MATCH syntax or a PostgreSQL tsquery."""

import re
from dataclasses import dataclass, field

from .terms import terms

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass
class Query:
    required: list = field(default_factory=list)   # each a tuple of terms: one term, or a phrase
    excluded: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.required and not self.excluded

    @property
    def marked_terms(self):
        return {t for group in self.required for t in group}


def parse(text):
    query = Query()
    for match in _TOKEN.finditer((text or "")[:500]):
        if match.group(2) is not None:
            negative, raw = match.group(1), match.group(2)
        else:
            negative, raw = match.group(3), match.group(4)
            if raw.startswith("-"):
                raw = raw.lstrip("-")
        group = tuple(terms(raw))
        if not group:
            continue
        # An unquoted word that splits into several terms ("full-stack") matches as a phrase, like a quoted one.
        (query.excluded if negative else query.required).append(group)
    return query


def fts5_expression(groups):
    """FTS5: terms are alphanumeric, so quoting each group is safe; groups are ANDed."""
    return " AND ".join('"' + " ".join(group) + '"' for group in groups)


def tsquery_expression(groups):
    """PostgreSQL to_tsquery('simple', ...): a phrase is terms joined by <->; groups are ANDed."""
    return " & ".join("(" + " <-> ".join(group) + ")" for group in groups)
