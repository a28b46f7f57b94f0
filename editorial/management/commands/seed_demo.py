"""``manage.py seed_demo``: fill an empty site with demo users, categories and news.

The data lives in ``editorial/demo/``; this module only turns it into rows.
Every article is created as a draft with a first revision by its writer, then
moved to its demo state through ``editorial.workflow.apply`` by the writer and
the demo editor, so its review history explains its state and no status is
assigned here.

Every object is keyed by a natural key (group name, username, category slug,
article slug), so running the command again creates nothing and changes
nothing: existing users keep their passwords, existing articles keep their
content and images, and no image file is generated for an article that exists.
The groups come from the data migration ``editorial.0002_editorial_groups``.
"""

import zlib
from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.images import validate_and_reencode
from articles.links import absolute_reverse
from articles.models import Article, Category, Image
from editorial import workflow
from editorial.demo.desk import ON_THE_DESK
from editorial.demo.illustrations import render_illustration
from editorial.demo.people import CATEGORIES, EDITOR_USERNAME, PALETTES, USERS
from editorial.demo.published import PUBLISHED
from editorial.editing import ANY_VERSION, ContentChanges, SectionDraft, save_content
from editorial.permissions import EDITORS_GROUP, WRITERS_GROUP

# The workflow actions that take a new draft to each demo state, in order.
# "submit" is the writer's; every other action is the demo editor's.
WORKFLOW_STEPS = {
    Article.Status.DRAFT: [],
    Article.Status.SUBMITTED: ["submit"],
    Article.Status.IN_REVIEW: ["submit", "start_review"],
    Article.Status.CHANGES_REQUESTED: ["submit", "start_review", "request_changes"],
    Article.Status.PUBLISHED: ["submit", "start_review", "approve", "publish"],
}


