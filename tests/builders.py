"""Small builders for test data (``make_article(**overrides)`` and friends), form posts and helpers shared by test modules."""

import io
import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.images import validate_and_reencode
from articles.models import Article, Category, Image, Profile, Section
from editorial import workflow
from editorial.models import ReviewEvent

_counter = itertools.count(1)

PASSWORD = "test-pass-123"  # every built user's password
SITE_URL = "https://news.example.org"  # conftest sets settings.SITE_URL to it
SCHEDULED = "scheduled"  # not a status: published, with ``published_at`` still ahead


def make_user(username=None, *, staff=False, **fields):
    username = username or f"user{next(_counter)}"
    fields.setdefault("first_name", username.title())
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
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
    image = Image.objects.create(file=validate_and_reencode(upload), **fields)
    # As stored by the renditions task, which tests run at once.
    return Image.objects.get(pk=image.pk)


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


def make_ready_article(status=Article.Status.DRAFT, *, holder=None, **fields):
    """An article with everything a review needs, in ``status`` (or ``SCHEDULED``).

    ``holder`` is the editor holding the review of an in_review article.
    """
    now = timezone.now()
    fields.setdefault("author", make_writer())
    fields.setdefault("hero_image", make_image())
    if status == SCHEDULED:
        fields.update(
            status=Article.Status.PUBLISHED, published_at=now + timedelta(days=1)
        )
    else:
        fields["status"] = status
    if status == Article.Status.UNPUBLISHED:
        fields.setdefault("published_at", now - timedelta(days=2))
    if status == Article.Status.IN_REVIEW:
        fields["reviewer"] = holder or make_editor()
    return make_article(sections=1, **fields)


def make_submitted_article(**fields):
    """A ready article its writer has submitted (with the submit event)."""
    article = make_ready_article(**fields)
    workflow.apply(article, "submit", article.author, notify=False)
    return article


def make_small_newsroom():
    """One writer's published, draft, scheduled and pulled articles in one category and tag."""
    writer = make_writer("siti")
    Profile.objects.create(user=writer, display_name="Siti Rahma")
    category = make_category("Ekonomi")
    common = {"author": writer, "category": category, "tags": ["pasar"]}
    make_article(title="Harga cabai turun", **common)
    make_article(title="Draft story", status=Article.Status.DRAFT, **common)
    make_article(
        title="Scheduled story",
        published_at=timezone.now() + timedelta(days=1),
        **common,
    )
    make_article(title="Pulled story", status=Article.Status.UNPUBLISHED, **common)
    return {"site": None, "category": category, "tag": "pasar", "author": writer}


def jpeg_upload(name="hero.jpg"):
    """A 320x180 JPEG as a browser would upload it."""
    return SimpleUploadedFile(
        name, image_bytes(size=(320, 180)), content_type="image/jpeg"
    )


# --- Workflow assertions -----------------------------------------------------


def row(article):
    """Every stored column of ``article``, straight from the database."""
    return Article.objects.values().get(pk=article.pk)


def events(article):
    """The review events of ``article``, oldest first."""
    return list(ReviewEvent.objects.filter(article=article))


def assert_refused(article, action, actor, **kwargs):
    """``workflow.apply`` raises, and neither the row nor the history changes."""
    before = row(article)
    count = ReviewEvent.objects.count()
    with pytest.raises(workflow.TransitionError) as excinfo:
        workflow.apply(article, action, actor, **kwargs)
    assert str(excinfo.value)
    assert row(article) == before
    assert ReviewEvent.objects.count() == count
    return excinfo.value


# --- Form posts --------------------------------------------------------------


def draft_payload(article=None, sections=(), **overrides):
    """POST data of the portal's draft editor; ``sections`` are (heading, body) pairs.

    ``hero_<field>=...`` sets the hero image form's field ``hero-<field>``
    (keywords cannot contain the "-" of Django's form prefixes).
    """
    overrides = {
        re.sub(r"^hero_", "hero-", key): value for key, value in overrides.items()
    }
    existing = list(article.sections.all()) if article else []
    data = {
        "title": article.title if article else "Warga membersihkan sungai",
        "category": (article.category_id if article else make_category().pk) or "",
        "dateline": "Bogor",
        "lead": article.lead
        if article
        else "<p>Pagi itu ratusan warga turun ke sungai.</p>",
        "tags": "sungai, warga",
        "key_points": "Ratusan warga ikut.\nSampah dipilah.",
        "loaded_version": article.version if article else "",
        "intent": "save",
        "sections-TOTAL_FORMS": len(existing) + len(sections),
        "sections-INITIAL_FORMS": len(existing),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for i, section in enumerate(existing):
        data.update(
            {
                f"sections-{i}-id": section.pk,
                f"sections-{i}-heading": section.heading,
                f"sections-{i}-body": section.body,
                f"sections-{i}-ORDER": i + 1,
            }
        )
    for j, (heading, body) in enumerate(sections, start=len(existing)):
        data.update(
            {
                f"sections-{j}-heading": heading,
                f"sections-{j}-body": body,
                f"sections-{j}-ORDER": j + 1,
            }
        )
    data.update(overrides)
    return data


def edit_payload(article, **overrides):
    """The admin change form's POST data for ``article`` with its sections."""
    sections = list(article.sections.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id or "",
        "author": article.author_id,
        "dateline": article.dateline,
        "loaded_version": article.version,
        "hero_image": article.hero_image_id or "",
        "lead": article.lead,
        "tags": ", ".join(t.name for t in article.tags.all()),
        "key_points": "\n".join(article.key_points),
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for i, section in enumerate(sections):
        data.update(
            {
                f"sections-{i}-id": section.pk,
                f"sections-{i}-article": article.pk,
                f"sections-{i}-position": section.position,
                f"sections-{i}-heading": section.heading,
                f"sections-{i}-body": section.body,
                f"sections-{i}-image": section.image_id or "",
            }
        )
    data.update(overrides)
    return data


def desk_change_url(article):
    """The admin change page of ``article``."""
    return reverse("admin:articles_article_change", args=[article.pk])


def desk_action_url(article, action):
    """The admin page that takes workflow ``action`` on ``article``."""
    return reverse("admin:articles_article_workflow", args=[article.pk, action])


# --- Accounts ----------------------------------------------------------------

NEW_PASSWORD = "kopi-tubruk-pagi-77"  # strong enough for Django's validators
_LINK = re.compile(r"https?://\S+")


def log_in(client, user, *, language="en"):
    """``client`` logged in as ``user``, reading pages in ``language``."""
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def login_as(client, username, password=PASSWORD, **extra):
    """Post the portal's login form."""
    return client.post(
        reverse("portal:login"),
        {"username": username, "password": password},
        **extra,
    )


def signup_data(**overrides):
    """The sign-up form's POST data for Budi Santoso."""
    data = {
        "username": "budi",
        "email": "budi@example.org",
        "display_name": "Budi Santoso",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def only_link(message):
    """The one link in an email's body."""
    links = _LINK.findall(message.body)
    assert len(links) == 1
    return links[0]


def path_of(link):
    """``link`` without scheme and host, as the test client wants it."""
    return re.sub(r"^https?://[^/]+", "", link)
