"""Reader pages. Every query starts from ``Article.objects.published()``."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.views.generic import ListView
from taggit.models import Tag

from . import caching, fragments, page_cache, structured_data
from .context_processors import site_links
from .links import absolute_url
from .models import (
    AI_POLICY,
    PRIVATE_USER_FIELDS,
    Article,
    Category,
    Profile,
    SitePage,
    WriterBadge,
    display_name,
    reading_minutes,
    union_of,
    writer_badge,
)

# Newest stories shown per category on the front page.
HOME_STORIES_PER_CATEGORY = 4
# List pages go this deep and no deeper: a page never skips more than
# (MAX_LIST_PAGES - 1) * ARTICLES_PER_PAGE rows, and the page count never
# counts the archive. Older stories are reached through the sitemaps.
MAX_LIST_PAGES = 50


def render_article_page(
    request, article, *, preview: bool = False, preview_actions: dict | None = None
):
    """Render the full article page; ``preview`` adds the banner and ``noindex``.

    ``preview_actions`` are the banner's links and buttons (``back_url``,
    ``back_label``, ``actions``: ``url`` and ``label`` of POST forms).

    ``article`` comes from ``Article.objects.for_page()``; reader views drop
    its prefetches (``page_article()``), since everything that changes only
    with the article (head tags, the ``<article>`` element, JSON-LD) is
    rendered once per article version and language and kept in the cache
    (``fragments.article_parts``): sections, tags and corrections are fetched
    only to render those parts again. The related-articles block is kept
    until one of its articles changes (``fragments.related_block``). Previews
    render everything afresh and are never cached.
    """
    if preview:
        parts = _article_parts(article, preview=True)
        related_html, related_keys = _related_block(article)
    else:
        parts = fragments.article_parts(
            request, article, lambda: _article_parts(article)
        )
        related_html, related_keys = fragments.related_block(
            request, article, parts["keys"], lambda: _related_block(article)
        )
    context = {
        "article": article,
        "parts": parts,
        "related_html": related_html,
        "preview": preview,
        # Read with the other pieces (fragments.prefetch_article_page).
        "nav_categories": fragments.nav_categories(request),
        "preview_actions": preview_actions,
    }
    response = render(request, "articles/article_detail.html", context)
    if not preview:
        page_cache.tag_response(
            response, caching.article_page_keys(parts["keys"], related_keys)
        )
    return response


def page_article(request, slug: str) -> Article:
    """The published article ``slug`` with its one-to-one joins, or 404.

    At most one query, none while the article is in the cache unchanged
    (``fragments.page_article``); what ``for_page()`` prefetches is fetched by
    ``_article_parts`` only when the article's cached parts are stale.
    """
    fragments.prefetch_article_page(request, slug)
    return fragments.page_article(request, slug, lambda: _published_article(slug))


def _published_article(slug: str) -> Article:
    # Built only on a miss: composing the queryset costs as much as the
    # rest of a page served from its cached pieces.
    articles = Article.objects.published().for_page().prefetch_related(None)
    return get_object_or_404(articles, slug=slug)


def _article_parts(article, *, preview: bool = False) -> dict:
    """The parts of the article page that depend on the article alone."""
    # What for_page() prefetches, unless it already did (previews): 3 queries.
    prefetch_related_objects(
        [article], *Article.objects.for_page()._prefetch_related_lookups
    )
    sections = list(article.sections.all())
    tags = list(article.tags.all())
    corrections = list(article.corrections.all())
    corrected_at = max((c.created_at for c in corrections), default=None)
    words = article.word_count(sections)  # walked once: reading time and JSON-LD
    context = {
        # The article speaks its own language inside <article>; its links
        # stay in the reader's (they are made here, outside that language).
        "ui_language": translation.get_language(),
        "content_language": settings.CONTENT_LANGUAGE,
        "category_url": article.category.get_absolute_url() if article.category else "",
        "author_url": reverse("articles:author", args=[article.author.get_username()]),
        "tag_links": [
            (tag.name, reverse("articles:tag", args=[tag.slug]))
            for tag in tags
            if tag.slug
        ],
        "site_name": settings.SITE_NAME,
        "article": article,
        "sections": sections,
        "tags": tags,
        "reading_minutes": reading_minutes(words),
        "corrections": corrections,
        "corrected_at": corrected_at,
        "ad_after_section": settings.IN_ARTICLE_AD_AFTER_SECTION,
        "canonical_url": absolute_url(article.get_absolute_url()),
        "preview": preview,
        # A live article's writer has published, so is a "writer": no query.
        "author_badge": WriterBadge.WRITER
        if article.is_live
        else WriterBadge(writer_badge(article.author)),
    }
    context["structured_data"] = [
        structured_data.news_article(
            article, sections, tags=tags, word_count=words, modified_at=corrected_at
        ),
        structured_data.article_breadcrumbs(article),
    ]
    return {
        "keys": caching.article_keys(article, tags, sections),
        # Head tags and JSON-LD, so base.html has no structured data to encode.
        "head": render_to_string("articles/includes/article_head.html", context),
        "article": render_to_string("articles/includes/article_body.html", context),
    }


def _related_block(article) -> tuple[str, list[str]]:
    """The related articles as HTML, and the keys of what the cards show."""
    related = list(Article.objects.related_to(article))
    html = render_to_string("articles/includes/related.html", {"related": related})
    return html, caching.card_keys(related)


@page_cache.reader_page()
def article_detail(request, category_slug, slug):
    article = page_article(request, slug)
    if article.category is None or article.category.slug != category_slug:
        return redirect(article, permanent=True)
    return render_article_page(request, article)


@page_cache.reader_page()
def article_short(request, slug):
    """``/read/<slug>/``: redirects to the canonical URL when there is one."""
    article = page_article(request, slug)
    if article.category is not None:
        return redirect(article, permanent=True)
    return render_article_page(request, article)


def ai_policy(request):
    """The site's AI policy (editable in the admin as a site page), or 404."""
    page = get_object_or_404(SitePage, slug=AI_POLICY)
    return render(request, "articles/site_page.html", {"page": page})


