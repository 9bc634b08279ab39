"""Search moved to one index table (the search app); see roles/0005."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vector"),
        ("roles", "0005_retire_search_vector"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="search_vector"),
        migrations.RemoveField(model_name="person", name="search_vector"),
    ]
