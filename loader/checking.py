"""
Checking one entry of a fixture file against its section: every key known,
every required key given, every value of the kind, length and choices its
model field allows, and nothing the model's check constraints refuse.

Checking an entry yields an `Item` (its values normalised, defaults filled
in) or `Problem`s in words a fixture's author can act on: the messages of
Django's validators are for the admin, in its language, and do not name the
key. Nothing is written to the database.
"""

import datetime
import difflib
import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from taggit.models import Tag

from loader.problems import Problem
from loader.sections import BOOL, CHOICE, DATE, INT, NESTED, REF, REFS, SLUG, TAGS, TEXT

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length

# Slugs are the public keys of the knowledge base and part of its URLs: lower
# case only, so that "Community-Manager" cannot become a second role beside
# "community-manager".
SLUG_PATTERN = re.compile(r"[a-z0-9-]+")

# Characters no text of an article holds: the control characters (Unicode
# category Cc: NUL, ESC, DEL, ...; a tab and a line break, also the CR LF an
# admin textarea sends, are text) and the bidirectional controls that make
# text display in another order than it is stored (U+202E, ...). PostgreSQL
# cannot store a NUL at all.
REFUSED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _check_characters(field, value):
    found = REFUSED_CHARACTERS.search(value)
    if found is None:
        return
    char = found.group()
    if char == "\x00":
        what = "a NUL character"
    elif unicodedata.category(char) == "Cc":
        what = f"the control character U+{ord(char):04X}"
    else:
        what = f"the bidirectional control U+{ord(char):04X}"
    raise ValueError(f"'{field.key}' holds {what} at position {found.start() + 1}; remove it")


class Item:
    """One entry or fact as a file defines it, with its values checked."""

    def __init__(self, section, file, where, values, article=None, parent=None):
        self.section, self.file, self.where = section, file, where
        self.values = values
        self.article = article  # slug of the article of the file, if any
        self.parent = parent  # the responsibility group of a responsibility

    def __repr__(self):
        return f"<Item {self.file}: {self.where}>"

    @property
    def slug(self):
        return self.values.get("slug")

    @property
    def key(self):
        """What identifies the item in the database (see Section)."""
        if self.section.slugged:
            return (self.values["slug"],)
        return (*(self.values[k] for k in self.section.key), self.article)

    def describe(self):
        return self.where


def location(section_name, index, raw, section):
    """Where an entry is, as a problem names it: `roles[1] slug=community-coach`."""
    where = f"{section_name}[{index}]" if index is not None else section_name
    if isinstance(raw, dict):
        parts = [f"{k}={raw[k]}" for k in section.key if isinstance(raw.get(k), str | int)]
        if parts:
            where += " " + " ".join(parts)
    return where


def type_name(value):
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        datetime.date: "a date",
        datetime.datetime: "a date and time",
    }.get(type(value), type(value).__name__)


def suggestion(name, known):
    close = difflib.get_close_matches(str(name), list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_value(field, value):
    """The normalised value of one key, or raise ValueError with the reason."""
    kind = field.kind
    model_field = field.model_field
    if value is None:
        if field.required:
            raise ValueError(f"'{field.key}' is required")
        if kind in (REFS, TAGS, NESTED):
            return []
        if kind == TEXT and model_field.blank:
            return ""
        if kind in (REF, INT, DATE) and model_field.null:
            return None
        raise ValueError(f"'{field.key}' must not be empty")
    if kind in (TEXT, SLUG):
        if not isinstance(value, str):
            hint = " (put it in quotes)" if isinstance(value, bool | int | float) else ""
            raise ValueError(f"'{field.key}' must be text, not {type_name(value)}{hint}")
        if value == "" and not model_field.blank:
            raise ValueError(f"'{field.key}' must not be empty")
        _check_characters(field, value)
        if value:
            _run_validators(field, value)
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"'{field.key}' must be true or false, not {type_name(value)}")
        return value
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"'{field.key}' must be a whole number, not {type_name(value)}")
        # Django's range for the field's type, not the current database's
        # (SQLite takes any 64-bit number), so that a fixture valid here is
        # valid on every database.
        low, high = BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]
        if not low <= value <= high:
            raise ValueError(f"'{field.key}' must be between {low} and {high}, not {value}")
        return value
    if kind == DATE:
        if isinstance(value, datetime.datetime):
            raise ValueError(f"'{field.key}' must be a date (YYYY-MM-DD) without a time")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"'{field.key}' must be a date as YYYY-MM-DD, not {value!r}")
    if kind == CHOICE:
        choices = [c for c, _label in model_field.choices]
        if value not in choices:
            raise ValueError(
                f"'{field.key}' must be one of {', '.join(choices)}, not {value!r}"
                + suggestion(value, choices)
            )
        return value
    if kind == REF:
        return _check_slug(field, value)
    if kind == REFS:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list of slugs, not {type_name(value)}")
        slugs = [_check_slug(field, v) for v in value]
        _no_repeats(field, slugs)
        return slugs
    if kind == TAGS:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list of tags, not {type_name(value)}")
        for tag in value:
            if not isinstance(tag, str) or not tag.strip():
                raise ValueError(f"'{field.key}' must hold text, not {type_name(tag)}")
            if len(tag) > TAG_MAX_LENGTH:
                raise ValueError(f"tag {tag[:30]!r}... is longer than {TAG_MAX_LENGTH} characters")
            if tag != tag.strip():
                raise ValueError(f"tag {tag!r} starts or ends with a space")
            _check_characters(field, tag)
        _no_repeats(field, [t.lower() for t in value])
        return list(value)
    if kind == NESTED:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list, not {type_name(value)}")
        return value
    raise AssertionError(kind)


