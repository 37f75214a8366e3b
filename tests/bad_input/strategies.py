"""What people and programs can send: text that cannot be stored (NUL, halves of surrogate pairs, bytes that are
not UTF-8), text too long to read, numbers and dates out of range, markup, wrong types, deep nesting."""

from urllib.parse import quote_plus

from hypothesis import strategies as st

from marketplace.opendata.export_csv import COLUMNS

SPECIAL = ["", " ", "\x00", "a\x00b", "\ud800", "\udfff", "x\udc80y", "\ufeff", "\u200b", "\u00a0", "\r\n", "\t",
           "0", "-1", "1.5", "1e309", "NaN", "-0", "99999999999999999999999", "0x10", "٣", "2026-02-30",
           "2026-13-01", "0000-00-00", "31/12/2026", "<script>alert(1)</script>", "'; DROP TABLE x; --", "=1+1",
           "@SUM(A1)", "../../etc/passwd", "%00", "%ff", "null", "true", "[]", "{}", "ﬁ", "İ", "日本語", "\U0001f4c5",
           "e\u0301", "\u202e", "a" * 101, "word " * 501]
LONG = st.sampled_from(["a", "é", "\x00", "日", "word ", "\ud800", "<", "-"]).map(lambda piece: piece * 10_000)
NUMBERS = st.one_of(st.integers(min_value=-5, max_value=40), st.integers()).map(str)

hostile_text = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=30), NUMBERS, LONG,
                         st.text(st.characters(categories=["Cs", "Cc", "Cf", "Co", "Zs", "Mn"]), max_size=8))
# A form value is bytes on the wire: UTF-8 (a lone surrogate as the bytes a careless client sends), or anything.
form_value = st.one_of(hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=8))


def urlencoded(pairs):
    """An application/x-www-form-urlencoded body of (name, value) byte pairs, as a browser sends it."""
    return "&".join(f"{quote_plus(name)}={quote_plus(value)}" for name, value in pairs)


def _utf8(text):
    return text.encode("utf-8", "surrogatepass")


def _control_values(name, control):
    """One control's part of a body: left out, what the page offers for it, or anything at all."""
    name = _utf8(name)
    anything = st.lists(form_value, min_size=1, max_size=2)
    choices = [st.just([]), anything]
    if control.values:
        offered = st.sampled_from(control.values).map(_utf8)
        most = 3 if control.kind == "checkbox" else 1
        choices += [st.lists(offered, min_size=1, max_size=most)] * 3
    return st.one_of(choices).map(lambda values: [(name, value) for value in values])


def _csv_line(cells):
    return b",".join(b'"' + cell.replace(b'"', b'""') + b'"' for cell in cells)


# An uploaded file: any bytes, or the opportunity-data CSV's header over rows of hostile cells.
_cells = st.lists(form_value, max_size=len(COLUMNS) + 2)
uploaded_file = st.one_of(
    st.binary(max_size=64),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.lists(_cells, max_size=3)).map(
        lambda parts: parts[0] + b"\r\n".join([_csv_line(c.encode() for c in COLUMNS), *map(_csv_line, parts[1])])),
)


def multipart(pairs, files, boundary="----bad-input-boundary"):
    """A multipart/form-data body of (name, value) byte pairs and (name, file bytes) uploads, and its type."""
    parts = [b'Content-Disposition: form-data; name="%s"\r\n\r\n%s' % (name.replace(b'"', b"%22"), value)
             for name, value in pairs]
    parts += [b'Content-Disposition: form-data; name="%s"; filename="upload.csv"\r\nContent-Type: text/csv\r\n\r\n%s'
              % (name.encode(), content) for name, content in files]
    body = b"".join(b"--%s\r\n%s\r\n" % (boundary.encode(), part) for part in parts) + b"--%s--\r\n" % boundary.encode()
    return body, f"multipart/form-data; boundary={boundary}"


def form_body(controls):
    """A body for a form with these controls (name -> Control), plus fields the form never asked for, and its
    content type: URL-encoded, or multipart with a file for a form that uploads one."""
    names = st.one_of(st.sampled_from(sorted(controls) or ["x"]), hostile_text).map(_utf8)
    extras = st.lists(st.tuples(names, form_value), max_size=3)
    uploads = sorted(name for name, control in controls.items() if control.kind == "file")
    parts = [_control_values(name, control) for name, control in sorted(controls.items()) if name not in uploads]
    fields = st.tuples(*parts, extras).map(lambda groups: [pair for group in groups for pair in group])
    if not uploads:
        return fields.map(lambda pairs: (urlencoded(pairs), "application/x-www-form-urlencoded"))
    files = st.lists(st.tuples(st.sampled_from(uploads), uploaded_file), max_size=2)
    return st.tuples(fields, files).map(lambda both: multipart(*both))


# JSON ----------------------------------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         hostile_text)
any_json = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)), max_leaves=12)
