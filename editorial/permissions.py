"""Who may do what to an article: one small function per question.

Views, admin and the workflow engine ask these; nothing else decides.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from articles.models import Article, display_name

# The group names of the data migration editorial.0002_editorial_groups.
EDITORS_GROUP = "Editors"
WRITERS_GROUP = "Community writers"
REVIEW_PERMISSION = "articles.review_article"
WRITER_EDITABLE = {Article.Status.DRAFT, Article.Status.CHANGES_REQUESTED}


def is_editor(user) -> bool:
    """May review: active staff with the review permission ("Editors" have it).

    ``editors()`` is the same rule as a query; the two must agree.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.is_staff:
        return False
    return user.has_perm(REVIEW_PERMISSION)


def editors() -> QuerySet:
    """Everyone who may review (``is_editor``), as a queryset of users.

    Superusers have every permission; others have it through a group or as
    their own, as Django's ModelBackend grants it.
    """
    app_label, codename = REVIEW_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    may_review = (
        Q(is_superuser=True)
        | Q(groups__permissions__in=permission)
        | Q(user_permissions__in=permission)
    )
    matching = get_user_model().objects.filter(may_review).values("pk")
    return get_user_model().objects.filter(
        is_active=True, is_staff=True, pk__in=matching
    )


def is_owner(user, article: Article) -> bool:
    """The writer whose article it is."""
    return user.is_authenticated and article.author_id == user.pk


def holds_review(user, article: Article) -> bool:
    """The editor who started (or took over) the review in progress."""
    if article.status != Article.Status.IN_REVIEW:
        return False
    return article.reviewer_id == user.pk


def held_by_someone_else(user, article: Article) -> bool:
    """Another editor holds the review in progress."""
    if article.status != Article.Status.IN_REVIEW:
        return False
    return article.reviewer_id is not None and article.reviewer_id != user.pk


def can_edit_content(user, article: Article) -> bool:
    """May change title, text, images, key points, sections and tags now."""
    if is_editor(user):
        if article.status == Article.Status.REJECTED:
            return False
        return not held_by_someone_else(user, article)
    if not is_owner(user, article):
        return False
    return article.status in WRITER_EDITABLE


def can_suggest_key_points(user, article: Article) -> bool:
    """May ask the machine for key points, and accept or discard its proposals.

    Proposals end up in the content, so exactly who may edit it now:
    ``edit_refusal_reason`` says why not.
    """
    return can_edit_content(user, article)


def can_use_portal(user) -> bool:
    """Community writers and editors use the writer portal."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_editor(user):
        return True
    return user.groups.filter(name=WRITERS_GROUP).exists()


def can_create_article(user, author) -> bool:
    """Writers start their own articles; editors may start one for anybody."""
    if not can_use_portal(user):
        return False
    return is_editor(user) or author == user


def can_upload_images(user) -> bool:
    """Whoever may use the portal may upload images into article text."""
    return can_use_portal(user)


def can_preview(user, article: Article) -> bool:
    """Staff editors and the owning writer may see an unpublished article."""
    if is_editor(user):
        return True
    return is_owner(user, article)


def can_take_over(user, article: Article) -> bool:
    """Another editor may take over a review in progress; it is logged."""
    if not is_editor(user):
        return False
    return held_by_someone_else(user, article)


def edit_refusal_reason(user, article: Article) -> str:
    """Why ``user`` may not edit ``article`` now ("" when they may)."""
    if can_edit_content(user, article):
        return ""
    if held_by_someone_else(user, article) and is_editor(user):
        return _(
            "%(name)s is reviewing this article. Take over the review to edit it."
        ) % {"name": display_name(article.reviewer)}
    if article.status == Article.Status.REJECTED:
        return _("This article was rejected; it can no longer be edited.")
    return _("This article is %(status)s and cannot be edited now.") % {
        "status": article.get_status_display().lower()
    }


def get_previewable_article_or_404(user, pk) -> Article:
    """The article for a preview, or 404 for missing and forbidden alike."""
    article = Article.objects.for_page().filter(pk=pk).first()
    if article is None or not can_preview(user, article):
        raise Http404
    return article


def get_own_article_or_404(user, pk) -> Article:
    """A writer's own article; 404 for missing and for somebody else's alike."""
    article = (
        Article.objects.select_related("category", "hero_image", "reviewer__profile")
        .filter(pk=pk, author_id=user.pk)
        .first()
    )
    if article is None:
        raise Http404
    return article
