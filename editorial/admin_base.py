"""
What every model admin of Rolwijzer shares: history (django-reversion) with
compare, restore and recover (HistoryAdmin, editorial.admin_history); drafts
and the publish actions; facts that cannot be saved without a source.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Count, Q
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from editorial.models import Status

from .admin_history import HistoryAdmin

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
            if form.errors or not form.has_changed() or deleted(form):
                continue
            exclude = validation_exclusions(form)
            for constraint in form.instance._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    try:
                        constraint.validate(type(form.instance), form.instance, exclude=exclude)
                    except ValidationError as error:
                        form.add_error(None, error)


def deleted(form):
    """Whether the row of a (valid) inline form is marked for deletion."""
    return bool(form.cleaned_data.get(DELETION_FIELD_NAME))


def validation_exclusions(form):
    """
    The fields a model form leaves out of model validation, as ModelForm
    decides it: fields not on the form, and optional fields the editor left
    empty that the model requires (the form or the model fills those in).
    Unlike the form's own validation, the link to the entry stays in.
    """
    exclude = set()
    for field in form.instance._meta.fields:
        form_field = form.fields.get(field.name)
        if form_field is None:
            exclude.add(field.name)
        elif (
            not field.blank
            and not form_field.required
            and form.cleaned_data.get(field.name) in form_field.empty_values
        ):
            exclude.add(field.name)
    return exclude


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
            and not deleted(form)
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
            with (
                transaction.atomic(using=router.db_for_write(type(obj), instance=obj)),
                self.create_revision(request),
            ):
                obj.status = status
                obj.save()
                self.log_change(request, obj, message)
            changed += 1
        return changed
