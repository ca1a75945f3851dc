"""The staff groups and what each may do (created by migration 0002)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

# Parts of an object that cataloguers edit through the inlines of the object page.
OBJECT_PARTS = [
    "objecttitle",
    "objectdescription",
    "inscription",
    "measurement",
    "event",
    "eventactor",
    "objectrelation",
    "objectimage",
    "linkedresource",
    "agenturi",
    "placeuri",
    "concepturi",
]
SHARED_ENTITIES = ["heritageobject", "agent", "place", "concept"]


def codenames_for(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


CATALOGUING = (
    codenames_for(["add", "change", "delete", "view"], OBJECT_PARTS)
    + codenames_for(["add", "change", "view"], SHARED_ENTITIES)
    + codenames_for(["view"], ["institution", "collection"])
)
EDITORIAL = CATALOGUING + [
    "publish_heritageobject",
    "delete_heritageobject",
    "delete_agent",
    "delete_place",
    "delete_concept",
    "add_collection",
    "change_collection",
]
GROUPS = {"Katalogisierung": CATALOGUING, "Redaktion": EDITORIAL}
# Citizens' contributions (kulturschatz.contributions) hold personal data: only
# the groups that moderate them see them (not Katalogisierung). Nobody adds or
# deletes them in the admin; rejecting and the purge erase them.
CONTRIBUTIONS = codenames_for(
    ["view", "change"], ["sharedtreasure", "contributionphoto", "hint"]
) + ["moderate_contribution"]
MODERATING_GROUPS = ["Redaktion", "Administration"]


def ensure_staff_groups(apps=global_apps) -> None:
    """Create or update the groups Katalogisierung, Redaktion and Administration."""
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without models_module, which is
        # how a migration's historical registry looks; restore it afterwards.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    catalogue = Permission.objects.filter(content_type__app_label="collections")
    existing_models = {model._meta.model_name for model in apps.get_app_config("collections").get_models()}
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # An early migration runs this before later models exist; they are
        # granted when a later migration runs it again.
        codenames = [c for c in codenames if c.split("_", 1)[1] in existing_models or c.startswith("publish_")]
        permissions = list(catalogue.filter(codename__in=codenames))
        missing = set(codenames) - {p.codename for p in permissions}
        assert not missing, f"unknown permissions {missing}"
        group.permissions.set(permissions)
    administration, _ = Group.objects.get_or_create(name="Administration")
    administration.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["collections", "auth"])
    )
    # Every group may see what the search index is doing (once its models exist).
    index_views = Permission.objects.filter(
        content_type__app_label="search",
        codename__in=["view_indexjob", "view_pendingindexupdate"],
    )
    for group in Group.objects.filter(name__in=[*GROUPS, "Administration"]):
        group.permissions.add(*index_views)
    # Every group may import LIDO and read import reports (once the models exist);
    # publishing through an import still needs the publish right.
    import_permissions = Permission.objects.filter(
        content_type__app_label="metadata",
        codename__in=["add_importrun", "view_importrun", "view_importrecordoutcome"],
    )
    for group in Group.objects.filter(name__in=[*GROUPS, "Administration"]):
        group.permissions.add(*import_permissions)
    # Moderating contributions (once the contributions models exist): added
    # after the set() calls above, so that a rerun keeps them.
    contributions = Permission.objects.filter(
        content_type__app_label="contributions", codename__in=CONTRIBUTIONS
    )
    for group in Group.objects.filter(name__in=MODERATING_GROUPS):
        group.permissions.add(*contributions)


