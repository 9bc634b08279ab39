"""
What the history (django-reversion) keeps of every entry, and how an entry is
put back.

A version of an entry is saved together with the rows that belong to it: its
sourced facts, its sources, its responsibility groups, its tags, ... (the
`LINKS` below, which are reversion's `follow`). Restoring an old version or
recovering a deleted entry therefore brings those rows back as they were.

Reversion itself reverts a whole revision. A run of `load_articles` writes
one revision holding every entry, so restoring one role to the version of a
load would put every other entry back to that load too. `revert_entry`
therefore reverts only the versions in the revision that belong to the one
entry (found through the same `LINKS`), and leaves the rest alone.
"""

from collections import defaultdict

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from taggit.models import Tag, TaggedItem

from .cache import knowledge_changed


class Link:
    """
    Rows of `model` that belong to an entry.

    - `back`: the field (attname) on the row that points at the entry;
    - `generic=True`: the row points at the entry through a content type and
      object id (taggit's TaggedItem);
    - `to`: the field (attname) on the entry that points at the row (the tag of
      a TaggedItem). Such rows are shared by other entries: they are only put
      back when they no longer exist, never overwritten.

    `attr` names the attribute on the entry that lists the rows; reversion
    follows it. A link without `attr` is edited from the other side (the
    roles a statement is about) and is not part of the entry's state: its
    rows are saved when the entry is deleted, and only recovering the entry
    puts them back.
    """

    def __init__(self, model, attr=None, back=None, generic=False, to=None):
        self.model, self.attr, self.back, self.generic, self.to = model, attr, back, generic, to

    @property
    def shared(self):
        return self.to is not None

    def rows(self, entry):
        if self.attr:
            return getattr(entry, self.attr).all()
        return self.model._default_manager.filter(**{self.back: entry.pk})

    def rows_of(self, entries):
        """
        The rows of each of `entries` (all of one model) in one query, as
        {entry pk: [row, ...]}: what `rows` gives for each, without a query
        per entry when thousands are saved at once.
        """
        found = defaultdict(list)
        if self.shared:
            # The entry points at the row: the one row, as Django's forward
            # relation reads it (through the base manager).
            ids = {getattr(entry, self.to) for entry in entries} - {None}
            rows = self.model._base_manager.in_bulk(ids)
            for entry in entries:
                row = rows.get(getattr(entry, self.to))
                if row is not None:
                    found[entry.pk].append(row)
            return found
        pks = [entry.pk for entry in entries]
        if self.generic:
            content_type = ContentType.objects.get_for_model(type(entries[0]))
            rows = self.model._default_manager.filter(content_type=content_type, object_id__in=pks)
            key = "object_id"
        else:
            rows = self.model._default_manager.filter(**{f"{self.back}__in": pks})
            key = self.back
        for row in rows:
            found[getattr(row, key)].append(row)
        return found

    def belongs(self, candidate, owner):
        """Whether the version `candidate` is a row of the entry version `owner`."""
        if self.back:
            return str(candidate.field_dict[self.back]) == owner.object_id
        if self.generic:
            fields = candidate.field_dict
            return (
                fields["content_type_id"] == owner.content_type_id
                and str(fields["object_id"]) == owner.object_id
            )
        return str(owner.field_dict[self.to]) == candidate.object_id


def through(model, field_name):
    return model._meta.get_field(field_name).remote_field.through


def name_through(model, field_name, verbose_name, verbose_name_plural):
    """
    Readable names for the rows of an auto-created many-to-many table: they
    appear in the history, the compare view and the role's inline, where
    "CompanyExample_roles object (3)" would tell an editor nothing.
    """
    table = through(model, field_name)
    source, target = (f.name for f in table._meta.fields if f.is_relation)
    table._meta.verbose_name = verbose_name
    table._meta.verbose_name_plural = verbose_name_plural
    table.__str__ = lambda row: f"{getattr(row, source)} – {getattr(row, target)}"
    return table


TAGS = Link(TaggedItem, "tagged_items", generic=True)

# What is versioned with what: {model: [Link, ...]}, filled by each app's
# history module through register().
LINKS = {}

# How a version stores its row, given to reversion at registration so that
# code writing versions itself (the loader, in bulk) writes the same:
# the serialization format and, per model, the fields kept.
FORMAT = "json"
FIELDS = {}


def register(model, *links):
    """
    Keep the history of `model`, each version taking along the rows of
    `links` (models with tags add TAGS). Each app calls it from its ready();
    the rows a link names are versioned too.
    """
    LINKS[model] = list(links)
    for row_model in [link.model for link in links] + [TaggedItem, Tag]:
        if row_model not in LINKS:
            LINKS[row_model] = [Link(Tag, "tag", to="tag_id")] if row_model is TaggedItem else []
            _follow(row_model)
    _follow(model)


