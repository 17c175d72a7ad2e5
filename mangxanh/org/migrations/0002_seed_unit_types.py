from django.db import migrations


def forwards(apps, schema_editor):
    from mangxanh.org.seed import seed_unit_types

    seed_unit_types(apps.get_model("org", "UnitType"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
