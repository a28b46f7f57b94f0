"""Small builders for test data: ``make_article(**overrides)`` and friends."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.images import validate_and_reencode
from articles.models import Article, Category, Image, Section

_counter = itertools.count(1)


def make_user(username=None, *, staff=False, **fields):
    username = username or f"user{next(_counter)}"
    fields.setdefault("first_name", username.title())
    user = get_user_model().objects.create_user(
        username=username,
        password="test-pass-123",
        email=fields.pop("email", f"{username}@example.org"),
        is_staff=staff,
        **fields,
    )
    return user


def make_editor(username=None, **fields):
    """A staff user in the "Editors" group (which the data migration creates)."""
    user = make_user(username, staff=True, **fields)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_writer(username=None, **fields):
    """A community writer: not staff, in the "Community writers" group."""
    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name="Community writers"))
    return user


def make_category(name=None, **fields):
    name = name or f"Category {next(_counter)}"
    return Category.objects.create(name=name, **fields)


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), **save_kwargs):
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    PILImage.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def make_image(**fields):
    upload = SimpleUploadedFile("photo.jpg", image_bytes(), content_type="image/jpeg")
    fields.setdefault("alt_text", "A red square")
    fields.setdefault("caption", "A flag")
    fields.setdefault("credit", "Jane Doe")
    fields.setdefault("source", "unsplash.com")
    return Image.objects.create(file=validate_and_reencode(upload), **fields)


def make_article(*, sections=0, tags=(), **fields):
    """An article; published an hour ago unless ``status``/``published_at`` say otherwise."""
    if "author" not in fields:
        fields["author"] = make_user()
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("title", f"Article number {next(_counter)}")
    fields.setdefault("lead", "<p>The lead paragraph.</p>")
    fields.setdefault("key_points", ["First point.", "Second point."])
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    if fields["status"] == Article.Status.IN_REVIEW and "reviewer" not in fields:
        fields["reviewer"] = make_editor()
    article = Article.objects.create(**fields)
    for position in range(1, sections + 1):
        Section.objects.create(
            article=article,
            position=position,
            heading=f"Heading {position}",
            body=f"<p>Body of section {position}.</p>",
        )
    if tags:
        article.tags.add(*tags)
    return article


def log_in(client, user, *, language="en"):
    """``client`` logged in as ``user``, reading pages in ``language``."""
    client.force_login(user)
    client.cookies["django_language"] = language
    return client
