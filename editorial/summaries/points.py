"""Key points as the article page shows them: plain text, at most 200 characters.

A long sentence is cut at a clause boundary (",", ";", ":", a dash) when one
leaves enough of it, otherwise after a whole word with an ellipsis; a point
always ends with punctuation and never with half a word.
"""

from __future__ import annotations

import re

MAX_LENGTH = 200  # the key-point field's limit
MIN_CLAUSE = 60  # a clause shorter than this says too little on its own
_BULLET = re.compile(r"^\s*(?:[-*•–—·]+|\(?\d{1,2}[.)]|\(?[a-eA-E][.)])\s+")
_CLAUSE_END = re.compile(r"\s*(?:[,;:]|\s[-–—])\s")
_END_PUNCTUATION = ".!?…"
_CLOSERS = "\"'”’»)]"
_TRAILING_JUNK = " ,;:-–—"


def clean_point(text: str) -> str:
    """``text`` as a key point: bullets and numbering dropped, at most 200 chars."""
    text = " ".join(str(text).split())
    text = _BULLET.sub("", text).strip()
    if not text:
        return ""
    if len(text) > MAX_LENGTH or (len(text) == MAX_LENGTH and not _ends(text)):
        return _cut(text)
    return _with_end_punctuation(text)


def _cut(text: str) -> str:
    room = text[: MAX_LENGTH - 1]  # leave room for the final punctuation
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(room)]
    clause_ends = [end for end in clause_ends if end >= MIN_CLAUSE]
    if clause_ends:
        return _balance_quotes(room[: clause_ends[-1]].rstrip(_TRAILING_JUNK)) + "."
    words = room[: MAX_LENGTH - 2].rsplit(" ", 1)[0]
    return _balance_quotes(words.rstrip(_TRAILING_JUNK)) + "…"


def _balance_quotes(text: str) -> str:
    if text.count("“") > text.count("”") and len(text) < MAX_LENGTH - 2:
        return text + "”"
    return text


def _ends(text: str) -> bool:
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _END_PUNCTUATION


def _with_end_punctuation(text: str) -> str:
    if _ends(text):
        return text
    return text.rstrip(_TRAILING_JUNK) + "."
