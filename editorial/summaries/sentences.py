"""Sentence splitting for Indonesian and English news prose.

A full stop ends a sentence only when the next one starts with a capital
letter, a digit or an opening quote, and the word before it is not a known
abbreviation ("dr.", "No.", "Jl.", "Rp."), an initial ("A. Yani") or a dotted
abbreviation ("S.H.", "a.n."). Numbers ("1,5", "1.000", "10.30") never split
because no space follows their dot; attributions after a quote ("...,” kata
Laras.") stay with the quote because they start in lower case.
"""

from __future__ import annotations

import re

# Words that end with a full stop without ending the sentence (compared lower case).
ABBREVIATIONS = frozenset(
    """
    a.n an bpk bu dr dra drg drs gg hj ibu ir jl jln jend kab kec kel kh kol
    kapt kompol kombes mr mrs ms no nomor ny nn pak pk prof prov sdr sdri st
    tn tgl u.p vs yth brigjen irjen letjen mayjen marsekal laksda akbp akp ipda
    iptu aiptu bripka rp hal ttd dkk jr sr co inc corp ltd fig mt mts ave etc
    e.g i.e approx dept gov sen rep rev gen col lt sgt capt cmdr adm
    """.split()
)

# A full stop, "!", "?" or an ellipsis, closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)(?=[\"'“‘«(\[]?[^\W_a-z])")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"^[^\W\d_]$")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one plain-text paragraph, in order, whitespace collapsed."""
    text = " ".join(paragraph.split())
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(1) == "." and not match.group(2):
            if _is_abbreviation(text[start : match.start()]):
                continue
        end = match.end(2)
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lstrip("\"'“‘«([")
    if _INITIAL.match(word) and word.isupper():
        return True
    return word.lower() in ABBREVIATIONS or bool(_DOTTED.match(word))
