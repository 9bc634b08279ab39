"""
The search index: one document per public entry of every kind, and the
vocabulary of the index (for typos and "Bedoelde u ...?").

The columns hold what the results page shows (so it reads no other table)
and the terms the entry is found by (search/text.py), per weight: title,
aliases, summary, body. How the terms are searched is the backend's
(search/backends.py): PostgreSQL keeps tsvector columns generated from them
with GIN indexes, SQLite an FTS5 table kept in step by triggers (both made
by the migrations, so that the model stays the same on every database).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(_("soort"), max_length=20)
    object_id = models.BigIntegerField(_("id van het item"))
    url = models.CharField(_("adres"), max_length=500)
    title = models.CharField(_("titel"), max_length=500)
    aliases = models.JSONField(_("andere namen"), default=list)
    passage = models.TextField(_("tekst"), blank=True)
    context = models.JSONField(_("context"), default=list)
    badges = models.JSONField(_("niveaus"), default=list)
    title_terms = models.TextField(blank=True)
    alias_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # How many words the title has, and the title as a key that orders the
    # same on every database: the shortest name that holds the words first.
    title_length = models.PositiveSmallIntegerField(default=0)
    sort_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("zoekdocument")
        verbose_name_plural = _("zoekdocumenten")
        # No index that starts with the kind: PostgreSQL would walk it and
        # test every document of the kind, instead of asking the kind's
        # full-text index (search/backends.py). The kinds' order indexes hold
        # a condition that only a query for a very common word writes.
        constraints = [
            models.UniqueConstraint(fields=["object_id", "kind"], name="unique_search_document"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchWord(models.Model):
    """A word of the index as it is written (folded), with its term."""

    word = models.CharField(_("woord"), max_length=100, unique=True)
    term = models.CharField(_("term"), max_length=100, db_index=True)
    documents = models.PositiveIntegerField(_("aantal documenten"), default=0)
    in_names = models.BooleanField(_("in een naam"), default=False)

    class Meta:
        verbose_name = _("zoekwoord")
        verbose_name_plural = _("zoekwoorden")

    def __str__(self):
        return self.word
