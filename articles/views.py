"""Reader pages. Every query starts from ``Article.objects.published()``."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView
from taggit.models import Tag

from . import structured_data
from .models import Article, Category


def render_article_page(request, article, *, preview: bool = False):
    """Render the full article page; ``preview`` adds the banner and ``noindex``.

    ``article`` must come from ``Article.objects.for_page()`` so the page runs
    a fixed number of queries whatever its sections and tags.
    """
    sections = list(article.sections.all())
    context = {
        "article": article,
        "sections": sections,
        "tags": list(article.tags.all()),
        "related": list(Article.objects.related_to(article)),
        "reading_minutes": article.reading_minutes(sections),
        "corrections": list(article.corrections.all()),
        "corrected_at": article.last_corrected_at(),
        "ad_after_section": settings.IN_ARTICLE_AD_AFTER_SECTION,
        "canonical_url": structured_data.absolute_url(article.get_absolute_url()),
        "jsonld": structured_data.news_article(article, sections),
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context)


def article_detail(request, category_slug, slug):
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    if article.category is None or article.category.slug != category_slug:
        return redirect(article, permanent=True)
    return render_article_page(request, article)


def article_short(request, slug):
    """``/read/<slug>/``: redirects to the canonical URL when there is one."""
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    if article.category is not None:
        return redirect(article, permanent=True)
    return render_article_page(request, article)


class ArticleListView(ListView):
    """A paginated list of published articles; out-of-range pages answer 404."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.for_listing()


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["articles"])
        # The newest story leads the front page; later pages are plain lists.
        if stories and context["page_obj"].number == 1:
            context["lead_story"], stories = stories[0], stories[1:]
        context["more_stories"] = stories
        return context


class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.category.name,
            description=self.category.description,
            canonical_path=self.category.get_absolute_url(),
            **kwargs,
        )


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags__slug=self.tag.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"#{self.tag.name}",
            canonical_path=self.request.path,
            **kwargs,
        )


class AuthorView(ArticleListView):
    """A writer's page (placeholder until filled in)."""

    def get_queryset(self):
        raise Http404
