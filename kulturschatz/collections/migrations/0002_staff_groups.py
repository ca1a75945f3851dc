"""Staff groups: Katalogisierung, Redaktion, Administration."""

from django.db import migrations

from kulturschatz.collections.staff_groups import ensure_staff_groups


def create_groups(apps, schema_editor):
    ensure_staff_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Katalogisierung", "Redaktion", "Administration"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collections", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
