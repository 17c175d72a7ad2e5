"""Recompute channel keys: a channel's key is now its identity (a post link under it shares it)."""

from django.db import migrations


def recompute(apps, schema_editor):
    from mangxanh.review.normalise import channel_key, normalise_name

    OfficialChannel = apps.get_model("review", "OfficialChannel")
    for channel in OfficialChannel.objects.all().iterator():
        OfficialChannel.objects.filter(pk=channel.pk).update(
            address_key=channel_key(channel.address), name_key=normalise_name(channel.name))


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
