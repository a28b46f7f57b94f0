"""``manage.py rename_guessable_media``: move renditions out of id-named folders.

Renditions used to be stored at ``renditions/<image id>/...``, so counting ids
found the images of unpublished articles. New ones live in a folder named
after the original's random file name (``articles.renditions.storage_name``).
This command makes each old image's renditions again under the new name,
then deletes the old files. Safe to run again: images already moved are
skipped. Originals and avatars already have random names.
"""

from django.core.management.base import BaseCommand

from articles.models import Image
from articles.renditions import ORIGINAL, ensure_renditions


def guessable_names(image: Image) -> list[str]:
    prefix = f"renditions/{image.pk}/"
    return [
        entry["name"]
        for key, entry in (image.renditions or {}).items()
        if key != ORIGINAL and entry.get("name", "").startswith(prefix)
    ]


class Command(BaseCommand):
    help = "Make renditions stored under image ids again under random names."

    def handle(self, *args, **options):
        moved = 0
        for image in Image.objects.exclude(renditions={}).iterator():
            old = guessable_names(image)
            if not old:
                continue
            image.renditions = {}
            if ensure_renditions(image):
                storage = image.file.storage
                for name in old:
                    storage.delete(name)
                moved += 1
        self.stdout.write(f"{moved} images' renditions moved to unguessable names")
