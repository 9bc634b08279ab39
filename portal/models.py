"""
What the portal keeps ahead of its readers in the database: how many public
entries carry each tag.

The tag list shows every tag with that number. Counted on each request it
read every tagged item and the visibility of its entry: 360 ms at 10 000
articles, ten times that at 100 000. So it is counted once a change to the
knowledge is committed (tag_counts.recount), for the content version of
that moment, and read only while that version is current: before the first
count, after a change that is not yet counted, or without the cache, the
list counts as before (tag_counts.public_tags).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class TagCount(models.Model):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="public_counts")
    version = models.CharField(_("inhoudsversie"), max_length=32)
    entries = models.PositiveIntegerField(_("publieke items"))

    class Meta:
        verbose_name = _("aantal per tag")
        verbose_name_plural = _("aantallen per tag")
        constraints = [
            # One count per tag per version; the version first, as it is read.
            models.UniqueConstraint(fields=["version", "tag"], name="unique_tag_count"),
            models.CheckConstraint(condition=models.Q(entries__gt=0), name="tag_count_positive"),
        ]

    def __str__(self):
        return f"{self.tag}: {self.entries}"
