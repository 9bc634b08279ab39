"""
What every model admin of Rolwijzer shares: history (django-reversion) with
compare, restore and recover; drafts and the publish actions; facts that
cannot be saved without a source.
"""

import difflib
from contextlib import nullcontext

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin, _RollBackRevisionView
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals
from taggit.models import Tag

from articles.models import Status

from . import versioning

SOURCE_REQUIRED = _(
    "Een feit zonder bron kan niet: kies het artikel waar dit uit komt. "
    "Staat het niet in een van de artikelen, voeg het dan niet toe."
)
SOURCE_NEEDED_TO_PUBLISH = _(
    "Publiceren kan pas als er minstens één bron is. Voeg hieronder een bron toe, "
    "of sla het op als concept."
)


class SourcedFieldsMixin:
    """
    Form fields of a fact: a missing source gets a message that says why it is
    needed; text areas are kept small so a row of an inline stays readable.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and isinstance(
            self, admin.options.InlineModelAdmin
        ):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 30})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name == "source":
            formfield.error_messages["required"] = SOURCE_REQUIRED
        return formfield


class FactFormSet(BaseInlineFormSet):
    """
    Rows of an inline. Django leaves the row's link to the entry out of the
    model validation of an inline form, so a check constraint on that field
    (a role related to itself) would reach the database; check them here.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.errors or not form.has_changed() or self._should_delete_form(form):
                continue
            exclude = form._get_validation_exclusions()
            for constraint in form.instance._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    try:
                        constraint.validate(type(form.instance), form.instance, exclude=exclude)
                    except ValidationError as error:
                        form.add_error(None, error)


class FactInline(SourcedFieldsMixin, admin.TabularInline):
    formset = FactFormSet
    extra = 0


class SourcesFormSet(FactFormSet):
    """The sources of an entry: a published entry keeps at least one."""

    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        remaining = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("article")
            and not self._should_delete_form(form)
        ]
        if not remaining:
            raise ValidationError(SOURCE_NEEDED_TO_PUBLISH, code="no_source")


class SourcesInline(admin.TabularInline):
    formset = SourcesFormSet
    extra = 0
    autocomplete_fields = ["article"]
    verbose_name = _("bron")
    verbose_name_plural = _("bronnen (artikelen die dit beschrijven)")


# List filters.


