"""
The editorial base every kind of knowledge is built on: a publication status,
and the one rule for what a reader may see.

The rule. An entry is public when it is published itself, and so is
everything it depends on: the article it comes from, the role or team
structure that owns it, the entries a fact links. Each model names those
dependencies once, in `visible_through` (lookups to a model with a status;
a tuple of lookups means "one of these", for rows with alternative owners),
and `public()` turns them into one filter. Every reader-facing path (pages,
search, API, downloads, sitemap, tags) asks `public()` or, where staff may
preview a draft, `for_reader(user)`; nothing else decides.
"""

from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from . import cache


class Status(models.TextChoices):
    DRAFT = "draft", _("concept")
    PUBLISHED = "published", _("gepubliceerd")


PUBLISHED = Status.PUBLISHED


def visibility(model, prefix=""):
    """The condition under which rows of `model` are public, as a Q object."""
    condition = Q()
    if any(field.name == "status" for field in model._meta.concrete_fields):
        condition &= Q(**{f"{prefix}status": PUBLISHED})
    for lookup in getattr(model, "visible_through", ()):
        if isinstance(lookup, tuple):
            either = Q()
            for alternative in lookup:
                either |= Q(**{f"{prefix}{alternative}__status": PUBLISHED})
            condition &= either
        else:
            condition &= Q(**{f"{prefix}{lookup}__status": PUBLISHED})
    return condition


# Sent with `pks` after a bulk update(), which calls no save() and sends no
# post_save: apps above this one that keep something derived from the rows
# (the search index) listen to it.
rows_updated = Signal()


class EntryQuerySet(models.QuerySet):
    def public(self):
        """What a reader may see (see the module's docstring)."""
        return self.filter(visibility(self.model))

    def for_reader(self, user):
        """Public rows, and for logged-in staff drafts as well (preview)."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.public()

    def for_list(self):
        return self

    def for_detail(self):
        return self.for_list()

    def update(self, **kwargs):
        # Bulk changes (the admin's publish actions) bypass save().
        listened = rows_updated.has_listeners(self.model)
        pks = list(self.values_list("pk", flat=True)) if listened else []
        rows = super().update(**kwargs)
        cache.knowledge_changed()
        if pks:
            rows_updated.send(sender=self.model, pks=pks)
        return rows

    def delete(self):
        result = super().delete()
        cache.knowledge_changed()
        return result


class SluggedManager(models.Manager.from_queryset(EntryQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def _published_through(obj, lookup):
    for name in lookup.split("__"):
        obj = getattr(obj, name)
        if obj is None:
            return False
    return obj.status == PUBLISHED


class Knowledge(models.Model):
    """Every row of the knowledge base: a write makes cached pages stale."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.knowledge_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.knowledge_changed()
        return result

    @property
    def is_public(self):
        """
        The visibility rule for a row already loaded, as public() says it in
        SQL: for a link a page shows without filtering (the person who said
        a fact, the level of a task), so a draft is never named.
        """
        if getattr(self, "status", PUBLISHED) != PUBLISHED:
            return False
        for lookup in getattr(self, "visible_through", ()):
            alternatives = lookup if isinstance(lookup, tuple) else (lookup,)
            if not any(_published_through(self, alternative) for alternative in alternatives):
                return False
        return True


class Curated(Knowledge):
    """
    Fields every curated entry shares. New entries start as drafts so nothing
    an editor is still working on reaches readers; the fixtures load as
    published.
    """

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Alleen gepubliceerde items zijn zichtbaar voor lezers."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = SluggedManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class StoredCount(models.Model):
    """
    A count that grows with the knowledge (how many public entries carry a
    tag, how many public statements are about a role), counted once a
    change is committed for the content version of that moment, and read
    while that version is current: editorial/counts.py.
    """

    version = models.CharField(_("inhoudsversie"), max_length=32)
    name = models.CharField(_("telling"), max_length=50)
    key = models.BigIntegerField(_("sleutel"))
    n = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("bewaarde telling")
        verbose_name_plural = _("bewaarde tellingen")
        constraints = [
            # In the order a page reads it: this version, this count, this key.
            models.UniqueConstraint(fields=["version", "name", "key"], name="unique_stored_count"),
            # Only what is there is kept: a key without a row counts as 0
            # where the version has rows.
            models.CheckConstraint(condition=Q(n__gt=0), name="stored_count_positive"),
        ]

    def __str__(self):
        return f"{self.name} {self.key}: {self.n}"
