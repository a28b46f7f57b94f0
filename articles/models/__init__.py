"""What an article is: categories, credited images, writers, articles, sections.

Django finds the app's models here; each lives in the module of its concern:
``category``, ``media`` (images), ``people`` (profiles, bylines), ``article``
(articles, sections, corrections, tags) and ``querysets`` (how readers'
code selects articles). ``slugs`` makes and checks their slugs.
"""

from .article import (
    WORDS_PER_MINUTE,
    Article,
    ArticleTag,
    Correction,
    Section,
    SummarySource,
    WriterBadge,
    reading_minutes,
    writer_badge,
)
from .category import Category
from .media import Image, image_upload_to
from .pages import AI_POLICY, SitePage
from .people import Profile, avatar_upload_to, display_name
from .querysets import (
    PRIVATE_USER_FIELDS,
    RELATED_CANDIDATES_PER_TAG,
    RELATED_SHORTLIST,
    ArticleQuerySet,
    articles_updated,
    union_of,
    union_sql_of,
)
from .slugs import RESERVED_SLUGS, slug_base, unique_slug, validate_not_reserved

__all__ = [
    "AI_POLICY",
    "PRIVATE_USER_FIELDS",
    "RELATED_CANDIDATES_PER_TAG",
    "RELATED_SHORTLIST",
    "RESERVED_SLUGS",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleQuerySet",
    "ArticleTag",
    "Category",
    "Correction",
    "Image",
    "Profile",
    "Section",
    "SitePage",
    "SummarySource",
    "WriterBadge",
    "articles_updated",
    "avatar_upload_to",
    "display_name",
    "image_upload_to",
    "reading_minutes",
    "slug_base",
    "union_of",
    "union_sql_of",
    "unique_slug",
    "validate_not_reserved",
    "writer_badge",
]
