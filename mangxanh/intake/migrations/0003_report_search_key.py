from django.db import migrations, models


def fill_search_key(apps, schema_editor):
    # The engine's folding function (Django-free, stable); the same join as search.report_search_key.
    from mangxanh.engine.normalize import search_key

    Report = apps.get_model("intake", "Report")
    for report in Report.objects.prefetch_related("links").iterator(chunk_size=500):
        links = [link.url for link in report.links.all()]
        parts = (report.description, report.reported_account, *links)
        report.search_key = search_key("\n".join(p for p in parts if p))
        report.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_seed_clocks_agencies"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="search_key",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_key, migrations.RunPython.noop),
    ]
