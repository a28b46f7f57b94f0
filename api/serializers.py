"""What the API says about articles, categories, tags and authors.

Serializers read model rows fetched by the views with everything they need
(``select_related``/``prefetch_related``): nothing here runs a query. Every
URL is absolute, on ``SITE_URL`` (``articles.links``); reader pages are linked
in the site's default language.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import renditions
from articles.feeds import credit_line
from articles.links import absolute_reverse, absolute_url
from articles.models import WriterBadge, display_name

from .key_points import SOURCES, key_points_payload


def page_url(path_or_obj) -> str:
    """The absolute URL of a reader page (an object's, or a ``reverse`` path)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = (
            path_or_obj
            if isinstance(path_or_obj, str)
            else path_or_obj.get_absolute_url()
        )
        return absolute_url(path)


def tag_url(tag) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("articles:tag", args=[tag.slug]))


def author_url(user) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_reverse("articles:author", user.get_username())


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class RenditionSerializer(serializers.Serializer):
    crop = serializers.ChoiceField(choices=list(renditions.DISPLAY_CROPS))
    format = serializers.ChoiceField(choices=list(renditions.FORMATS))
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """An image with its credit line and resized copies (those of the article page)."""

    url = serializers.SerializerMethodField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    source = serializers.CharField()
    source_url = serializers.CharField()
    credit_line = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, image):
        return absolute_url(image.file.url) if image.file else None

    def get_credit_line(self, image) -> str:
        return credit_line(image)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image):
        if not image.file or renditions.needs_renditions(image):
            return []  # not made yet: the original (``url``) is all there is
        return [
            {
                "crop": crop,
                "format": fmt,
                "url": absolute_url(candidate.url),
                "width": candidate.width,
                "height": candidate.height,
            }
            for crop in renditions.DISPLAY_CROPS
            for fmt in renditions.FORMATS
            for candidate in renditions.candidates(image, crop, fmt)
        ]


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, category) -> str:
        return page_url(category)


class TagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, tag) -> str:
        return tag_url(tag)


class BylineSerializer(serializers.Serializer):
    """An article's writer: every API author has a published article."""

    id = serializers.IntegerField()
    username = serializers.SerializerMethodField()
    display_name = serializers.SerializerMethodField()
    badge = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_username(self, user) -> str:
        return user.get_username()

    def get_display_name(self, user) -> str:
        return display_name(user)

    @extend_schema_field(serializers.ChoiceField(choices=WriterBadge.values))
    def get_badge(self, user):
        # Only writers of a published article appear, so all are "writer".
        return WriterBadge.WRITER.value

    def get_url(self, user) -> str:
        return author_url(user)


class AuthorSerializer(BylineSerializer):
    """An author with a published article, as the author page shows them."""

    bio = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()

    def get_bio(self, user) -> str:
        profile = _profile(user)
        return profile.bio if profile else ""

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_avatar_url(self, user):
        profile = _profile(user)
        return absolute_url(profile.avatar.url) if profile and profile.avatar else None


def _profile(user):
    # A missing profile raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(user, "profile", None)


class EditorSerializer(serializers.Serializer):
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user) -> str:
        return display_name(user)


class KeyPointsSerializer(serializers.Serializer):
    points = serializers.ListField(child=serializers.CharField())
    source = serializers.ChoiceField(choices=SOURCES)
    ai_assisted = serializers.BooleanField()
    checked_by = serializers.CharField(allow_null=True)
    disclosure = serializers.CharField(
        allow_null=True,
        help_text="For machine-made points: the disclaimer, how they were made "
        "and whether an editor checked them; null for a person's.",
    )
    digital_source_type = serializers.CharField(
        allow_null=True,
        help_text="The IPTC digital source type URI of machine-made points.",
    )
    ai_policy_url = serializers.URLField(
        allow_null=True, help_text="The site's page on how it uses AI."
    )


class SectionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = serializers.CharField()
    body = serializers.CharField(help_text="Sanitised HTML.")
    image = ImageSerializer(allow_null=True)


class CorrectionSerializer(serializers.Serializer):
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ArticleSummarySerializer(serializers.Serializer):
    """An article in a list: what a card shows."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    dateline = serializers.CharField()
    category = CategorySerializer(allow_null=True)
    author = BylineSerializer()
    hero = ImageSerializer(source="hero_image", allow_null=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, article) -> str:
        return page_url(article)

    def get_api_url(self, article) -> str:
        return absolute_reverse("api:article", article.pk)


class ArticleSerializer(ArticleSummarySerializer):
    """One article with everything its page shows.

    Expects ``sections``, ``tags`` and ``corrections`` in the context (fetched
    once by the view).
    """

    lead = serializers.CharField(help_text="Sanitised HTML.")
    sections = serializers.SerializerMethodField()
    key_points = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    approved_by = EditorSerializer(allow_null=True)
    community_writer = serializers.BooleanField(source="is_community_article")
    reading_minutes = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()
    corrected_at = serializers.SerializerMethodField()

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, article):
        return SectionSerializer(
            [
                {
                    "number": number,
                    "heading": s.heading,
                    "body": s.body,
                    "image": s.image,
                }
                for number, s in enumerate(self.context["sections"], start=1)
            ],
            many=True,
        ).data

    @extend_schema_field(KeyPointsSerializer)
    def get_key_points(self, article):
        return key_points_payload(article)

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, article):
        return TagSerializer(self.context["tags"], many=True).data

    def get_reading_minutes(self, article) -> int:
        return article.reading_minutes(self.context["sections"])

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, article):
        return CorrectionSerializer(self.context["corrections"], many=True).data

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_corrected_at(self, article):
        dates = [c.created_at for c in self.context["corrections"]]
        if not dates:
            return None
        return serializers.DateTimeField().to_representation(max(dates))


def page_of(serializer_class):
    """The schema of a page of a list: ``next`` (a URL or null) and ``results``."""
    return type(
        f"{serializer_class.__name__.removesuffix('Serializer')}PageSerializer",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
