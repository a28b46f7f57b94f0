"""How articles are selected: published ones, whole pages, lists, related stories."""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone

# Related articles: each of the article's tags contributes at most this many
# of its newest articles as candidates, so the query stays bounded however
# popular a tag is.
RELATED_CANDIDATES_PER_TAG = 200
# ... and of those, only this many (seen under most tags, then newest) are read.
RELATED_SHORTLIST = 40
# Columns of a joined user that reader pages never show (the password hash
# above all): reader queries defer them.
PRIVATE_USER_FIELDS = ("password", "last_login", "email", "date_joined")
# Sent by ArticleQuerySet.update() (which sends no post_save) with the changed
# articles' ``pks`` and the updated ``fields``; the page cache listens.
articles_updated = Signal()
# The desk's search box matches at most this many words, each against every
# searched field.
DESK_SEARCH_WORDS = 5


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """``QuerySet.update`` that announces the change (``articles_updated``).

        ``bulk_update`` goes through here too.
        """
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            rows = super().update(**kwargs)
        if pks:
            articles_updated.send(sender=self.model, pks=pks, fields=set(kwargs))
        return rows

    def published(self):
        """Articles readers may see: published, and ``published_at`` has passed."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def without_private_columns(self):
        """The same rows without the search vector and the authors' private data."""
        return self.defer(
            "search_vector", *(f"author__{name}" for name in PRIVATE_USER_FIELDS)
        )

    def for_page(self):
        """Everything the article page shows, in a fixed number of queries."""
        return (
            self.select_related(
                "category",
                "author__profile",
                "approved_by__profile",
                "summary_checked_by__profile",
                "hero_image",
            )
            .defer(
                *(f"approved_by__{name}" for name in PRIVATE_USER_FIELDS),
                *(f"summary_checked_by__{name}" for name in PRIVATE_USER_FIELDS),
            )
            .without_private_columns()
            .prefetch_related(
                models.Prefetch(
                    "sections",
                    queryset=apps.get_model(
                        "articles", "Section"
                    ).objects.select_related("image"),
                ),
                "tags",
                "corrections",
            )
        )

    def related_to(self, article, limit: int = 4):
        """Published articles sharing tags with ``article`` first, then its category.

        One bounded query. Candidates are the newest
        ``RELATED_CANDIDATES_PER_TAG`` articles of each of its tags (through the
        tag's index) and the newest ``limit`` of its category (through the
        category index). Those seen under most of its tags (then the newest)
        are the only ones whose rows are read, so an article page never walks
        the archive, and never reads more than ``RELATED_SHORTLIST`` articles.
        """
        tag_ids = sorted(tag.pk for tag in article.tags.all())
        parts = [
            self.model.tags.through.objects.filter(tag_id=tag_id)
            .order_by("-content_object_id")
            .values(item=models.F("content_object_id"), hit=models.Value(1))[
                :RELATED_CANDIDATES_PER_TAG
            ]
            for tag_id in tag_ids
        ]
        if article.category_id:
            parts.append(
                self.model.objects.published()
                .filter(category_id=article.category_id)
                .order_by("-published_at", "-pk")
                .values(item=models.F("pk"), hit=models.Value(0))[: limit + 1]
            )
        if not parts:
            return self.none()
        union_sql, params = union_sql_of(parts)
        shortlist = RawSQL(
            f"SELECT item FROM ({union_sql}) AS candidates GROUP BY item "
            "ORDER BY SUM(hit) DESC, item DESC LIMIT %s",
            [*params, RELATED_SHORTLIST],
        )
        shared = (
            self.model.tags.through.objects.filter(
                content_object=models.OuterRef("pk"), tag_id__in=tag_ids
            )
            .values("content_object")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        matches = models.Q(shared_tags__gt=0)
        if article.category_id:
            matches |= models.Q(category_id=article.category_id)
        return (
            self.for_listing()
            .filter(pk__in=shortlist)
            .exclude(pk=article.pk)
            .alias(shared_tags=Coalesce(models.Subquery(shared), 0))
            .filter(matches)
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )

    def for_listing(self):
        """Published articles with what a card shows, newest first."""
        return (
            self.published()
            .select_related("category", "hero_image", "author__profile")
            .without_private_columns()
            .order_by("-published_at", "-pk")
        )

    def desk_search(self, text: str):
        """Articles whose title, writer's name or one of their tags contains
        every word of ``text``, in any case (the desk's search box).

        Like the admin's own search, but each word's matches are gathered by
        index, one part per field (the title through its trigram index on
        PostgreSQL, writers and tags through their short tables), and joined
        by id: no join that repeats an article, so no DISTINCT over wide rows.
        """
        User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
        ArticleTag = apps.get_model("articles", "ArticleTag")
        Tag = ArticleTag.tag.field.related_model
        found = self
        for word in text.split()[:DESK_SEARCH_WORDS]:
            writers = User.objects.filter(
                models.Q(username__icontains=word)
                | models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
            ).values("pk")
            tags = Tag.objects.filter(name__icontains=word).values("pk")
            parts = [
                self.model.objects.filter(title__icontains=word)
                .order_by()
                .values("pk"),
                self.model.objects.filter(author__in=writers).order_by().values("pk"),
                ArticleTag.objects.filter(tag__in=tags)
                .order_by()
                .values("content_object_id"),
            ]
            found = found.filter(pk__in=parts[0].union(*parts[1:]))
        return found


def union_sql_of(querysets) -> tuple[str, list]:
    """``querysets`` (each may be sliced) as one ``UNION ALL`` SQL and its params.

    Every part keeps its own ORDER BY and LIMIT (so it can walk an index and
    stop), which Django's ``union()`` does not allow on SQLite. The parts are
    wrapped as derived tables, valid on SQLite and PostgreSQL alike; the
    columns are the first part's.
    """
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{n}")
        params.extend(part_params)
    return " UNION ALL ".join(parts), params


def union_of(querysets) -> RawSQL:
    """One-column ``querysets`` as ``UNION ALL`` SQL, for ``pk__in=``."""
    return RawSQL(*union_sql_of(querysets))
