"""
A section of a fixture file and its keys, taken from the section's model.

A Section names its model and the keys it takes; each key fills one model
field, and that field says what kind of value the key holds, whether it is
required, its default, and (when a value is checked, loader/checking.py) its
length, choices and validators. Which section a reference points into
follows from the model it refers to. What the models cannot say is stated
where the sections are declared (loader/fixture_format.py).
"""

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from taggit.managers import TaggableManager

from articles.models import Sourced
from editorial.models import Status

# Kinds of value a key can hold.
TEXT, SLUG, BOOL, INT, DATE, CHOICE, REF, REFS, TAGS, NESTED = (
    "text",
    "slug",
    "bool",
    "int",
    "date",
    "choice",
    "ref",
    "refs",
    "tags",
    "nested",
)
REQUIRED = object()

# Fixtures hold knowledge the editors have reviewed, so what a file gives is
# published unless it says otherwise (fixtures/README.md). The models start
# an entry as a draft instead, so that nothing an editor is still writing in
# the admin reaches readers.
FIXTURE_DEFAULTS = {"status": Status.PUBLISHED}


def kind_of(model_field):
    """The kind of value a fixture gives for `model_field`."""
    if isinstance(model_field, TaggableManager):
        return TAGS
    if model_field.one_to_many:
        return NESTED  # rows that point at this one, written inside it
    if model_field.many_to_many:
        return REFS
    if model_field.many_to_one:
        return REF
    if model_field.choices:
        return CHOICE
    internal = model_field.get_internal_type()
    if internal == "SlugField":
        return SLUG
    if internal == "BooleanField":
        return BOOL
    if internal == "DateField":
        return DATE
    if internal in BaseDatabaseOperations.integer_field_ranges:
        return INT
    if internal in ("CharField", "TextField"):
        return TEXT
    raise ImproperlyConfigured(f"a fixture cannot give a {internal} ({model_field})")


def default_of(key, model_field, kind):
    """What a fixture that leaves out `key` means, or REQUIRED."""
    if key in FIXTURE_DEFAULTS:
        return FIXTURE_DEFAULTS[key]
    if kind == NESTED:
        return []
    if kind in (REFS, TAGS):
        return [] if model_field.blank else REQUIRED
    if model_field.has_default() or model_field.blank:
        # Django's own value for an empty field: None where the column
        # takes NULL, "" for text.
        return model_field.get_default()
    return REQUIRED


class Field:
    """
    One key of an entry. `attr` is the model field it fills; `target` is the
    name of the section a reference points into, `nested` the Section of the
    entries a NESTED key holds (both set by `connect`).
    """

    def __init__(self, section, key, attr):
        self.section, self.key, self.attr = section, key, attr
        self.model_field = section.model._meta.get_field(attr)
        self.kind = kind_of(self.model_field)
        self.default = default_of(key, self.model_field, self.kind)
        self.target = None
        self.nested = None

    def __repr__(self):
        return f"<Field {self.section.name}.{self.key} {self.kind}>"

    @property
    def required(self):
        return self.default is REQUIRED


class Section:
    """
    A top-level section of a file. Entries are keyed by slug and may be
    defined identically in several files; facts are sourced by the article of
    their file and keyed by slug or, without one, by the entries they link
    (plus that article).

    `keys` are the keys in the order of fixtures/README.md; `attrs` names the
    model field of a key that is named differently. Every check constraint of
    the model is checked; `constraint_messages` says, by constraint name, what
    a fixture's author is told when one refuses an entry (a text, or a
    function of the entry's values), since the constraints' own messages are
    for the admin, in its language, and do not name the keys. `rules` are
    checks the models cannot express: functions of the values that return a
    reason or None.
    """

    def __init__(
        self, name, model, keys, *, attrs=None, label=None, constraint_messages=None, rules=()
    ):
        self.name, self.model = name, model
        self.label = label or name.replace("_", " ")
        attrs = attrs or {}
        self.fields = [Field(self, key, attrs.get(key, key)) for key in keys]
        self.by_key = {f.key: f for f in self.fields}
        self.fact = issubclass(model, Sourced)
        self.key = self._key()
        self.sources = _sources(model)
        self.constraints = self._constraints(constraint_messages or {})
        self.rules = list(rules)

    def __repr__(self):
        return f"<Section {self.name}>"

    @property
    def slugged(self):
        return self.key == ("slug",)

    @property
    def has_tags(self):
        return any(f.kind == TAGS for f in self.fields)

    def _key(self):
        slug = self.by_key.get("slug")
        if slug and slug.model_field.unique:
            return ("slug",)
        # A fact without a slug is the same fact when its model's unique
        # constraint per source says so.
        key_of = {f.attr: f.key for f in self.fields}
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and "source" in constraint.fields:
                return tuple(key_of[name] for name in constraint.fields if name != "source")
        raise ImproperlyConfigured(
            f"{self.model.__name__} has neither a unique slug nor a unique constraint per source"
        )

    def _constraints(self, messages):
        checks = [c for c in self.model._meta.constraints if isinstance(c, models.CheckConstraint)]
        unknown = set(messages) - {c.name for c in checks}
        if unknown:
            raise ImproperlyConfigured(
                f"{self.model.__name__} has no check constraint {', '.join(sorted(unknown))}"
            )
        return [(c, messages.get(c.name)) for c in checks]


def _sources(model):
    """(through model, its field for the entry) for entries that name their articles."""
    try:
        sources = model._meta.get_field("sources")
    except FieldDoesNotExist:
        return None
    return sources.remote_field.through, sources.m2m_field_name()


def connect(sections):
    """Point every reference and nested key at the section of the model it refers to."""
    by_model = {s.model: s for s in sections}
    if len(by_model) != len(sections):
        raise ImproperlyConfigured("every model has exactly one section")
    for section in sections:
        for field in section.fields:
            if field.kind not in (REF, REFS, NESTED):
                continue
            target = by_model.get(field.model_field.related_model)
            if target is None:
                raise ImproperlyConfigured(
                    f"{section.name}.{field.key} refers to {field.model_field.related_model}, "
                    "which no section holds"
                )
            if field.kind == NESTED:
                field.nested = target
            else:
                field.target = target.name


def write_order(sections):
    """
    The sections in an order where every section comes after those whose
    rows its rows refer to (by foreign key or by a many-to-many field of
    their own), and otherwise in the order given.
    """
    by_model = {s.model: s for s in sections}
    needs = {}
    for section in sections:
        needs[section] = set()
        for model_field in section.model._meta.get_fields():
            if not model_field.concrete or not model_field.is_relation:
                continue
            if model_field.many_to_many and not model_field.remote_field.through._meta.auto_created:
                continue  # an entry's sources: written with the sources, after every entry
            target = by_model.get(model_field.related_model)
            if target is not None and target is not section:
                needs[section].add(target)
    ordered, pending = [], list(sections)
    while pending:
        ready = next((s for s in pending if needs[s] <= set(ordered)), None)
        if ready is None:
            raise ImproperlyConfigured(f"the sections refer to each other in a circle: {pending}")
        ordered.append(ready)
        pending.remove(ready)
    return ordered
