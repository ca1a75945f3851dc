from django.db import migrations


def grant(apps, schema_editor) -> None:
    """Staff groups may import LIDO and read import reports: the groups'
    definition (staff_groups.py) grants it once the metadata models exist."""
    from kulturschatz.collections.staff_groups import ensure_staff_groups

    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("metadata", "0001_initial"),
        ("collections", "0005_more_rights_statements"),
        ("search", "0002_staff_can_view_index_jobs"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
