"""The offline summariser: TextRank over stemmed content words, plus position
and title overlap, with redundancy control; points come out in article order.

Deterministic (ties go to the earlier sentence) and fast: one similarity
matrix over the usable sentences and 30 PageRank iterations.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from operator import mul, sub

from django.utils.translation import gettext as _

from editorial.summaries.errors import NotEnoughText
from editorial.summaries.points import clean_point
from editorial.summaries.sentences import split_sentences
from editorial.summaries.text import ArticleText, paragraphs
from editorial.summaries.words import content_words

ALGORITHM = "textrank-1"  # recorded as the Suggestion's model; bump on changes
DAMPING = 0.85
ITERATIONS = 30  # at most; stops earlier once the ranks settle
TOLERANCE = 1e-6
MAX_SIMILARITY = 0.5  # a candidate this close to a chosen point is redundant
MIN_WORDS = 5
MIN_CONTENT_WORDS = 3
WEIGHTS = {"textrank": 0.45, "position": 0.25, "title": 0.2, "heading": 0.1}
SAME_PART_PENALTY = 0.1  # spread the points over lead and sections
QUESTION_FACTOR = 0.7  # a question rarely makes a good key point


@dataclass
class _Sentence:
    order: int
    part: int  # 0 = lead, n = section n
    index: int  # position in its part
    text: str
    stems: frozenset[str]
    heading_stems: frozenset[str]
    score: float = 0.0


def summarise(text: ArticleText, count: int = 3) -> list[str]:
    """Up to ``count`` key points taken from the article's own sentences.

    Fewer only when the article has fewer usable sentences; raises
    ``NotEnoughText`` when it has fewer than two.
    """
    sentences = _usable_sentences(text)
    if len(sentences) < 2:
        raise NotEnoughText(
            _(
                "The article is too short to summarise: it needs at least two "
                "full sentences in its lead and sections."
            )
        )
    title = frozenset(content_words(text.title, text.language))
    _score(sentences, title)
    chosen = _choose(sentences, min(count, len(sentences)))
    points = [clean_point(s.text) for s in sorted(chosen, key=lambda s: s.order)]
    return [point for point in points if point]


def _usable_sentences(text: ArticleText) -> list[_Sentence]:
    parts = [("", text.lead)] + [(s.heading, s.body) for s in text.sections]
    found: list[_Sentence] = []
    for part, (heading_text, html) in enumerate(parts):
        heading = frozenset(content_words(heading_text, text.language))
        index = 0
        for paragraph in paragraphs(html):
            for sentence in split_sentences(paragraph):
                stems = content_words(sentence, text.language)
                if len(sentence.split()) < MIN_WORDS:
                    continue
                if len(set(stems)) < MIN_CONTENT_WORDS:
                    continue
                stem_set = frozenset(stems)
                found.append(
                    _Sentence(len(found), part, index, sentence, stem_set, heading)
                )
                index += 1
    return found


def _score(sentences: list[_Sentence], title: frozenset[str]) -> None:
    ranks = _textrank(sentences)
    top = max(ranks) or 1.0
    for sentence, rank in zip(sentences, ranks, strict=True):
        score = (
            WEIGHTS["textrank"] * rank / top
            + WEIGHTS["position"] * _position(sentence)
            + WEIGHTS["title"] * _overlap(sentence.stems, title)
            + WEIGHTS["heading"] * _overlap(sentence.stems, sentence.heading_stems)
        )
        if sentence.text.rstrip("\"'”’») ").endswith("?"):
            score *= QUESTION_FACTOR
        sentence.score = score


def _textrank(sentences: list[_Sentence]) -> list[float]:
    """PageRank over the similarity graph (Mihalcea and Tarau's TextRank)."""
    size = len(sentences)
    # Shared stems per pair, counted through an index: no pair without one.
    having: dict[str, list[int]] = defaultdict(list)
    for i, sentence in enumerate(sentences):
        for stem in sentence.stems:
            having[stem].append(i)
    logs = [math.log(len(s.stems) + 1) for s in sentences]
    ids: list[list[int]] = [[] for _ in range(size)]
    weights: list[list[float]] = [[] for _ in range(size)]
    for i, sentence in enumerate(sentences):
        common: dict[int, int] = defaultdict(int)
        for stem in sentence.stems:
            for j in having[stem]:
                if j != i:
                    common[j] += 1
        for j in sorted(common):
            ids[i].append(j)
            weights[i].append(common[j] / (logs[i] + logs[j]))
    totals = [sum(row) for row in weights]
    ranks = [1.0 / size] * size
    base = (1 - DAMPING) / size
    for _iteration in range(ITERATIONS):
        share = [
            DAMPING * rank / total if total else 0.0
            for rank, total in zip(ranks, totals, strict=True)
        ]
        new = [
            base + sum(map(mul, row, map(share.__getitem__, ids[i])))
            for i, row in enumerate(weights)
        ]
        converged = max(map(abs, map(sub, new, ranks))) < TOLERANCE
        ranks = new
        if converged:
            break
    return ranks


def _position(sentence: _Sentence) -> float:
    if sentence.part == 0:
        return max(0.4, 1.0 - 0.3 * sentence.index)
    return 0.6 if sentence.index == 0 else 0.2


def _overlap(stems: frozenset[str], reference: frozenset[str]) -> float:
    return len(stems & reference) / len(reference) if reference else 0.0


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _choose(sentences: list[_Sentence], count: int) -> list[_Sentence]:
    chosen: list[_Sentence] = []
    candidates = list(sentences)
    while candidates and len(chosen) < count:
        best = max(candidates, key=lambda s: (_adjusted(s, chosen), -s.order))
        chosen.append(best)
        # The best itself goes too (cosine 1), with every near-repeat of it.
        candidates = [
            s for s in candidates if _cosine(best.stems, s.stems) <= MAX_SIMILARITY
        ]
    return chosen


def _adjusted(sentence: _Sentence, chosen: list[_Sentence]) -> float:
    same_part = sum(1 for c in chosen if c.part == sentence.part)
    return sentence.score - SAME_PART_PENALTY * same_part