def feed_links(title: str, url_name: str, *args) -> list[dict]:
    """``<link rel="alternate">`` data for the RSS and Atom feeds of a page."""
    return [
        {
            "type": content_type,
            "title": f"{title} ({label})",
            "href": reverse(url_name, args=[*args, kind]),
        }
        for kind, label, content_type in (
            ("rss", "RSS", "application/rss+xml"),
            ("atom", "Atom", "application/atom+xml"),
        )
    ]


def category_blocks(limit: int = HOME_STORIES_PER_CATEGORY) -> list[dict]:
    """The newest ``limit`` stories of every category, by category name.

    Two queries whatever the number of categories: the categories, then
    their stories, each category's picked by a bounded walk of its index
    (category, status, -published_at).
    """
    categories = list(Category.objects.order_by("name", "pk"))
    if not categories:
        return []
    newest = [
        Article.objects.published()
        .filter(category_id=category.pk)
        .order_by("-published_at", "-pk")
        .values("pk")[:limit]
        for category in categories
    ]
    stories: dict[int, list] = {}
    for article in Article.objects.for_listing().filter(pk__in=union_of(newest)):
        stories.setdefault(article.category_id, []).append(article)
    return [
        {"category": category, "articles": stories[category.pk]}
        for category in categories
        if category.pk in stories
    ]


class CappedPaginator(Paginator):
    """Pages of a list, counted up to ``MAX_LIST_PAGES`` pages and no further.

    The count is a COUNT over at most that many rows (a bounded index walk),
    never over the archive; deeper pages are out of range (404).
    """

    def __init__(self, *args, count_in_any_order: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_in_any_order = count_in_any_order

    @cached_property
    def count(self):
        cap = self.per_page * MAX_LIST_PAGES
        rows = self.object_list
        if self.count_in_any_order:
            # Any ``cap`` matching rows will do: the planner may stop at the
            # first it finds (for a tag: through its index, not the date's).
            rows = rows.order_by()
        return rows.values("pk")[:cap].count()


class ArticleListView(ListView):
    """A paginated list of published articles; out-of-range pages answer 404."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = CappedPaginator
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.for_listing()


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["articles"])
        # The newest story leads the front page, then the latest stories and a
        # block per category; later pages are plain lists.
        if context["page_obj"].number == 1:
            if stories:
                context["lead_story"], stories = stories[0], stories[1:]
            context["category_blocks"] = category_blocks()
        context["more_stories"] = stories
        context["structured_data"] = [structured_data.website()]
        return context


class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        path = self.category.get_absolute_url()
        return super().get_context_data(
            heading=self.category.name,
            description=self.category.description,
            canonical_path=path,
            feeds=feed_links(
                f"{settings.SITE_NAME}: {self.category.name}",
                "articles:category_feed",
                self.category.slug,
            ),
            structured_data=[
                structured_data.breadcrumb_list((self.category.name, path))
            ],
            **kwargs,
        )


def public_tag_or_404(slug: str) -> Tag:
    """The tag ``slug`` while a published article carries it; 404 otherwise.

    A tag used only by drafts (or by nothing any more) has no page and no
    feed, so its name stays private and writers cannot make indexable pages.
    """
    tag = get_object_or_404(Tag, slug=slug)
    if not Article.objects.published().filter(tags=tag).exists():
        raise Http404
    return tag


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = public_tag_or_404(self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_in_any_order=True, **kwargs)

    def get_context_data(self, **kwargs):
        heading = f"#{self.tag.name}"
        path = reverse("articles:tag", args=[self.tag.slug])
        return super().get_context_data(
            heading=heading,
            canonical_path=path,
            feeds=feed_links(
                f"{settings.SITE_NAME}: {heading}", "articles:tag_feed", self.tag.slug
            ),
            structured_data=[structured_data.breadcrumb_list((heading, path))],
            **kwargs,
        )


class AuthorView(ArticleListView):
    """A writer's page: name, badge, bio, avatar and their published articles.

    Unknown users and users without a published article are a 404, so no
    empty author page is ever indexed.
    """

    template_name = "articles/author.html"

    def get_queryset(self):
        users = (
            get_user_model()
            .objects.select_related("profile")
            .defer(*PRIVATE_USER_FIELDS)
        )
        self.author = get_object_or_404(
            users, **{get_user_model().USERNAME_FIELD: self.kwargs["username"]}
        )
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("No published article by this author.")
        try:
            profile = self.author.profile
        except Profile.DoesNotExist:
            profile = None
        name = display_name(self.author)
        path = reverse("articles:author", args=[self.author.get_username()])
        context.update(
            author=self.author,
            profile=profile,
            heading=name,
            # The page exists only for authors with a published article.
            badge=WriterBadge.WRITER,
            canonical_path=path,
            feeds=feed_links(
                f"{settings.SITE_NAME}: {name}",
                "articles:author_feed",
                self.author.get_username(),
            ),
            structured_data=[
                structured_data.profile_page(self.author, profile),
                structured_data.breadcrumb_list((name, path)),
            ],
        )
        return context


def server_error(request, template_name="500.html"):
    """The 500 page in the site's frame, without the database or context processors."""
    template = loader.get_template(template_name)
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "site_links": site_links(),
    }
    return HttpResponseServerError(template.render(context))
