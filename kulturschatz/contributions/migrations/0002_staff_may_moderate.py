"""Redaktion and Administration may moderate contributions (staff_groups.py)."""

from django.db import migrations


def grant(apps, schema_editor) -> None:
    """The groups' definition (staff_groups.py) grants the contributions
    permissions once the contributions models exist; Katalogisierung gets none
    (contributions hold personal data)."""
    from kulturschatz.collections.staff_groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("collections", "0009_change_proposals"),
        ("search", "0002_staff_can_view_index_jobs"),
        ("metadata", "0002_staff_may_import"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
