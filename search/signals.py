"""
Writes that reach the index through signals. The models' save() and
delete() live in the apps below this one and cannot call it (apps import
only downward), so this app listens: Django's post_save and post_delete
(also sent for django-reversion's restores, which save raw), m2m_changed for
the many-to-many fields a document reads, and editorial's rows_updated for a
bulk update(). A delete is looked at before it happens, while the rows that
depend on the deleted one can still be found.
"""

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from editorial import search
from editorial.models import rows_updated
from editorial.search import kinds

from . import index
from .backends import BACKENDS, DOCUMENTS
from .documents import affected, relation_path, watched_models
from .models import SearchDocument, SearchWord
from .query import TYPO_THRESHOLD

UID = "search.index"


def saved(sender, instance, **kwargs):
    index.changed({sender: [instance.pk]})


def updated(sender, pks, **kwargs):
    index.changed({sender: pks})


def deleting(sender, instance, **kwargs):
    # The documents of the entries that depend on this row, found while it
    # still exists; they are re-read once it is gone.
    if not index.rebuilding():
        instance.search_affected = affected(sender, [instance.pk])


def deleted(sender, instance, **kwargs):
    if index.rebuilding():
        return
    found = getattr(instance, "search_affected", None) or affected(sender, [instance.pk])
    if index.pending() is not None:
        for kind, ids in found.items():
            index.pending()[kind] |= ids
    else:
        index.reindex(found)


def linked(sender, instance, action, model, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        changes = {type(instance): [instance.pk]}
        if pk_set:
            changes[model] = list(pk_set)
        index.changed(changes)
    elif action == "pre_clear":
        # Which rows on the other side lose the link: they are known only now.
        relation = getattr(instance, sender_field(sender, type(instance)), None)
        if relation is not None:
            index.changed({model: list(relation.values_list("pk", flat=True))})


def sender_field(through, model):
    for kind in kinds():
        for lookup in kind.lookups:
            relations, _attr = relation_path(kind.model, lookup)
            for name, field, _target in relations:
                if field.many_to_many and field.remote_field.through is through:
                    return name if kind.model is model else field.remote_field.get_accessor_name()
    return None


def many_to_many_throughs():
    found = set()
    for kind in kinds():
        for lookup in kind.lookups:
            relations, _attr = relation_path(kind.model, lookup)
            for _name, field, _target in relations:
                if field.many_to_many:
                    found.add(field.remote_field.through)
    return found


def similarity_threshold(sender, connection, **kwargs):
    # pg_trgm's `%` then returns only the words search/query.py keeps, and
    # its index skips the others (the default, 0.3, reads many more).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.similarity_threshold = %s", [str(TYPO_THRESHOLD)])


def connect():
    connection_created.connect(similarity_threshold, dispatch_uid=f"{UID}.threshold")
    for model in watched_models():
        uid = f"{UID}.{model._meta.label}"
        post_save.connect(saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(deleting, sender=model, dispatch_uid=uid)
        post_delete.connect(deleted, sender=model, dispatch_uid=uid)
        rows_updated.connect(updated, sender=model, dispatch_uid=uid)
    for through in many_to_many_throughs():
        m2m_changed.connect(linked, sender=through, dispatch_uid=f"{UID}.{through._meta.label}")


def after_migrate(using, **kwargs):
    """
    A database migrated to this index gets an index per declared kind where
    its backend wants one, and its documents if it has entries but none.
    """
    connection = connections[using]
    introspection = connection.introspection
    with connection.cursor() as cursor:
        # Not when the migrations were taken back below the index's schema.
        if DOCUMENTS not in introspection.table_names(cursor):
            return
        columns = {c.name for c in introspection.get_table_description(cursor, DOCUMENTS)}
        if "vector" in columns:
            for statement in BACKENDS[connection.vendor].kind_indexes(search.KINDS):
                cursor.execute(statement)
    if SearchDocument.objects.using(using).exists() or SearchWord.objects.using(using).exists():
        return
    if any(kind.model.objects.using(using).public().exists() for kind in kinds()):
        index.rebuild()
