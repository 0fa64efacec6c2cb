"""Notifications keep their kind and parameters, not a Dutch text: the title is rendered in the
reader's language. Stored subjects become the reference of what they are about (read from the
link), and the reminders that said "verlopen" get the kind for a passed date."""
import re

from django.db import migrations, models

ABOUT = [(re.compile(r"^/casussen/([0-9a-f-]{36})"), "case"), (re.compile(r"^/signalen/([0-9a-f-]{36})"), "signal"),
         (re.compile(r"^/zorg/([0-9a-f-]{36})"), "trajectory")]
PASSED = {"task_due": "task_late", "track_due": "track_late", "case_due": "case_late", "signal_due": "signal_late"}


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for n in Notification.objects.all().iterator(chunk_size=1000):
        params = {}
        for pattern, kind in ABOUT:
            found = pattern.match(n.url)
            if found:
                n.about_kind, n.about_id = kind, found.group(1)
                params["reference"] = found.group(1).replace("-", "")[:8].upper()
        days = re.search(r"over (\d+) dagen", n.subject)
        if days:
            params["days"] = int(days.group(1))
        if n.kind in PASSED and "verlopen" in n.subject and "bijna" not in n.subject:
            n.kind = PASSED[n.kind]
        n.params = params
        n.save(update_fields=["about_kind", "about_id", "params", "kind"])


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="notification", name="params",
                            field=models.JSONField(blank=True, default=dict)),
        migrations.AddField(model_name="notification", name="about_kind",
                            field=models.CharField(blank=True, max_length=20)),
        migrations.AddField(model_name="notification", name="about_id",
                            field=models.CharField(blank=True, max_length=64)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="subject"),
        migrations.AddIndex(model_name="notification",
                            index=models.Index(fields=["user", "kind", "url"], name="notification_user_kind_url")),
    ]
