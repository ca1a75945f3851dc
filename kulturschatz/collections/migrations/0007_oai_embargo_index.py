"""A partial index on embargo_until for OAI-PMH (kulturschatz.metadata.oai).

Objects whose embargo ended after their last save take the embargo's start as
their OAI-PMH datestamp and are read, on every list page, ordered by
embargo_until. Without an index that is a scan of the whole table (17 ms on
SQLite, 30 ms on PostgreSQL at 100,000 objects, measured with bench/oai.py);
with it, a lookup among the few objects that have an embargo at all.

Plain SQL rather than Meta.indexes: the index serves one query of the OAI-PMH
repository and nothing in the catalogue's model; SQLite and PostgreSQL both
know partial indexes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("collections", "0006_linked_resource_web_address"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS object_embargo_until_oai "
                "ON collections_heritageobject (embargo_until) "
                "WHERE embargo_until IS NOT NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS object_embargo_until_oai",
        ),
    ]