class Command(BaseCommand):
    help = (
        "Create demo users, categories and articles (with generated images), "
        "taking each article to its demo state through the editorial workflow. "
        "Safe to run again: whatever already exists is left as it is."
    )

    def handle(self, *args, **options):
        self.created = Counter()
        self.present = Counter()
        # One reference time, so the demo publication dates keep their order.
        self.now = timezone.now()
        with transaction.atomic():
            groups = self.ensure_groups()
            users, new_usernames = self.ensure_users(groups)
            categories = self.ensure_categories()
            editor = users[EDITOR_USERNAME]
            for spec in [*PUBLISHED, *ON_THE_DESK]:
                self.ensure_article(
                    spec, users=users, categories=categories, editor=editor
                )
        self.write_summary()
        self.write_logins(new_usernames)

    # -- groups, users, categories -------------------------------------------

    def ensure_groups(self) -> dict[str, Group]:
        """The editors' and the community writers' groups, by name.

        The data migration creates them with their permissions; a group made
        here would lack those, so a missing one is an error.
        """
        groups = {}
        for name in (EDITORS_GROUP, WRITERS_GROUP):
            try:
                groups[name] = Group.objects.get(name=name)
            except Group.DoesNotExist:
                raise CommandError(
                    f"The group {name!r} does not exist; run `manage.py migrate` "
                    "first (editorial.0002_editorial_groups creates it)."
                ) from None
            self.count("groups", created=False)
        return groups

    def ensure_users(self, groups: dict[str, Group]) -> tuple[dict, set[str]]:
        """The demo users by username, and which of them were created now.

        An existing user is left exactly as it is: no password reset, no change
        of name, flags or groups.
        """
        User = get_user_model()
        users, new_usernames = {}, set()
        for spec in USERS:
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = User.objects.create_user(
                    username=spec["username"],
                    password=spec["password"],
                    email=spec["email"],
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                    is_staff=spec["is_staff"],
                    is_superuser=spec["is_superuser"],
                )
                user.groups.add(groups[spec["group"]])
                new_usernames.add(user.username)
            self.count("users", user.username in new_usernames)
            users[user.username] = user
        return users, new_usernames

    def ensure_categories(self) -> dict[str, Category]:
        """The demo categories by slug."""
        categories = {}
        for spec in CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "description": spec["description"]},
            )
            categories[category.slug] = category
            self.count("categories", created)
        return categories

    # -- articles and their images -------------------------------------------

    def ensure_article(self, spec: dict, *, users, categories, editor) -> None:
        """Create the article of ``spec`` as a draft, then move it to its state.

        Nothing happens when an article with the slug exists already.
        """
        if Article.objects.filter(slug=spec["slug"]).exists():
            self.count("articles", created=False)
            return

        author = users[spec["author"]]
        status = Article.Status(spec["status"])
        if status not in WORKFLOW_STEPS:
            raise CommandError(
                f"Demo article {spec['slug']!r}: no demo path to {status.value!r}."
            )
        hero_spec = spec.get("hero_image")
        hero = (
            self.create_image(hero_spec, seed_key=f"{spec['slug']}:hero", owner=author)
            if hero_spec
            else None
        )
        sections = [
            SectionDraft(
                heading=section_spec["heading"],
                body=section_spec["body"],
                image=(
                    self.create_image(
                        section_spec["image"],
                        seed_key=f"{spec['slug']}:section-{position}",
                        owner=author,
                    )
                    if section_spec.get("image")
                    else None
                ),
            )
            for position, section_spec in enumerate(spec["sections"], start=1)
        ]
        # The writer's first version, saved the way the portal saves it, so
        # the history starts before the review.
        article = Article(slug=spec["slug"], author=author)
        save_content(
            article,
            ContentChanges(
                fields={
                    "title": spec["title"],
                    "category": categories[spec["category"]],
                    "dateline": spec["dateline"],
                    "lead": spec["lead"],
                    "key_points": list(spec["key_points"]),
                    "summary_source": spec["summary_source"],
                    "hero_image": hero,
                },
                tags=list(spec["tags"]),
                sections=sections,
            ),
            author,
            loaded_version=ANY_VERSION,
        )
        # A draft's slug follows its title (Article.save); a published article
        # keeps its slug, so a published one may get a shorter slug below.
        if article.slug != spec["slug"] and status != Article.Status.PUBLISHED:
            raise CommandError(
                f"Demo article {spec['slug']!r} would be saved as {article.slug!r}; "
                "make its slug match its title in editorial/demo/."
            )

        self.move_to_state(article, spec, status=status, editor=editor)
        if article.slug != spec["slug"]:
            article.slug = spec["slug"]
            article.save(update_fields=["slug"])
        self.count("articles", created=True)
        self.count(f"articles ({status.value})", created=True)

    def move_to_state(self, article: Article, spec: dict, *, status, editor) -> None:
        """Walk ``article`` from draft to ``status`` through the workflow."""
        for action in WORKFLOW_STEPS[status]:
            actor, options = editor, {}
            if action == "submit":
                actor = article.author
            elif action == "request_changes":
                options["note"] = spec["review_note"]
            elif action == "approve":
                options["summary_checked"] = article.summary_is_ai_assisted
            elif action == "publish":
                options["publish_at"] = self.now + spec.get(
                    "published_offset", timedelta(0)
                )
            try:
                workflow.apply(article, action, actor, notify=False, **options)
            except workflow.TransitionError as error:
                problems = "; ".join(message for _field, message in error.problems)
                raise CommandError(
                    f"Demo article {spec['slug']!r}: {action} by "
                    f"{actor.get_username()!r} was refused: {error} {problems}".strip()
                ) from error

    def create_image(self, spec: dict, *, seed_key: str, owner) -> Image:
        """Generate, validate and store one credited illustration."""
        data = render_illustration(
            PALETTES[spec["palette"]], seed=zlib.crc32(seed_key.encode())
        )
        upload = SimpleUploadedFile("demo.jpg", data, content_type="image/jpeg")
        image = Image(
            file=validate_and_reencode(upload),
            alt_text=spec["alt_text"],
            caption=spec["caption"],
            credit=spec["credit"],
            source=spec["source"],
            source_url=spec["source_url"],
            uploaded_by=owner,
        )
        image.save()
        self.count("images", created=True)
        return image

    # -- output ----------------------------------------------------------------

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.present)[kind] += 1

    def write_summary(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        kinds = [
            "groups", "users", "categories", "articles",
            *sorted(k for k in self.created if k.startswith("articles (")),
            "images",
        ]  # fmt: skip
        for kind in kinds:
            line = f"  {kind}: {self.created[kind]} created"
            if not kind.startswith("articles (") and kind != "images":
                line += f", {self.present[kind]} already present"
            self.stdout.write(line)
        if not self.created["images"]:
            self.stdout.write(
                "  (existing articles keep their images; none were generated)"
            )

    def write_logins(self, new_usernames: set[str]) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        for spec in USERS:
            where = (
                f"admin {absolute_reverse('admin:index')}"
                if spec["is_staff"]
                else f"writer portal {absolute_reverse('portal:dashboard')}"
            )
            if spec["username"] in new_usernames:
                password = spec["password"]
            else:
                password = (
                    f"{spec['password']} (user existed already; its password was "
                    "left unchanged)"
                )
            self.stdout.write(
                f"  {spec['group']}: {spec['first_name']} {spec['last_name']}\n"
                f"    username: {spec['username']}\n"
                f"    password: {password}\n"
                f"    log in at: {where}"
            )
