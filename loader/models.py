from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedEntry(models.Model):
    """
    What load_articles last wrote of one entry or fact, so that the next load
    can tell an editor's change in the admin from a change in the files: the
    files that define it and a fingerprint of the values they gave. An entry
    without one was made in the admin (or before the loader kept these).
    """

    section = models.CharField(_("sectie"), max_length=50)
    key = models.TextField(
        _("sleutel"), help_text=_("De slug, of wat een feit zonder slug kenmerkt.")
    )
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    defined_by = models.JSONField(
        _("gedefinieerd door"),
        default=dict,
        help_text=_("Per artikel (of gedeeld bestand) het bestand dat het item definieert."),
    )
    loaded_at = models.DateTimeField(_("geladen op"))

    class Meta:
        verbose_name = _("geladen item")
        verbose_name_plural = _("geladen items")
        ordering = ["section", "key"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="loader_loadedentry_unique_key")
        ]

    def __str__(self):
        return f"{self.section}: {self.key}"
