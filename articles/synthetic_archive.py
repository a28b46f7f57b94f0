"""A synthetic archive for load tests: its rows, built and bulk-inserted in batches.

One transaction per batch (sections, tags and, on PostgreSQL, the search
vector included), so an interrupted run leaves whole batches and a new run
continues from the rows already there. Rich text comes from pools of template
texts cleaned once each (``CleanHTML``), not once per row; all text is
synthetic (``articles.synthetic``). ``manage.py generate_articles`` runs it.
"""

import bisect
import io
import itertools
import random
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag

from articles import synthetic
from articles.images import validate_and_reencode
from articles.models import (
    Article,
    ArticleTag,
    Category,
    Image,
    Profile,
    Section,
    SummarySource,
)
from articles.sanitize import CleanHTML, html_to_text
from articles.search import search_config, uses_full_text_search

WRITER_PREFIX = "gen-writer-"
EDITOR_PREFIX = "gen-editor-"
IMAGE_CAPTION = "Gambar sintetis"
HERO_POOL_SIZE = 6
BODY_POOL_SIZE = 4000
LEAD_POOL_SIZE = 1500
# Every DRAFT_EVERY-th row is an article in another state than published.
DRAFT_EVERY = 20
OTHER_STATES = [
    Article.Status.DRAFT,
    Article.Status.SUBMITTED,
    Article.Status.IN_REVIEW,
    Article.Status.CHANGES_REQUESTED,
    Article.Status.APPROVED,
    Article.Status.UNPUBLISHED,
    Article.Status.REJECTED,
    "scheduled",  # published with a publication date still to come
]


def rows_for(published: int) -> int:
    """Rows (published and others) needed for ``published`` published articles."""
    return published + max(0, published - 1) // (DRAFT_EVERY - 1)


def published_in(rows: int) -> int:
    """Published articles among the first ``rows`` rows."""
    return rows - rows // DRAFT_EVERY


@contextmanager
def explicit_timestamps():
    """Let ``bulk_create`` store the given created/updated times (not "now")."""
    fields = [Article._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class WeightedChoice:
    """Pick from ``items`` with a Zipf-like skew: the first ones are popular."""

    def __init__(self, items, exponent: float = 0.9):
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1 / (k + 1) ** exponent for k in range(len(items)))
        )

    def pick(self, rng: random.Random):
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect(self.cumulative, point)]


