"""Create the "Editors" and "Community writers" groups with their permissions.

Permissions are normally created after all migrations run (post_migrate), so
this migration creates them first for the apps it needs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "view", "review"],
        "section": ["add", "change", "delete", "view"],
        "image": ["add", "change", "view"],
        "category": ["add", "change", "view"],
        "correction": ["view"],
    },
    "taggit": {"tag": ["add", "change", "view"], "taggeditem": ["add", "change", "delete", "view"]},
    "editorial": {
        "reviewevent": ["view"],
        "revision": ["view"],
        "reviewqueue": ["view", "change"],
    },
}
WRITER_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "view"],
        "section": ["add", "change", "delete", "view"],
        "image": ["add", "view"],
    },
}


def _codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_groups(apps, schema_editor):
    for app_label in ("articles", "taggit", "editorial"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in (("Editors", EDITOR_PERMISSIONS), ("Community writers", WRITER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in _codenames(spec):
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Community writers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0002_review_fields_and_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
