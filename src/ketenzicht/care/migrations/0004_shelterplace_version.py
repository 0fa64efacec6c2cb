from django.db import migrations, models


class Migration(migrations.Migration):
    """Shelter places get a version, so an update through the page or the API names what it saw."""

    dependencies = [
        ("care", "0003_care_closing"),
    ]

    operations = [
        migrations.AddField(
            model_name="shelterplace",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
