"""
The history of an entry in the admin (django-reversion): the list of its
versions, comparing two of them, restoring one and recovering a deleted
entry, each for the one entry and its rows only (see editorial.history).
"""

import difflib
from contextlib import nullcontext

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import connections, models, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from . import history


class _Preview(Exception):
    """
    Ends the transaction of a preview (or of a form with errors) so that the
    revert it showed is undone, carrying the page that was rendered.
    """

    def __init__(self, response):
        super().__init__()
        self.response = response


class HistoryAdmin(VersionAdmin):
    """
    Every save from the admin is a revision (VersionAdmin) with its user and
    the admin's change message. On top of that:

    - a deletion is a revision of its own ("Verwijderd."), saved before the
      rows are gone, so the recover list says who deleted what and when;
    - restore and recover put back one entry with its rows, never the other
      entries that happen to share the revision (see editorial.history);
    - two versions can be compared field by field.
    """

    object_history_template = "admin/redactie/object_history.html"
    recover_list_template = "admin/redactie/recover_list.html"
    compare_template = "admin/redactie/compare.html"
    history_latest_first = True

    def get_changeform_initial_data(self, request):
        # The add form takes its first values from the query string
        # (?level=3). A value its field cannot hold (?level=abc) made the
        # form fail to render; it is left out, and the field starts empty.
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            target = field.target_field if field.is_relation else field
            if not hasattr(target, "to_python"):
                continue  # a relation from another model: not a form field
            values = value if isinstance(value, list) else [value]
            try:
                for each in values:
                    target.to_python(each)
            except ValidationError:
                del initial[name]
        return initial

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def get_ordering(self, request):
        # Explicit, because the counts some lists annotate make the query a
        # GROUP BY, which drops the model's default ordering (autocomplete
        # would page through an unordered list).
        return self.ordering or self.model._meta.ordering

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            # An address typed without a scheme is a web address over https.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page in one revision. Here every
        # action records its own revision per entry instead, and a deletion
        # must be saved before the rows disappear, which a revision around
        # the whole request cannot do.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj), instance=obj)):
            history.record_deletion(obj, request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                history.record_deletion(obj, request.user)
            super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        action_list = [
            {
                "version": version,
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions
        ]
        context = {
            "action_list": action_list,
            "compare_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                args=(object_id,),
            ),
        }
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            old = versions.get(pk=request.GET.get("old"))
            new = versions.get(pk=request.GET.get("new"))
        except (Version.DoesNotExist, ValueError, TypeError):
            messages.error(request, gettext("Kies twee versies om te vergelijken."))
            return redirect(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_history",
                quote(obj.pk),
            )
        if old.pk > new.pk:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Versies van %(entry)s vergelijken") % {"entry": obj},
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "old": old,
            "new": new,
            "comparison": compare(old, new),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.compare_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Only a version of this admin's model and of this entry.
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        version = get_object_or_404(versions, pk=version_id)
        context = {
            "title": gettext("Revert %(name)s") % {"name": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        template = self.revision_form_template or self._form_templates("revision_form.html")
        return self._restore_view(request, version, template, context)

    def recover_view(self, request, version_id, extra_context=None):
        # Recovering creates the entry again: the change form checks the
        # change permission, adding it is checked here.
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        context = {
            "title": gettext("Recover %(name)s") % {"name": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        template = self.recover_form_template or self._form_templates("recover_form.html")
        return self._restore_view(request, version, template, context)

    def _form_templates(self, name):
        # Where VersionAdmin looks for its forms, most specific first.
        opts = self.opts
        return [
            f"reversion/{opts.app_label}/{opts.model_name}/{name}",
            f"reversion/{opts.app_label}/{name}",
            f"reversion/{name}",
        ]

    def _restore_view(self, request, version, template_name, extra_context):
        """
        The change form of the entry as it was in `version`: a GET shows it,
        a POST saves it. Unlike VersionAdmin, which reverts the whole
        revision, only this entry and its rows are put back
        (history.revert_entry); a preview, or a form with errors, is undone.
        """
        if not connections[version.db].features.uses_savepoints:
            raise ImproperlyConfigured("Restoring a version needs a database with savepoints.")
        if request.method == "GET":
            # Showing an old version must not fire side effects.
            signal_context = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        else:
            signal_context = nullcontext()
        try:
            with transaction.atomic(using=version.db), signal_context:
                history.revert_entry(version)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        reversion.set_comment(
                            gettext("Teruggezet naar de versie van %(datetime)s.")
                            % {
                                "datetime": localize(
                                    template_localtime(version.revision.date_created)
                                )
                            }
                        )
                    elif response.status_code == 200:
                        response.template_name = template_name
                        # Rendered now, while the old version is in the database.
                        response.render()
                        raise _Preview(response)
                    else:
                        raise RevertError(
                            gettext("%(entry)s kon niet worden geladen.")
                            % {"entry": version.object_repr}
                        )
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, force_str(error))
            return redirect(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
        except _Preview as preview:
            return preview.response
        return response


def describe(field, value):
    """A stored value as an editor reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("ja") if value else gettext("nee")
    if field.many_to_many:
        objs = field.related_model._default_manager.filter(pk__in=value)
        names = sorted(str(obj) for obj in objs)
        missing = len(value) - len(names)
        if missing:
            names.append(gettext("%(count)d verwijderd") % {"count": missing})
        return ", ".join(names)
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else gettext("#%(pk)s (verwijderd)") % {"pk": value}
    return str(value)


def word_diff(old, new):
    """Old and new text with removed words in <del> and added words in <ins>."""
    old_words, new_words = old.split(" "), new.split(" ")
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed = escape(" ".join(old_words[a1:a2]))
        added = escape(" ".join(new_words[b1:b2]))
        if op == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return mark_safe(" ".join(old_html)), mark_safe(" ".join(new_html))


IGNORED_FIELDS = {"id", "created_at", "updated_at"}


def field_changes(model, old_fields, new_fields):
    changes = []
    for field in model._meta.concrete_fields + model._meta.many_to_many:
        if field.name in IGNORED_FIELDS or field.attname not in new_fields:
            continue
        before, after = old_fields.get(field.attname), new_fields.get(field.attname)
        if before == after:
            continue
        before, after = describe(field, before), describe(field, after)
        if isinstance(field, (models.TextField, models.CharField)) and not field.choices:
            before, after = word_diff(before, after)
        changes.append({"label": capfirst(field.verbose_name), "old": before, "new": after})
    return changes


def compare(old, new):
    """
    What changed between two versions of one entry: its fields, and the rows
    that belong to it (added, removed, changed), grouped by kind.
    """
    fields = field_changes(history.model_of(new), old.field_dict, new.field_dict)
    old_rows = {
        (v.content_type_id, v.object_id): v for v in history.entry_versions(old) if v != old
    }
    new_rows = {
        (v.content_type_id, v.object_id): v for v in history.entry_versions(new) if v != new
    }
    groups = {}
    for key in sorted(old_rows.keys() | new_rows.keys()):
        before, after = old_rows.get(key), new_rows.get(key)
        either = after or before
        model = history.model_of(either)
        group = groups.setdefault(
            either.content_type_id,
            {
                "name": capfirst(model._meta.verbose_name_plural),
                "added": [],
                "removed": [],
                "changed": [],
            },
        )
        if before is None:
            group["added"].append(after.object_repr)
        elif after is None:
            group["removed"].append(before.object_repr)
        else:
            changes = field_changes(model, before.field_dict, after.field_dict)
            if changes:
                group["changed"].append({"name": after.object_repr, "fields": changes})
    rows = [g for g in groups.values() if g["added"] or g["removed"] or g["changed"]]
    return {"fields": fields, "rows": rows}