def picture(seed: int) -> bytes:
    """A 1600x900 JPEG: a colour gradient with a few shapes."""
    rng = random.Random(seed)
    top = [rng.randint(0, 255) for _ in range(3)]
    bottom = [rng.randint(0, 255) for _ in range(3)]
    img = PILImage.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(img)
    for y in range(900):
        mix = y / 899
        colour = tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (1600, y)], fill=colour)
    for _ in range(6):
        x, y, r = rng.randint(0, 1600), rng.randint(0, 900), rng.randint(40, 260)
        fill = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class ArchiveBuilder:
    """Makes the rows of the archive; the same seed gives the same archive."""

    def __init__(self, *, seed: int, years: int):
        self.seed = seed
        self.years = years
        self.vector_config = search_config() if uses_full_text_search() else None

    def prepare(self, *, authors: int, tags: int) -> None:
        """What all articles share: categories, people, tags, images, text pools."""
        self.categories = self.ensure_categories()
        self.editors = self.ensure_users(EDITOR_PREFIX, 10, staff=True)
        writers = self.ensure_users(WRITER_PREFIX, authors, staff=False)
        self.writers = WeightedChoice(writers, exponent=0.7)
        self.tags = WeightedChoice(self.ensure_tags(tags))
        self.heroes = self.ensure_images()
        self.make_pools()

    def rows_done(self) -> int:
        """Rows (articles in any state) an earlier run already inserted."""
        return Article.objects.filter(
            author__username__startswith=WRITER_PREFIX
        ).count()

    def insert(
        self, start: int, stop: int, batch_size: int, done: Callable[[int], None]
    ) -> None:
        """Rows ``start`` to ``stop`` in batches; ``done(row)`` after each batch."""
        # Publication dates spread over all rows, those of earlier runs included.
        self.total_rows = max(stop, start)
        self.now = timezone.now()
        # DEBUG would keep (and format) every multi-megabyte INSERT in
        # connection.queries; nothing here needs that.
        with explicit_timestamps(), override_settings(DEBUG=False):
            for first in range(start, stop, batch_size):
                last = min(stop, first + batch_size)
                self.insert_batch(range(first, last))
                done(last)

    def ensure_categories(self) -> list[Category]:
        categories = []
        for name in synthetic.CATEGORIES:
            category = Category.objects.filter(name=name).first()
            if category is None:
                category = Category.objects.create(name=name)
            categories.append(category)
        return categories

    def ensure_users(self, prefix: str, number: int, *, staff: bool) -> list[int]:
        """Ids of ``number`` users named ``prefix``00001..., with profiles."""
        User = get_user_model()
        rng = random.Random(f"{self.seed}-{prefix}")
        names = [f"{prefix}{k:05d}" for k in range(1, number + 1)]
        existing = set(
            User.objects.filter(username__in=names).values_list("username", flat=True)
        )
        new_users = []
        for k, username in enumerate(names):
            if username in existing:
                continue
            first, last = synthetic.person_name(rng).split(" ", 1)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.invalid",
                # Every tenth writer is a staff journalist, not a community writer.
                is_staff=staff or k % 10 == 0,
            )
            user.set_unusable_password()
            new_users.append(user)
        User.objects.bulk_create(new_users, batch_size=1000)
        users = dict(
            User.objects.filter(username__in=names).values_list("username", "pk")
        )
        if new_users:
            created = User.objects.filter(username__in=[u.username for u in new_users])
            Profile.objects.bulk_create(
                [
                    Profile(
                        user_id=user.pk,
                        display_name=user.get_full_name(),
                        bio=synthetic.sentence(rng),
                    )
                    for user in created
                ],
                batch_size=1000,
                ignore_conflicts=True,
            )
            group = Group.objects.filter(
                name="Editors" if staff else "Community writers"
            ).first()
            if group is not None:
                group.user_set.add(*[user.pk for user in created])
        return [users[name] for name in names]

    def ensure_tags(self, size: int) -> list[int]:
        names = synthetic.tag_vocabulary(size)
        Tag.objects.bulk_create(
            [Tag(name=name, slug=slugify(name)) for name in names],
            batch_size=1000,
            ignore_conflicts=True,
        )
        ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        return [ids[name] for name in names if name in ids]

    def ensure_images(self) -> list[int]:
        """Ids of a small pool of real JPEGs, each stored with its renditions."""
        pool = list(
            Image.objects.filter(caption__startswith=IMAGE_CAPTION)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for n in range(len(pool), HERO_POOL_SIZE):
            upload = SimpleUploadedFile(
                f"generated-{n}.jpg", picture(n), content_type="image/jpeg"
            )
            image = Image.objects.create(
                file=validate_and_reencode(upload),
                alt_text=f"Ilustrasi berwarna nomor {n + 1}",
                caption=f"{IMAGE_CAPTION} {n + 1}",
                credit="Tim Grafis",
                source="newsroom",
            )
            pool.append(image.pk)
        return pool

    def make_pools(self) -> None:
        """Rich-text templates, each cleaned once, with their plain text."""
        rng = random.Random(f"{self.seed}-pools")
        self.bodies = [
            CleanHTML(synthetic.body_html(rng)) for _ in range(BODY_POOL_SIZE)
        ]
        self.body_texts = [html_to_text(body) for body in self.bodies]
        self.leads = [
            CleanHTML(synthetic.lead_html(rng)) for _ in range(LEAD_POOL_SIZE)
        ]
        self.lead_texts = [html_to_text(lead) for lead in self.leads]
        if self.vector_config:
            # Stemming is the costly part of a search vector: each template
            # text is stemmed once here, rows then only concatenate vectors.
            self.body_vectors = self.vectors_of(self.body_texts)
            self.lead_vectors = self.vectors_of(self.lead_texts)

    def vectors_of(self, texts: list[str]) -> list[str]:
        """PostgreSQL's tsvector of each of ``texts``, as tsvector literals."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_tsvector(%s::regconfig, t)::text "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
                [self.vector_config, texts],
            )
            return [row[0] for row in cursor.fetchall()]

    # --- one batch ------------------------------------------------------------

    def insert_batch(self, rows: range) -> None:
        articles, extras = [], []
        for i in rows:
            article, sections, tag_ids = self.build(i)
            articles.append(article)
            extras.append((sections, tag_ids))
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A crash loses at most the last batches, which a re-run makes.
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            Article.objects.bulk_create(articles, batch_size=500)
            sections, article_tags = [], []
            for article, (article_sections, tag_ids) in zip(
                articles, extras, strict=True
            ):
                for section in article_sections:
                    section.article_id = article.pk
                sections.extend(article_sections)
                article_tags.extend(
                    ArticleTag(content_object_id=article.pk, tag_id=tag_id)
                    for tag_id in tag_ids
                )
            Section.objects.bulk_create(sections, batch_size=2000)
            ArticleTag.objects.bulk_create(article_tags, batch_size=5000)

    def build(self, i: int) -> tuple[Article, list[Section], set[int]]:
        rng = random.Random(f"{self.seed}-{i}")
        span = timedelta(days=365 * self.years)
        # The fraction first: span * (i + 1) overflows timedelta past ~550k rows.
        moment = self.now - span + span * ((i + 1) / (self.total_rows + 1))
        moment -= timedelta(minutes=rng.randint(0, 30))
        title = synthetic.headline(rng)
        lead = rng.randrange(LEAD_POOL_SIZE)
        points = synthetic.key_points(rng)
        is_ai = rng.random() < 0.2
        editor = rng.choice(self.editors)
        fields = dict(
            title=title,
            slug=f"{slugify(title)[:180]}-{i}",
            category=rng.choice(self.categories),
            author_id=self.writers.pick(rng),
            dateline=rng.choice(synthetic.PLACES),
            lead=self.leads[lead],
            hero_image_id=rng.choice(self.heroes) if rng.random() < 0.85 else None,
            key_points=points,
            summary_source=SummarySource.LLM if is_ai else SummarySource.HUMAN,
            status=Article.Status.PUBLISHED,
            published_at=moment,
            approved_by_id=editor,
            summary_checked_by_id=editor if is_ai else None,
            created_at=moment - timedelta(hours=rng.randint(1, 72)),
            updated_at=min(self.now, moment + timedelta(hours=rng.randint(0, 96))),
        )
        if i % DRAFT_EVERY == DRAFT_EVERY - 1:
            fields.update(self.other_state(rng, editor))
        article = Article(**fields)
        body_ids = [rng.randrange(BODY_POOL_SIZE) for _ in range(rng.randint(3, 8))]
        sections = [
            Section(
                position=position,
                heading=synthetic.section_heading(rng),
                body=self.bodies[body],
                image_id=rng.choice(self.heroes) if rng.random() < 0.1 else None,
            )
            for position, body in enumerate(body_ids, start=1)
        ]
        tag_ids = {self.tags.pick(rng) for _ in range(rng.randint(2, 6))}
        if self.vector_config:
            article.search_vector = self.vector(
                title,
                " ".join(points),
                self.lead_vectors[lead],
                " ".join(section.heading for section in sections),
                [self.body_vectors[body] for body in body_ids],
            )
        return article, sections, tag_ids

    def other_state(self, rng: random.Random, editor) -> dict:
        """Field values of an article in a state other than published."""
        state = rng.choice(OTHER_STATES)
        fields = {"approved_by_id": None, "summary_checked_by_id": None}
        if state == "scheduled":
            days = rng.randint(1, 30)
            return {
                **fields,
                "published_at": self.now + timedelta(days=days),
                "approved_by_id": editor,
            }
        fields["status"] = state
        if state == Article.Status.UNPUBLISHED:
            return {**fields, "approved_by_id": editor}
        fields["published_at"] = None
        if state == Article.Status.IN_REVIEW:
            fields["reviewer_id"] = editor
        elif state == Article.Status.APPROVED:
            fields["approved_by_id"] = editor
        return fields

    def vector(self, title, points, lead_vector, headings, body_vectors) -> RawSQL:
        """The weighted search vector, weighed as ``articles.search`` does.

        Title A, key points and lead B, sections C; the lead's and bodies'
        vectors come stemmed from their pools.
        """
        config = "%s::regconfig"
        bodies = " || ".join(["%s::tsvector"] * len(body_vectors))
        sql = (
            f"setweight(to_tsvector({config}, %s), 'A')"
            f" || setweight(to_tsvector({config}, %s) || %s::tsvector, 'B')"
            f" || setweight(to_tsvector({config}, %s) || {bodies}, 'C')"
        )
        params = [
            self.vector_config,
            title,
            self.vector_config,
            points,
            lead_vector,
            self.vector_config,
            headings,
            *body_vectors,
        ]
        return RawSQL(sql, params, output_field=SearchVectorField())

    def analyze(self) -> None:
        """Fresh planner statistics after a big insert."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                tables = [
                    model._meta.db_table
                    for model in (Article, Section, ArticleTag, Tag, Image)
                ]
                cursor.execute(f"ANALYZE {', '.join(tables)}")
            elif connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
