from django.db import migrations


def forwards(apps, schema_editor):
    from mangxanh.intake.seed import seed

    seed(apps.get_model("intake", "LegalClock"), apps.get_model("intake", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
