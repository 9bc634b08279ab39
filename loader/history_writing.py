"""
The history of a load: every written row, with the rows it takes along,
as django-reversion Revision and Version rows written in bulk.
"""

import json
from collections import defaultdict

import reversion
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import router
from django.db.models import Model, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.encoding import is_protected_type
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit, pre_revision_commit

from editorial import history
from loader.constants import BATCH_SIZE, HISTORY_CHUNK


def history_chunks(touched):
    """
    Every written row of a versioned model, re-read, in lists of at most
    HISTORY_CHUNK; yields lists as it goes, so only one is in memory at a
    time.

    Bulk queries send no signals, so reversion does not see these rows by
    itself: without this the history of a load would be empty. Rows are
    re-read so that each version holds the row as committed.
    """
    buffer = []
    for model, pks in reversed(list(touched.items())):
        if not pks or model not in history.LINKS:
            continue
        pks = sorted(pks)
        for start in range(0, len(pks), HISTORY_CHUNK):
            buffer.extend(model._base_manager.filter(pk__in=pks[start : start + HISTORY_CHUNK]))
            while len(buffer) >= HISTORY_CHUNK:
                yield buffer[:HISTORY_CHUNK]
                buffer = buffer[HISTORY_CHUNK:]
    if buffer:
        yield buffer


def history_chunk_count(touched):
    total = sum(len(pks) for model, pks in touched.items() if model in history.LINKS)
    return -(-total // HISTORY_CHUNK)


def record_history(touched, comment):
    """Save the rows in `touched` in new revisions (see HISTORY_CHUNK)."""
    count = history_chunk_count(touched)
    for number, chunk in enumerate(history_chunks(touched), start=1):
        save_revision(chunk, comment + (f" ({number}/{count})" if count > 1 else ""))


def _batches(objects):
    # On SQLite, Django prefetches a foreign key as one OR of equalities per
    # value, and SQLite refuses an expression deeper than 1000: one prefetch
    # per batch keeps every query of the history well within that.
    for start in range(0, len(objects), BATCH_SIZE):
        yield objects[start : start + BATCH_SIZE]


def _with_followed(objects):
    """
    `objects` and every row their versions take along (editorial.history's
    followed links, recursively), each once, grouped by model: what
    reversion.add_to_revision on each object would add, read with one query
    per link and batch instead of one per object.
    """
    by_model = defaultdict(dict)
    todo = list(objects)
    while todo:
        fresh = defaultdict(list)
        for obj in todo:
            model = type(obj)
            if obj.pk is not None and model in history.LINKS and obj.pk not in by_model[model]:
                by_model[model][obj.pk] = obj
                fresh[model].append(obj)
        todo = []
        for model, group in fresh.items():
            for link in history.followed(model):
                for batch in _batches(group):
                    for rows in link.rows_of(batch).values():
                        todo.extend(rows)
    return {model: list(rows.values()) for model, rows in by_model.items() if rows}


def _pk_value(row):
    # What Django's serializer writes for a row a many-to-many field lists.
    pk = row._meta.pk
    value = pk.value_from_object(row)
    return value if is_protected_type(value) else pk.value_to_string(row)


def _serialize(model, group):
    """
    Each row of `group` as serializers.serialize(history.FORMAT, [row],
    fields=history.FIELDS[model]) writes it. The rows' foreign keys (which
    their str() may use) and many-to-many links are read with one query per
    relation and batch; the serializer would read the links with a query per
    row.
    """
    fields = history.FIELDS[model]
    m2m = [
        field
        for field in model._meta.concrete_model._meta.local_many_to_many
        if field.name in fields
        and field.serialize
        and field.remote_field.through._meta.auto_created
    ]
    plain = [name for name in fields if name not in {field.name for field in m2m}]
    # Only a model's own __str__ can read a related row; Django's default
    # (that of every auto-created many-to-many table) names the key alone.
    related = (
        [
            field.name
            for field in model._meta.get_fields()
            if (field.many_to_one and field.concrete) or isinstance(field, GenericForeignKey)
        ]
        if model.__str__ is not Model.__str__
        else []
    )
    for batch in _batches(group):
        prefetch_related_objects(
            batch,
            *related,
            *(
                Prefetch(
                    field.name,
                    queryset=field.related_model._default_manager.select_related(None).only("pk"),
                    to_attr=f"{field.name}_in_history",
                )
                for field in m2m
            ),
        )
        data = PythonSerializer().serialize(batch, fields=plain)
        for obj, item in zip(batch, data, strict=True):
            # Django's serializer lists the many-to-many fields after the others.
            for field in m2m:
                item["fields"][field.name] = [
                    _pk_value(row) for row in getattr(obj, f"{field.name}_in_history")
                ]
            # What serializers.serialize("json", [obj]) writes.
            yield obj, json.dumps([item], cls=DjangoJSONEncoder, ensure_ascii=False)


def save_revision(objects, comment):
    """
    One django-reversion revision holding `objects` and every row they take
    along, exactly as `reversion.add_to_revision` on each would build it: a
    Version per row, serialized in the registered format and fields, with
    its repr.

    reversion adds objects one at a time, serializing each alone and copying
    its map of pending versions on every add; for the tens of thousands of
    rows of a large load that was most of the loading time. Here each
    model's rows are read and serialized together and the versions are
    written with bulk inserts, with reversion's own signals around them.
    """
    if history.FORMAT != "json":
        raise ValueError(f"versions are stored as {history.FORMAT}; the loader writes json")
    versions = []
    for model, group in _with_followed(objects).items():
        content_type = ContentType.objects.get_for_model(model)
        for obj, data in _serialize(model, group):
            versions.append(
                Version(
                    content_type=content_type,
                    object_id=str(obj.pk),
                    db=router.db_for_write(model, instance=obj),
                    format=history.FORMAT,
                    serialized_data=data,
                    object_repr=str(obj),
                )
            )
    if not versions:
        return None
    revision = Revision(comment=comment, date_created=timezone.now())
    pre_revision_commit.send(sender=reversion.create_revision, revision=revision, versions=versions)
    revision.save()
    for version in versions:
        version.revision = revision
    Version.objects.bulk_create(versions, batch_size=BATCH_SIZE)
    post_revision_commit.send(
        sender=reversion.create_revision, revision=revision, versions=versions
    )
    return revision
