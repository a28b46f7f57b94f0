"""Published articles close to one under review, to catch duplicates."""

import re
from difflib import SequenceMatcher

from django.db.models import Q

from articles.models import Article

# Words too common in Indonesian and English headlines to say anything.
STOPWORDS = {
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "akan",
    "para", "oleh", "pada", "atau", "juga", "saat", "lebih", "bisa", "agar",
    "the", "and", "for", "with", "from", "that", "this", "into", "your", "how",
}  # fmt: skip
MAX_CANDIDATES = 200


def title_words(title: str) -> set[str]:
    words = re.findall(r"\w+", title.lower())
    return {w for w in words if len(w) >= 4 and w not in STOPWORDS}


def similar_published(article: Article, limit: int = 5) -> list[tuple[Article, float]]:
    """Up to ``limit`` published articles most like ``article``, best first.

    Candidates share a tag or a significant title word; they are ranked by
    shared tags, shared title words and how alike the titles read.
    """
    words = title_words(article.title)
    tag_names = {tag.name.lower() for tag in article.tags.all()}
    matches = Q(tags__name__in=tag_names) if tag_names else Q(pk__in=[])
    for word in sorted(words)[:10]:
        matches |= Q(title__icontains=word)
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(matches)
        .distinct()
        .select_related("category")
        .prefetch_related("tags")
        .order_by("-published_at")[:MAX_CANDIDATES]
    )
    scored = []
    for candidate in candidates:
        shared_tags = len(tag_names & {t.name.lower() for t in candidate.tags.all()})
        other_words = title_words(candidate.title)
        overlap = len(words & other_words) / (len(words | other_words) or 1)
        alike = SequenceMatcher(
            None, article.title.lower(), candidate.title.lower()
        ).ratio()
        score = shared_tags + 2 * overlap + alike
        scored.append((candidate, round(score, 2)))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]