def _check_slug(field, value):
    """A slug as the model field it is (or refers to) allows, without its length."""
    if not isinstance(value, str):
        raise ValueError(f"'{field.key}' must be a slug, not {type_name(value)}")
    slug_field = field.model_field
    if field.kind in (REF, REFS):
        slug_field = slug_field.related_model._meta.get_field("slug")
    try:
        for validate in slug_field.default_validators:
            validate(value)
    except ValidationError:
        valid = False
    else:
        valid = SLUG_PATTERN.fullmatch(value) is not None
    if not valid:
        raise ValueError(
            f"'{field.key}': {value!r} is not a slug (lower-case letters, digits and -)"
        )
    return value


def _no_repeats(field, values):
    seen = set()
    for v in values:
        if v in seen:
            raise ValueError(f"'{field.key}' lists {v!r} twice")
        seen.add(v)


def _run_validators(field, value):
    model_field = field.model_field
    if model_field.max_length and len(value) > model_field.max_length:
        raise ValueError(
            f"'{field.key}' is too long: at most {model_field.max_length} characters, "
            f"this has {len(value)}"
        )
    if field.kind == SLUG:
        _check_slug(field, value)
    try:
        model_field.run_validators(value)
    except ValidationError:
        what = "URL" if isinstance(model_field, models.URLField) else "value"
        raise ValueError(f"'{field.key}': {value!r} is not a valid {what}") from None


def check_entry(section, raw, file, where, article, parent=None):
    """An Item for `raw`, or the problems with it (and the nested items)."""
    problems = []
    if not isinstance(raw, dict):
        return None, [Problem(file, where, f"must be a mapping, not {type_name(raw)}")], []
    values = {}
    for key in raw:
        if key not in section.by_key:
            problems.append(
                Problem(file, where, f"unknown key {key!r}" + suggestion(key, section.by_key))
            )
    for field in section.fields:
        if field.key not in raw and field.required:
            problems.append(Problem(file, where, f"missing required key '{field.key}'"))
            continue
        value = raw.get(field.key, field.default)
        if field.key not in raw and isinstance(value, list):
            value = list(value)
        try:
            values[field.key] = _check_value(field, value)
        except ValueError as e:
            problems.append(Problem(file, where, str(e)))
    if problems:
        return None, problems, []
    problems.extend(Problem(file, where, reason) for reason in _refusals(section, values))
    item = Item(section, file, where, values, article=article, parent=parent)
    nested_items = []
    for field in section.fields:
        if field.kind == NESTED:
            for index, child in enumerate(values[field.key]):
                child_where = f"{where} " + location(field.key, index, child, field.nested)
                child_item, child_problems, _ = check_entry(
                    field.nested, child, file, child_where, article, parent=item
                )
                problems.extend(child_problems)
                if child_item:
                    nested_items.append(child_item)
    return (None if problems else item), problems, nested_items


def _refusals(section, values):
    """What the model's check constraints and the section's own rules refuse, in words."""
    if section.constraints:
        given = _constrained_values(section, values)
        for constraint, message in section.constraints:
            if not _refuses(section, constraint.name, given):
                continue
            if message is None:
                yield constraint.get_violation_error_message()
            else:
                yield message(values) if callable(message) else message
    for rule in section.rules:
        reason = rule(values)
        if reason:
            yield reason


# What a check constraint can be about. Text is left out so that the answer
# can be reused for every entry with the same structure (see _refuses); a
# constraint about text would go unchecked here and be refused by the
# database when the row is written.
_CONSTRAINED_KINDS = (REF, BOOL, INT, CHOICE, DATE)


def _constrained_values(section, values):
    """
    The entry's values of the constrained kinds, as (attname, value) pairs.
    The entries a reference names need not exist yet, and a constraint can
    only compare them, so each stands in as a number: the same one for the
    same entry.
    """
    numbers = {}
    given = []
    for field in section.fields:
        if field.kind not in _CONSTRAINED_KINDS:
            continue
        value = values[field.key]
        if field.kind == REF and value is not None:
            value = numbers.setdefault((field.target, value), len(numbers) + 1)
        given.append((field.model_field.attname, value))
    return tuple(given)


@functools.cache
def _refuses(section, constraint_name, given):
    """
    Whether the check constraint refuses a row with the `given` values.
    Django's constraint.validate asks the database, one query each time;
    a large load has tens of thousands of facts but few distinct `given`
    values, so each is asked once. Fields not given are excluded, as
    validate() intends for fields a form does not hold.
    """
    model = section.model
    constraint = next(c for c in model._meta.constraints if c.name == constraint_name)
    attrs = dict(given)
    exclude = {f.name for f in model._meta.concrete_fields if f.attname not in attrs}
    try:
        constraint.validate(model, model(**attrs), exclude=exclude)
    except ValidationError:
        return True
    return False


def comparable(item):
    """An entry's values in a form where two equal definitions compare equal."""
    return {
        key: frozenset(t.lower() for t in value) if item.section.by_key[key].kind == TAGS else value
        for key, value in item.values.items()
    }
