"""Seed the government's decisions for 2024-2026 (swapped days, Tết, Quốc khánh)."""

from django.db import migrations

from motcua.worktime.seed import apply_seed, remove_seed


def forwards(apps, schema_editor):
    apply_seed(apps.get_model("worktime", "DayOverride"))


def backwards(apps, schema_editor):
    remove_seed(apps.get_model("worktime", "DayOverride"))


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
