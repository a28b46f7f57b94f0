"""``manage.py make_renditions``: make the missing renditions of every image.

Images get their renditions when they are saved; this backfills images stored
before renditions existed, or after the widths and crops change. Running it
again makes nothing new. ``--check`` also looks every recorded file up in
storage and remakes the lost ones (one storage call per file).
"""

from django.core.management.base import BaseCommand

from articles.models import Image
from articles.renditions import ensure_renditions, missing_renditions


class Command(BaseCommand):
    help = "Make the missing renditions of every image (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Also look up every recorded file in storage and remake lost ones.",
        )

    def handle(self, *args, check: bool = False, **options):
        made = complete = failed = 0
        for image in Image.objects.order_by("pk").iterator():
            if not missing_renditions(image, check_files=check):
                complete += 1
            elif ensure_renditions(image, check_files=check):
                made += 1
            else:
                failed += 1
                self.stderr.write(
                    f"Image {image.pk}: source {image.file.name!r} is missing "
                    "or unreadable."
                )
        self.stdout.write(
            f"Renditions: {made} images updated, {complete} already complete, "
            f"{failed} failed."
        )
