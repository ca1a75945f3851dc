from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor) -> None:
    """Every staff group may see what the search index is doing."""
    app_config = apps.get_app_config("search")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search",
        codename__in=["view_indexjob", "view_pendingindexupdate"],
    )
    for group in Group.objects.filter(name__in=["Katalogisierung", "Redaktion", "Administration"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("collections", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
