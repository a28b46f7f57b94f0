"""Machine-readable descriptions of pages (schema.org JSON-LD)."""

from django.conf import settings

from .models import display_name


def absolute_url(path: str) -> str:
    """``path`` on the public site (SITE_URL), never on the request's Host header."""
    return settings.SITE_URL + path


def news_article(article, sections) -> dict:
    """schema.org ``NewsArticle`` for ``article`` (its sections already fetched)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": article.title[:110],
        "description": article.meta_description(),
        "datePublished": article.published_at.isoformat()
        if article.published_at
        else None,
        "dateModified": (
            article.last_corrected_at() or article.published_at or article.updated_at
        ).isoformat(),
        "author": {
            "@type": "Person",
            "name": display_name(article.author),
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
        },
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": article.word_count(sections),
    }
    if article.category_id:
        data["articleSection"] = article.category.name
    if article.hero_image and article.hero_image.file:
        data["image"] = [absolute_url(article.hero_image.file.url)]
    return {key: value for key, value in data.items() if value is not None}