class SourceArticleFilter(admin.RelatedOnlyFieldListFilter):
    """The articles that describe the entries in the list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("bronartikel")

    @property
    def include_empty_choice(self):
        # Entries without any source have a filter of their own.
        return False


class YesNoFilter(admin.SimpleListFilter):
    """Entries that have (or lack) rows of `relation`."""

    relation = None

    def lookups(self, request, model_admin):
        return [("ja", _("minstens één")), ("geen", _("geen"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(**{f"{self.relation}__isnull": False}).distinct()
        if self.value() == "geen":
            return queryset.filter(**{f"{self.relation}__isnull": True})
        return queryset


def yes_no_filter(relation, title, parameter_name):
    return type(
        f"{parameter_name.capitalize()}Filter",
        (YesNoFilter,),
        {"relation": relation, "title": title, "parameter_name": parameter_name},
    )


class TagFilter(admin.SimpleListFilter):
    """The tags in use on this kind of entry (one query)."""

    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label=model_admin.opts.app_label,
                taggit_taggeditem_items__content_type__model=model_admin.opts.model_name,
            )
            .distinct()
            .order_by("name")
        )
        return [(tag.slug, tag.name) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value()).distinct()
        return queryset


# History.


class HistoryAdmin(VersionAdmin):
    """
    Every save from the admin is a revision (VersionAdmin) with its user and
    the admin's change message. On top of that:

    - a deletion is a revision of its own ("Verwijderd."), saved before the
      rows are gone, so the recover list says who deleted what and when;
    - restore and recover put back one entry with its rows, never the other
      entries that happen to share the revision (see roles.versioning);
    - two versions can be compared field by field.
    """

    object_history_template = "admin/redactie/object_history.html"
    recover_list_template = "admin/redactie/recover_list.html"
    compare_template = "admin/redactie/compare.html"
    history_latest_first = True

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
        with transaction.atomic(using=obj._state.db):
            versioning.record_deletion(obj, request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                versioning.record_deletion(obj, request.user)
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

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # VersionAdmin's view, with one change: revert only this entry and its
        # rows (versioning.revert_entry) instead of the whole revision.
        # Reversion looks the version up by id (and object id) only: make sure
        # it is a version of this admin's model.
        if version.content_type_id != ContentType.objects.get_for_model(self.model).pk:
            raise Http404
        if not connections[version.db].features.uses_savepoints:
            raise ImproperlyConfigured("VersionAdmin needs a database with savepoints.")
        if request.method == "GET":
            # Showing an old version must not fire side effects.
            signal_context = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        else:
            signal_context = nullcontext()
        try:
            with transaction.atomic(using=version.db), signal_context:
                versioning.revert_entry(version)
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
                        response.render()
                        # Undo the revert: this was a preview, or the form
                        # had errors and nothing may change.
                        raise _RollBackRevisionView(response)
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
        except _RollBackRevisionView as rollback:
            return rollback.response
        return response


class EntryAdmin(HistoryAdmin):
    """
    A curated entry: starts as a draft, is published and unpublished with the
    list actions (each change a revision with who and when). Entries with
    `sources_relation` (role, competency, team structure, company) cannot be
    published without at least one source.
    """

    sources_relation = None
    actions = ["publish", "unpublish"]
    save_on_top = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary" and isinstance(db_field, models.CharField):
            # One sentence of up to 400 characters reads better in a box.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sources_relation:
            queryset = queryset.annotate(source_count=Count(self.sources_relation, distinct=True))
        return queryset

    @admin.display(description=_("bronnen"), ordering="source_count")
    def sources_display(self, obj):
        return obj.source_count

    @admin.display(description=_("tags"))
    def tags_display(self, obj):
        # Reads the prefetched tags (get_queryset), never a query per row.
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description=_("laatst gewijzigd"), ordering="updated_at")
    def updated_display(self, obj):
        return obj.updated_at

    @admin.action(description=_("Publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        queryset = queryset.exclude(status=Status.PUBLISHED)
        refused = []
        if self.sources_relation:
            unsourced = Q(**{f"{self.sources_relation}__isnull": True})
            refused = list(queryset.filter(unsourced))
            queryset = queryset.exclude(pk__in=[obj.pk for obj in refused])
        changed = self._set_status(request, queryset, Status.PUBLISHED, gettext("Gepubliceerd."))
        self.message_user(
            request,
            ngettext(
                # The singular and plural name different fields, which msgfmt's format
                # check cannot follow: xgettext:no-python-format
                "%(count)d %(name)s gepubliceerd.",
                "%(count)d %(name_plural)s gepubliceerd.",
                changed,
            )
            % self._names(changed),
            messages.SUCCESS if changed else messages.WARNING,
        )
        if refused:
            self.message_user(
                request,
                gettext(
                    "Niet gepubliceerd, want zonder bron: %(entries)s. "
                    "Voeg eerst minstens één bron toe."
                )
                % {"entries": ", ".join(str(obj) for obj in refused)},
                messages.ERROR,
            )

    @admin.action(description=_("Terug naar concept (depubliceren)"), permissions=["change"])
    def unpublish(self, request, queryset):
        queryset = queryset.exclude(status=Status.DRAFT)
        changed = self._set_status(
            request, queryset, Status.DRAFT, gettext("Teruggezet naar concept.")
        )
        self.message_user(
            request,
            ngettext(
                # The singular and plural name different fields, which msgfmt's format
                # check cannot follow: xgettext:no-python-format
                "%(count)d %(name)s teruggezet naar concept.",
                "%(count)d %(name_plural)s teruggezet naar concept.",
                changed,
            )
            % self._names(changed),
            messages.SUCCESS if changed else messages.WARNING,
        )

    def _names(self, count):
        return {
            "count": count,
            "name": self.opts.verbose_name,
            "name_plural": self.opts.verbose_name_plural,
        }

    def _set_status(self, request, queryset, status, message):
        changed = 0
        # One revision per entry, so each entry's history shows the change
        # and restoring one entry never touches the others.
        for obj in queryset:
            with transaction.atomic(using=obj._state.db), self.create_revision(request):
                obj.status = status
                obj.save()
                self.log_change(request, obj, message)
            changed += 1
        return changed


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
    model = new._model
    fields = field_changes(model, old._local_field_dict, new._local_field_dict)
    old_rows = {
        (v.content_type_id, v.object_id): v for v in versioning.entry_versions(old) if v != old
    }
    new_rows = {
        (v.content_type_id, v.object_id): v for v in versioning.entry_versions(new) if v != new
    }
    groups = {}
    for key in sorted(old_rows.keys() | new_rows.keys()):
        before, after = old_rows.get(key), new_rows.get(key)
        either = after or before
        group = groups.setdefault(
            either.content_type_id,
            {
                "name": capfirst(either._model._meta.verbose_name_plural),
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
            changes = field_changes(
                either._model, before._local_field_dict, after._local_field_dict
            )
            if changes:
                group["changed"].append({"name": after.object_repr, "fields": changes})
    rows = [g for g in groups.values() if g["added"] or g["removed"] or g["changed"]]
    return {"fields": fields, "rows": rows}
