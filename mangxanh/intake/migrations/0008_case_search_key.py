from django.db import migrations, models


def fold_titles(apps, schema_editor):
    """Existing cases get their folded title, as Case.save() gives new ones."""
    from mangxanh.engine.normalize import search_key

    Case = apps.get_model("intake", "Case")
    for case in Case.objects.only("pk", "title").iterator():
        Case.objects.filter(pk=case.pk).update(search_key=search_key(case.title)[:400])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_attachment_viewing_copy"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.RunPython(fold_titles, migrations.RunPython.noop),
    ]