def followed(model):
    """The links of `model` that a version takes along (reversion's follow)."""
    return [link for link in LINKS.get(model, []) if link.attr]


def _follow(model):
    if reversion.is_registered(model):
        # Named first as another entry's row, declared with its own links now.
        reversion.unregister(model)
    opts = model._meta.concrete_model._meta
    FIELDS[model] = tuple(
        field.name
        for field in opts.local_fields + opts.local_many_to_many
        # Tags are kept as TaggedItem rows (followed above); the manager
        # itself has nothing to serialize.
        if field.name != "tags"
    )
    reversion.register(
        model,
        fields=FIELDS[model],
        follow=[link.attr for link in followed(model)],
        format=FORMAT,
    )


def model_of(version):
    """The model a version is of (through the cached content types)."""
    return (
        ContentType.objects.db_manager(router.db_for_read(type(version), instance=version))
        .get_for_id(version.content_type_id)
        .model_class()
    )


def ensure_content_types(using):
    """
    Versions refer to their model by content type. Django creates none for
    the auto-created many-to-many tables; create them with the others at
    migrate rather than halfway through an editor's save.
    """
    ContentType.objects.db_manager(using).get_for_models(*LINKS, for_concrete_models=True)


def _links(model):
    return LINKS.get(model, [])


def entry_versions(version, kept=False):
    """
    The versions in `version`'s revision that belong to its entry: the entry
    itself and, recursively, its rows. With `kept`, also the links that are
    only saved when the entry is deleted (see Link).
    """
    by_model = {}
    for candidate in version.revision.version_set.all():
        by_model.setdefault(candidate.content_type_id, []).append(candidate)
    found = {}
    todo = [version]
    while todo:
        owner = todo.pop()
        key = (owner.content_type_id, owner.object_id)
        if key in found:
            continue
        found[key] = owner
        for link in _links(model_of(owner)):
            if not (link.attr or kept):
                continue
            content_type = ContentType.objects.get_for_model(link.model, for_concrete_model=True)
            todo.extend(
                candidate
                for candidate in by_model.get(content_type.pk, ())
                if link.belongs(candidate, owner)
            )
    return list(found.values())


def _current_rows(entry):
    """The entry and the rows it has now, recursively (what a version holds)."""
    seen = set()
    todo = [entry]
    while todo:
        obj = todo.pop()
        if obj in seen:
            continue
        seen.add(obj)
        for link in _links(type(obj)):
            if link.attr and not link.shared:
                rel = getattr(obj, link.attr)
                todo.extend(rel.all())
    return seen


def revert_entry(version):
    """
    Put the entry of `version` back as it was in that version, with its rows:
    rows it has now but did not have then are deleted, the others are saved
    as they were. Raises RevertError with a message for the editor when the
    database refuses (for instance: its slug is now used by another entry).
    """
    entry = version.object  # the entry as it is now, None when it was deleted
    # Links edited from the other side (a statement about this role) are not
    # part of the entry's state: only a recovery puts them back.
    versions = entry_versions(version, kept=entry is None)
    with transaction.atomic(using=version.db):
        # Version.object is the row as it is now, or None if it is gone.
        then = {v.object for v in versions} - {None}
        if entry is not None:
            gone = {}
            for obj in _current_rows(entry) - then:
                gone.setdefault(type(obj), []).append(obj)
            if gone:
                collector = Collector(using=version.db)
                for objs in gone.values():
                    collector.collect(objs)
                collector.delete()
        shared = {link.model for links in LINKS.values() for link in links if link.shared}
        _save_versions(
            [v for v in versions if not (model_of(v) in shared and v.object is not None)]
        )
        # Reverting saves raw rows and deletes through a Collector: no save()
        # or delete() of ours runs, so say here that the knowledge changed.
        knowledge_changed()


def _save_versions(versions):
    # A row can depend on another one that is saved later (a responsibility
    # on its group); save what can be saved and retry the rest.
    pending = list(versions)
    while pending:
        failed = []
        for v in pending:
            try:
                with transaction.atomic(using=v.db):
                    v.revert()
            except (IntegrityError, ObjectDoesNotExist):
                failed.append(v)
        if len(failed) == len(pending):
            raise RevertError(
                _(
                    "%(entry)s kan niet worden teruggezet: het botst met wat nu in de "
                    "database staat (bijvoorbeeld een slug die inmiddels door iets anders "
                    "wordt gebruikt, of een gekoppeld item dat niet meer bestaat)."
                )
                % {"entry": failed[0].object_repr}
            )
        pending = failed


def record_deletion(entry, user):
    """
    Save a last version of `entry` and its rows, as a revision of its own,
    before it is deleted: the history then says who deleted it and when, and
    the entry can be recovered with everything that belonged to it.
    """
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Verwijderd."))
        reversion.add_to_revision(entry)
        for link in _links(type(entry)):
            if not link.attr:
                for row in link.rows(entry):
                    reversion.add_to_revision(row)
