"""How ops-lint embeds text it did not write (file names, titles, owners, messages that
quote a doc, values from ``--previous``) into each kind of output.

Every renderer goes through these functions, so a hostile value is inert wherever it lands:

- ``visible``: control characters (C0 but tab, DEL, C1), line and paragraph separators,
  bidi overrides and lone surrogates (the undecodable bytes of a non-UTF-8 file name)
  become visible escapes such as ``\\x1b``, ``\\u202e`` or ``\\xff``. For terminals,
  GitHub annotations, SARIF and GitLab messages, JUnit.
- ``md_text``: literal one-line Markdown text, safe in table cells, headings and lists.
- ``html_text``: HTML text or attribute value.
- ``csv_text``: a spreadsheet cell that is never a formula, on any of its lines.
- ``uri_path``: a relative path as an RFC 3986 URI reference (``%``-encoded UTF-8 bytes).
- ``json_dumps``: the JSON contract, lossless: an undecodable byte of a file name is kept
  as the lone surrogate escape ``\\udcXX`` (``os.fsencode`` gives the byte back).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

# C0 but tab and newline, DEL, C1, line/paragraph separators, bidi embeddings, overrides
# and isolates, surrogates: they reorder, split or hide what a reader sees.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_HIDDEN = re.compile(f"[\n{_CONTROLS}]")
_HIDDEN_KEEP_LINES = re.compile(f"[{_CONTROLS}]")


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every invisible or terminal-controlling character shown as an escape;
    with ``lines``, newlines are kept (multi-line help text)."""
    return (_HIDDEN_KEEP_LINES if lines else _HIDDEN).sub(_escape_char, text)


def visible_path(path: str) -> str:
    """A path for people: ``visible`` with backslashes doubled, so the escape ``\\xff`` (a
    byte that is not UTF-8) cannot be confused with a name that spells it out."""
    return visible(path.replace("\\", "\\\\"))


# -- Markdown -------------------------------------------------------------------------------

# Backslash-escaped: emphasis, code spans, links and images ([ ]), table cells (|),
# strikethrough, math. HTML-escaped: raw HTML, autolinks in < >, entities.
# A zero-width space (as an entity) is put inside what GitHub turns into links or
# notifications after rendering: @mentions, issue references, bare URLs and www. links.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~$]|[&<>]|@|#(?=\d)|:(?=//)|(?<=www)\.", re.IGNORECASE)
_ZWSP = "&#8203;"
_MD_REPLACE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "@" + _ZWSP, "#": "#" + _ZWSP}
_MD_REPLACE.update({":": ":" + _ZWSP, ".": _ZWSP + "."})


def _md_char(match: re.Match[str]) -> str:
    char = match.group()
    return _MD_REPLACE.get(char) or "\\" + char


def md_text(value: object, empty: str = "-") -> str:
    """``value`` as literal inline Markdown on one line: it renders as the text it is, with
    no HTML, link, image, mention, emphasis or table cell of its own. Line breaks are
    folded to spaces; ``empty`` stands for None or an empty string."""
    if value is None or value == "":
        return empty
    text = visible(" ".join(str(value).split()))
    # In a GFM table a pipe ends the cell unless escaped; doubling every backslash of the
    # text first keeps each escaped pipe escaped, whatever the table parser pairs up.
    return _MD_SPECIAL.sub(_md_char, text) or empty


# -- HTML, CSV, URIs, JSON ------------------------------------------------------------------


def html_text(value: object, empty: str = "-") -> str:
    """``value`` escaped for HTML text and quoted attribute values."""
    if value is None or value == "":
        return empty
    return html.escape(visible(str(value)), quote=True)


# A spreadsheet evaluates a cell, or a line of a multi-line cell, starting with these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def csv_text(text: str) -> str:
    """A CSV cell a spreadsheet shows as written: line breaks normalized to LF, and every
    line that would start a formula gets a leading apostrophe."""
    lines = (visible(line) for line in _LINE_BREAK.split(text))
    return "\n".join("'" + line if line.startswith(FORMULA_START) else line for line in lines)


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # a non-UTF-8 name: its own bytes
    except UnicodeEncodeError:  # a surrogate no file name holds (from a JSON input)
        return text.encode("utf-8", "backslashreplace")


# RFC 3986 pchar: unreserved (always kept by quote), sub-delims, ':' and '@'; plus '/'.
_PATH_SAFE = "/!$&'()*+,;=:@"


def uri_path(path: str) -> str:
    """A relative path as an RFC 3986 relative reference: ``?``, ``#``, ``%``, spaces,
    brackets, controls and non-ASCII bytes are %-encoded, ``/`` is kept."""
    first, slash, rest = quote(_utf8(path), safe=_PATH_SAFE).partition("/")
    # A ':' in the first segment would read as a scheme (``javascript:``).
    return first.replace(":", "%3A") + slash + rest


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_dumps(data: Any) -> str:
    """``data`` as indented JSON (UTF-8 text as is), with lone surrogates written as
    ``\\udcXX`` escapes: valid JSON that any encoder can write, and lossless."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    # json.dumps leaves surrogates raw inside strings, and they can only occur in strings.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
