"""Text a person sent, judged the same way everywhere: can it be stored, and does any of it show?

`unstorable` is the reason a string cannot be kept (PostgreSQL refuses a NUL character, and neither database
can encode half of a UTF-16 surrogate pair), or None. `is_blank` is true for text in which nothing would be
seen on a page: spaces, zero-width and format characters (U+200B, U+FEFF, the tag characters), control
characters, combining marks with nothing to combine with, and the few letters that render as nothing.
"""

import re
import unicodedata

from marketplace.formatting import count

# Invisible by category: separators (Z*), controls, format characters, surrogates and unassigned code points,
# and combining marks, which show only on another character.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn", "Mn", "Me"})
# Letters and symbols that Unicode classes as visible but that every font draws as nothing.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers, the empty Braille pattern


def shows(character):
    return character not in _BLANK_GLYPHS and unicodedata.category(character) not in _INVISIBLE_CATEGORIES


def is_blank(value):
    """No answer: None, an empty list, or text with no visible character."""
    if value is None or value == [] or value == ():
        return True
    return isinstance(value, str) and not any(shows(character) for character in value)


def unstorable(value):
    """What in the string `value` cannot be stored, named for a message ("Remove ...", "... must not contain
    ..."), or None."""
    if "\x00" in value:
        return "the NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "half of a UTF-16 surrogate pair (\\ud800 to \\udfff)"
    return None


# Words, counted the way a person would --------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)
# A limit in words also limits characters, so that one 100,000-character "word" is not one word: 15 characters
# a word allows long words, links and numbers while a page and an email stay readable.
CHARACTERS_PER_WORD = 15


def count_words(text):
    """Words separated by spaces or line breaks; a lone dash, bullet or ampersand is not a word, and
    'e.g.', 'full-stack' and '£650' each count once."""
    return sum(1 for token in _WORD.findall(text or "") if _HAS_LETTER_OR_DIGIT.search(token))


def too_long(text, max_words):
    """'must be 100 words or fewer' (or the characters that limit allows), or None when `text` fits."""
    if count_words(text) > max_words:
        return f"must be {count(max_words)} words or fewer"
    if len(text) > max_words * CHARACTERS_PER_WORD:
        return f"must be {count(max_words * CHARACTERS_PER_WORD)} characters or fewer"
    return None
