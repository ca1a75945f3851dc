from django.db import migrations


def grant(apps, schema_editor) -> None:
    """Every staff group may see what the search index is doing: the groups'
    definition (staff_groups.py) grants it once the search models exist."""
    from kulturschatz.collections.staff_groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("collections", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
