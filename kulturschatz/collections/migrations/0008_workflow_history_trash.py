"""Editorial workflow: the last editor (four-eyes principle) and the trash.

The staff groups are brought up to date afterwards, so that Administration
gets the trash's permissions (restoring deleted objects).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kulturschatz.collections.staff_groups import ensure_staff_groups


def update_groups(apps, schema_editor):
    ensure_staff_groups(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('collections', '0007_oai_embargo_index'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='heritageobject',
            name='last_editor',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last edited or submitted by'),
        ),
        migrations.CreateModel(
            name='TrashedObject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.BigIntegerField(unique=True, verbose_name='former object number')),
                ('identifier', models.SlugField(max_length=100, verbose_name='identifier')),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('inventory_number', models.CharField(max_length=100, verbose_name='inventory number')),
                ('institution_name', models.CharField(max_length=255, verbose_name='institution')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('review', 'in review'), ('published', 'published'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='status when deleted')),
                ('deleted_at', models.DateTimeField(db_index=True, verbose_name='deleted at')),
                ('deleted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reversion.revision', verbose_name='version')),
            ],
            options={
                'verbose_name': 'deleted object',
                'verbose_name_plural': 'trash',
                'ordering': ['-deleted_at'],
                'permissions': [('restore_trashedobject', 'Can restore deleted objects')],
            },
        ),
        migrations.RunPython(update_groups, migrations.RunPython.noop),
    ]
