"""Content words of a sentence: tokens without stop words, stemmed.

Stop words come from ``stopwordsiso`` (the stopwords-iso lists); Indonesian
is stemmed with PySastrawi (Nazief-Adriani), English with the Snowball
(Porter 2) stemmer from ``snowballstemmer``. Both stemmers are built once per
process and every stem is cached, so "membagikan", "dibagikan" and
"membagikannya" all count as "bagi".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

import snowballstemmer
import stopwordsiso
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_MIN_LENGTH = 2
STEM_CACHE_SIZE = 100_000  # words per language; a news vocabulary fits


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text`` (letters, with inner hyphens/apostrophes)."""
    return _TOKEN.findall(text.lower())


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stopwords-iso list for ``language`` ("id" or "en")."""
    return frozenset(stopwordsiso.stopwords(language))


def content_words(text: str, language: str) -> list[str]:
    """Stems of the words of ``text`` that are not stop words, in order."""
    stops = stop_words(language)
    stem = stemmer(language)
    return [
        stem(word)
        for word in tokens(text)
        if len(word) >= _MIN_LENGTH and word not in stops
    ]


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """A cached one-word stemmer for ``language``, built once per process."""
    if language == "en":
        snowball = snowballstemmer.stemmer("english")
        stem_word = snowball.stemWord
    else:
        # Sastrawi wraps its stemmer in an unbounded cache; ours is bounded.
        sastrawi = StemmerFactory().create_stemmer().delegatedStemmer
        stem_word = sastrawi.stem

    @lru_cache(maxsize=STEM_CACHE_SIZE)
    def stem(word: str) -> str:
        return stem_word(word) or word

    return stem
