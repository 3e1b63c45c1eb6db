"""PostgreSQL: the GiST index that finds the dossiers open at an instant (see
reports/spans.py, whose expression must stay identical), with btree_gist for the agency
column. Every engine: count the dossiers that already exist into the new counters."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS dossier_open_span ON dossiers_dossier USING gist "
    "(agency_id, tstzrange(received_at, LEAST(finished_at, closed_at), '(]')) "
    "WHERE received_at IS NOT NULL"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_open_span")


def backfill(apps, schema_editor):
    # Existing databases had dossiers before the counters; a new one has none and skips.
    if not apps.get_model("dossiers", "Dossier").objects.exists():
        return
    from motcua.reports.counters import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_daily_counts"),
        ("dossiers", "0005_step_report_index"),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
