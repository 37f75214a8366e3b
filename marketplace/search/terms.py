"""Text analysis for search, done in Python so SQLite and PostgreSQL index and match exactly the same terms.

Both databases receive already-stemmed terms and are told not to stem again ('simple' configuration in PostgreSQL,
the plain unicode61 tokenizer in FTS5): one pipeline, identical results.
"""

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup

_stemmer = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# The English stop words PostgreSQL's 'english' configuration ignores (Snowball's list).
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it
its itself they them their theirs themselves what which who whom this that these those am is are was were be been
being have has had having do does did doing a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on off over under again further
then once here there when where why how all any both each few more most other some such no nor not only own same so
than too very s t can will just don should now
""".split())


def _fold(word):
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode() or word.lower()


def words(text):
    return _WORD.findall(text or "")


# Reserved terms carry the catalogue's filters inside the full-text index, so filtering and counting are index
# lookups on both databases. No word anyone types can become one (see term_of).
EVERY_VISIBLE = "0all"
_FACET = re.compile(r"^0(all|lot|loc|role)")


@lru_cache(maxsize=10_000)
def facet(kind, value):
    """The reserved term for one filter value, e.g. facet("lot", "digital-outcomes") -> "0lotdigitaloutcomes".
    Remembered: counting adds up a few hundred tally rows per search, each naming its lot, location and role."""
    return "0" + kind + "".join(ch for ch in _fold(value) if ch.isalnum())


@lru_cache(maxsize=100_000)
def term_of(word):
    """The indexed form of one word, or None for a stop word (or anything shaped like a reserved term)."""
    folded = _fold(word)
    if folded in STOP_WORDS or _FACET.match(folded):
        return None
    return _stemmer.stemWord(folded)


def terms(text):
    return [t for t in (term_of(w) for w in words(text)) if t]


def document(*texts):
    """The space-separated terms of everything searchable about an opportunity, in order (phrases need order)."""
    return " ".join(t for text in texts for t in terms(text))


def mark(text, query_terms):
    """`text` as safe HTML with each word whose term was searched for wrapped in <mark>."""
    if not query_terms:
        return Markup(html.escape(text or ""))
    out, last = [], 0
    for match in _WORD.finditer(text or ""):
        out.append(html.escape(text[last:match.start()]))
        word = match.group(0)
        if term_of(word) in query_terms:
            out.append(f'<mark class="app-mark">{html.escape(word)}</mark>')
        else:
            out.append(html.escape(word))
        last = match.end()
    out.append(html.escape((text or "")[last:]))
    return Markup("".join(out))
