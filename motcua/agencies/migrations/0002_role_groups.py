"""One permission Group per Role (policy.sync_role_groups).

Permissions are normally created after migrations (post_migrate), so they are created
here first for the apps whose models the roles use. Re-running is harmless.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("auth", "agencies", "catalogue", "worktime")


def forwards(apps, schema_editor):
    for label in APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    from motcua.agencies.policy import sync_role_groups

    sync_role_groups()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__startswith="motcua.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0001_initial"),
        ("worktime", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
