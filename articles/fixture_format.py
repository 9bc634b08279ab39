"""
The fixture format of fixtures/README.md: which sections and keys a file may
hold, how a file is read safely, and how its content is checked.

Nothing here touches the database. Checking a file yields `Item`s (one per
entry or fact, with its values normalised and defaults filled in) and
`Problem`s (file, entry, reason), so that every mistake in every file can be
reported at once before anything is written.
"""

import datetime
import difflib
import json
import re
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)

EXTENSIONS = (".yaml", ".yml", ".json")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
# A YAML file of 10 MB can describe millions of tiny nodes, and every node
# costs PyYAML a few hundred bytes: without a cap a small file could take
# gigabytes of memory. The real article files hold a few thousand nodes.
MAX_NODES = 500_000
MAX_DEPTH = 50
TAG_MAX_LENGTH = 100
SHARED_FILE_PREFIX = "_"

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


class Problem:
    def __init__(self, file, where, reason):
        self.file, self.where, self.reason = file, where, reason

    def __str__(self):
        if self.where:
            return f"{self.file}: {self.where}: {self.reason}"
        return f"{self.file}: {self.reason}"

    def __repr__(self):
        return f"<Problem {self}>"


class FixtureError(Exception):
    """The files cannot be loaded; `problems` says where and why."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Field:
    """
    One key of an entry. `attr` is the model field it fills (by default the
    key itself); `target` is the section a reference points into.
    """

    def __init__(self, key, kind, default=REQUIRED, attr=None, target=None):
        self.key, self.kind, self.default = key, kind, default
        self.attr = attr or key
        self.target = target
        self.section = None  # set by Section
        self.nested = None  # the Section of a NESTED field

    @property
    def required(self):
        return self.default is REQUIRED

    @property
    def model_field(self):
        return self.section.model._meta.get_field(self.attr)


class Section:
    """
    A top-level section of a file. Entries are keyed by slug and may be
    defined identically in several files; facts are sourced by the article of
    their file and keyed by slug or, without one, by the entries they link
    (plus that article).
    """

    def __init__(self, name, model, fields, *, label, fact=False, key=("slug",), sources=None):
        self.name, self.model, self.label, self.fact = name, model, label, fact
        self.fields = fields
        self.by_key = {f.key: f for f in fields}
        for field in fields:
            field.section = self
        self.key = key
        self.sources = sources  # (through model, field of the entry) for entries with sources

    def __repr__(self):
        return f"<Section {self.name}>"

    @property
    def slugged(self):
        return self.key == ("slug",)

    @property
    def has_tags(self):
        return any(f.kind == TAGS for f in self.fields)


def _status():
    return Field("status", CHOICE, Status.PUBLISHED)


ARTICLE = Section(
    "article",
    Article,
    [
        Field("slug", SLUG),
        Field("title", TEXT),
        Field("title_is_descriptive", BOOL, False),
        Field("publication", TEXT, ""),
        Field("authors", REFS, [], target="people"),
        Field("published_on", DATE, None),
        Field("language", TEXT, "nl"),
        Field("url", TEXT, ""),
        Field("stated_comment_count", INT, None),
        Field("summary", TEXT),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="articles",
)

PEOPLE = Section(
    "people",
    Person,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("affiliation", TEXT, ""),
        Field("description", TEXT, ""),
        _status(),
    ],
    label="people",
)
LEVELS = Section(
    "levels",
    Level,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("order", INT),
        Field("description", TEXT, ""),
        _status(),
    ],
    label="levels",
)
ROLES = Section(
    "roles",
    Role,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("summary", TEXT),
        Field("description", TEXT, ""),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="roles",
    sources=(RoleSource, "role"),
)
COMPETENCIES = Section(
    "competencies",
    Competency,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("summary", TEXT),
        Field("description", TEXT, ""),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="competencies",
    sources=(CompetencySource, "competency"),
)
TEAM_STRUCTURES = Section(
    "team_structures",
    TeamStructure,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("summary", TEXT),
        Field("description", TEXT, ""),
        Field("company_size", TEXT, ""),
        Field("integration_stage", TEXT, ""),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="team structures",
    sources=(TeamStructureSource, "team_structure"),
)
COMPANIES = Section(
    "companies",
    Company,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("description", TEXT, ""),
        Field("country", TEXT, ""),
        Field("sector", TEXT, ""),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="companies",
    sources=(CompanySource, "company"),
)


def _said_by():
    return Field("said_by", REF, None, target="people")


ROLE_LEVELS = Section(
    "role_levels",
    RoleLevel,
    [
        Field("role", REF, target="roles"),
        Field("level", REF, target="levels"),
        Field("note", TEXT, ""),
        _said_by(),
    ],
    label="role levels",
    fact=True,
    key=("role", "level"),
)
ALTERNATIVE_TITLES = Section(
    "alternative_titles",
    AlternativeTitle,
    [
        Field("role", REF, target="roles"),
        Field("title", TEXT),
        Field("note", TEXT, ""),
        _said_by(),
    ],
    label="alternative titles",
    fact=True,
    key=("role", "title"),
)
ROLE_COMPETENCIES = Section(
    "role_competencies",
    RoleCompetency,
    [
        Field("role", REF, target="roles"),
        Field("competency", REF, target="competencies"),
        Field("importance", CHOICE, "must"),
        Field("explanation", TEXT, ""),
        Field("order", INT, 0),
        _said_by(),
    ],
    label="role competencies",
    fact=True,
    key=("role", "competency"),
)
ROLE_RELATIONS = Section(
    "role_relations",
    RoleRelation,
    [
        Field("from", REF, attr="from_role", target="roles"),
        Field("kind", CHOICE),
        Field("to", REF, attr="to_role", target="roles"),
        Field("note", TEXT, ""),
        _said_by(),
    ],
    label="role relations",
    fact=True,
    key=("from", "kind", "to"),
)
RESPONSIBILITIES = Section(
    "responsibilities",
    Responsibility,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("description", TEXT, ""),
        Field("level", REF, None, target="levels"),
        Field("order", INT, 0),
        # Not in the README's example, but the model has it and an editor can
        # set it in the admin; without it an export would lose it.
        _said_by(),
        _status(),
    ],
    label="responsibilities",
    fact=True,
)
RESPONSIBILITY_GROUPS = Section(
    "responsibility_groups",
    ResponsibilityGroup,
    [
        Field("slug", SLUG),
        Field("name", TEXT),
        Field("description", TEXT, ""),
        Field("role", REF, None, target="roles"),
        Field("team_structure", REF, None, target="team_structures"),
        Field("order", INT, 0),
        _said_by(),
        Field("responsibilities", NESTED, []),
    ],
    label="responsibility groups",
    fact=True,
)
RESPONSIBILITY_GROUPS.by_key["responsibilities"].nested = RESPONSIBILITIES
TEAM_POSITIONS = Section(
    "team_positions",
    TeamPosition,
    [
        Field("team_structure", REF, target="team_structures"),
        Field("role", REF, target="roles"),
        Field("count", INT, None),
        Field("count_note", TEXT, ""),
        Field("lead", BOOL, False, attr="is_lead"),
        Field("placement", CHOICE, "in_team"),
        Field("description", TEXT, ""),
        Field("order", INT, 0),
        _said_by(),
    ],
    label="team positions",
    fact=True,
    key=("team_structure", "role"),
)
COMPANY_EXAMPLES = Section(
    "company_examples",
    CompanyExample,
    [
        Field("slug", SLUG),
        Field("company", REF, target="companies"),
        Field("title", TEXT),
        Field("description", TEXT),
        Field("figures", TEXT, ""),
        Field("team_size", INT, None),
        Field("roles", REFS, [], target="roles"),
        Field("team_structure", REF, None, target="team_structures"),
        _said_by(),
        _status(),
    ],
    label="company examples",
    fact=True,
)
STATEMENTS = Section(
    "statements",
    Statement,
    [
        Field("slug", SLUG),
        Field("kind", CHOICE),
        Field("text", TEXT),
        Field("quote", TEXT, ""),
        _said_by(),
        Field("in_comment", BOOL, False),
        Field("said_on", DATE, None),
        Field("roles", REFS, [], target="roles"),
        Field("competencies", REFS, [], target="competencies"),
        Field("team_structures", REFS, [], target="team_structures"),
        Field("companies", REFS, [], target="companies"),
        Field("tags", TAGS, []),
        _status(),
    ],
    label="statements",
    fact=True,
)

ENTRY_SECTIONS = [PEOPLE, LEVELS, ROLES, COMPETENCIES, TEAM_STRUCTURES, COMPANIES]
FACT_SECTIONS = [
    ROLE_LEVELS,
    ALTERNATIVE_TITLES,
    ROLE_COMPETENCIES,
    ROLE_RELATIONS,
    RESPONSIBILITY_GROUPS,
    TEAM_POSITIONS,
    COMPANY_EXAMPLES,
    STATEMENTS,
]
# The order of sections in a file, and the order in which they are written.
FILE_SECTIONS = [ARTICLE, *ENTRY_SECTIONS, *FACT_SECTIONS]
SECTIONS = {s.name: s for s in FILE_SECTIONS}
# Every kind of row the loader writes, in an order where what a row refers to
# comes before it.
ALL_SECTIONS = [*ENTRY_SECTIONS, ARTICLE, *FACT_SECTIONS[:5], RESPONSIBILITIES, *FACT_SECTIONS[5:]]
BY_NAME = {s.name: s for s in ALL_SECTIONS}
SINGULAR = {
    "people": "person",
    "levels": "level",
    "roles": "role",
    "competencies": "competency",
    "team_structures": "team structure",
    "companies": "company",
    "responsibility_groups": "responsibility group",
    "responsibilities": "responsibility",
    "company_examples": "company example",
    "statements": "statement",
}


# Reading files.


if yaml.__with_libyaml__:

    class _Base(Composer, yaml.CSafeLoader):
        """libyaml's fast parser with PyYAML's composer, which can be overridden."""

        def __init__(self, stream):
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _SafeLoader(_Base):
    """
    yaml.safe_load with three more refusals: aliases (`*name`, the stuff of
    "billion laughs" bombs, and never needed in a fixture), duplicate keys
    (the second `summary:` would silently win), and documents with more nodes
    or deeper nesting than any fixture needs. PyYAML's own composer is used
    over the fast C parser so that nodes can be counted as they are built.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ConstructorError(
                None,
                None,
                "aliases (*name) are not allowed in fixtures; write the value out",
                event.start_mark,
            )
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise ConstructorError(
                None,
                None,
                f"more than {MAX_NODES} values in one file; split it",
                self.peek_event().start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ConstructorError(
                    None,
                    None,
                    f"nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue  # unhashable: the base class reports it
                if duplicate:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r}",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as e:
            raise ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({e})", node.start_mark
            ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_text(text, suffix):
    """The data in `text`; raises ValueError with a readable reason."""
    if suffix == ".json":
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as e:
            raise ValueError(
                f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
            ) from None
        except RecursionError:
            raise ValueError("malformed JSON: nested too deeply") from None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader, see above
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = "; ".join(part for part in (e.context, e.problem) if part)
        raise ValueError(f"malformed YAML{where}: {reason}") from None
    except yaml.YAMLError as e:
        raise ValueError(f"malformed YAML: {e}") from None
    except RecursionError:
        raise ValueError("malformed YAML: nested too deeply") from None


def read_file(path, max_size):
    """
    The parsed content of one file. The size is checked before reading and
    the bytes must be UTF-8; raises ValueError with the reason.
    """
    size = path.stat().st_size
    if size > max_size:
        raise ValueError(
            f"file is {_megabytes(size)}, larger than the limit of {_megabytes(max_size)} "
            "(see --max-file-size)"
        )
    with path.open("rb") as f:
        raw = f.read(max_size + 1)  # the file may have grown since stat()
    if len(raw) > max_size:
        raise ValueError(f"file is larger than the limit of {_megabytes(max_size)}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"not valid UTF-8 at byte {e.start} ({e.reason}); save the file as UTF-8"
        ) from None
    return parse_text(text.removeprefix("\ufeff"), path.suffix.lower())


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def find_files(paths):
    """
    The fixture files under `paths` (files, or directories whose *.yaml,
    *.yml and *.json files are read, not recursively), sorted, without
    duplicates. Raises FixtureError for a path that does not exist.
    """
    found, problems = [], []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in EXTENSIONS and p.is_file() and not p.name.startswith(".")
            )
            if not files:
                problems.append(Problem(given, "", "no *.yaml, *.yml or *.json files here"))
            found.extend(files)
        elif path.is_file():
            if path.suffix.lower() not in EXTENSIONS:
                problems.append(Problem(given, "", "not a .yaml, .yml or .json file"))
            found.append(path)
        else:
            problems.append(Problem(given, "", "no such file or directory"))
    if problems:
        raise FixtureError(problems)
    unique, seen = [], set()
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


# Checking content.


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


def _where(section_name, index, raw, section):
    where = f"{section_name}[{index}]" if index is not None else section_name
    if isinstance(raw, dict):
        keys = ("slug",) if section.slugged else section.key
        parts = [f"{k}={raw[k]}" for k in keys if isinstance(raw.get(k), str | int)]
        if parts:
            where += " " + " ".join(parts)
    return where


def _type_name(value):
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


def _suggest(name, known):
    close = difflib.get_close_matches(str(name), list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_value(field, value):
    """The normalised value of one key, or raise ValueError with the reason."""
    kind = field.kind
    if value is None:
        if field.required:
            raise ValueError(f"'{field.key}' is required")
        if kind in (REFS, TAGS, NESTED):
            return []
        if kind == TEXT and field.model_field.blank:
            return ""
        if kind in (REF, INT, DATE) and field.model_field.null:
            return None
        raise ValueError(f"'{field.key}' must not be empty")
    if kind in (TEXT, SLUG):
        if not isinstance(value, str):
            hint = " (put it in quotes)" if isinstance(value, bool | int | float) else ""
            raise ValueError(f"'{field.key}' must be text, not {_type_name(value)}{hint}")
        model_field = field.model_field
        if value == "" and not model_field.blank:
            raise ValueError(f"'{field.key}' must not be empty")
        if value:
            _run_validators(field, model_field, value)
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"'{field.key}' must be true or false, not {_type_name(value)}")
        return value
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"'{field.key}' must be a whole number, not {_type_name(value)}")
        low, high = BaseDatabaseOperations.integer_field_ranges[
            field.model_field.get_internal_type()
        ]
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
        choices = [c for c, _label in field.model_field.choices]
        if value not in choices:
            raise ValueError(
                f"'{field.key}' must be one of {', '.join(choices)}, not {value!r}"
                + _suggest(value, choices)
            )
        return value
    if kind == REF:
        return _check_slug(field, value)
    if kind == REFS:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list of slugs, not {_type_name(value)}")
        slugs = [_check_slug(field, v) for v in value]
        _no_repeats(field, slugs)
        return slugs
    if kind == TAGS:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list of tags, not {_type_name(value)}")
        for tag in value:
            if not isinstance(tag, str) or not tag.strip():
                raise ValueError(f"'{field.key}' must hold text, not {_type_name(tag)}")
            if len(tag) > TAG_MAX_LENGTH:
                raise ValueError(f"tag {tag[:30]!r}... is longer than {TAG_MAX_LENGTH} characters")
            if tag != tag.strip():
                raise ValueError(f"tag {tag!r} starts or ends with a space")
        _no_repeats(field, [t.lower() for t in value])
        return list(value)
    if kind == NESTED:
        if not isinstance(value, list):
            raise ValueError(f"'{field.key}' must be a list, not {_type_name(value)}")
        return value
    raise AssertionError(kind)


def _check_slug(field, value):
    if not isinstance(value, str):
        raise ValueError(f"'{field.key}' must be a slug, not {_type_name(value)}")
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", value):
        raise ValueError(f"'{field.key}': {value!r} is not a slug (letters, digits, - and _)")
    return value


def _no_repeats(field, values):
    seen = set()
    for v in values:
        if v in seen:
            raise ValueError(f"'{field.key}' lists {v!r} twice")
        seen.add(v)


def _run_validators(field, model_field, value):
    # Our own words rather than the validators' messages, which come in the
    # interface language and do not name the key.
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
        return None, [Problem(file, where, f"must be a mapping, not {_type_name(raw)}")], []
    values = {}
    for key in raw:
        if key not in section.by_key:
            problems.append(
                Problem(
                    file,
                    where,
                    f"unknown key {key!r}" + _suggest(key, section.by_key),
                )
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
    problems.extend(Problem(file, where, reason) for reason in _rules(section, values))
    item = Item(section, file, where, values, article=article, parent=parent)
    nested_items = []
    for field in section.fields:
        if field.kind == NESTED:
            for index, child in enumerate(values[field.key]):
                child_where = f"{where} " + _where(field.key, index, child, field.nested)
                child_item, child_problems, _ = check_entry(
                    field.nested, child, file, child_where, article, parent=item
                )
                problems.extend(child_problems)
                if child_item:
                    nested_items.append(child_item)
    return (None if problems else item), problems, nested_items


def _rules(section, values):
    """What the database's check constraints would refuse, said in words."""
    if section is ROLE_RELATIONS and values["from"] == values["to"]:
        yield "a role cannot have a relation with itself ('from' and 'to' are the same)"
    if section is TEAM_POSITIONS:
        if values["lead"] and values["placement"] != "in_team":
            yield "whoever leads the team is in the team: lead: true needs placement: in_team"
        if values["count"] is not None and values["count"] < 1:
            yield "'count' is at least 1 (leave it out when the article gives no number)"
    if section is RESPONSIBILITY_GROUPS:
        owners = [k for k in ("role", "team_structure") if values[k] is not None]
        if len(owners) != 1:
            yield (
                "a responsibility group belongs to exactly one role or one team structure: "
                f"give 'role' or 'team_structure', not {' and '.join(owners) or 'neither'}"
            )
    if section is ARTICLE and values["slug"].startswith(SHARED_FILE_PREFIX):
        yield f"an article slug cannot start with '{SHARED_FILE_PREFIX}' (kept for shared files)"


class Document:
    """The checked content of one file."""

    def __init__(self, file):
        self.file = file
        self.article = None  # the article's Item
        self.items = []  # every entry and fact, responsibilities included
        # Slugs of the entries the file defines, valid or not, so that a
        # reference to an entry with a mistake is not reported as unknown too.
        self.declared = {s.name: set() for s in ENTRY_SECTIONS}
        # False when part of the file could not be read as sections of entries.
        self.complete = True


def check_document(data, file):
    """A Document for the parsed content of `file`, and the problems in it."""
    doc, problems = Document(file), []
    if not isinstance(data, dict):
        return doc, [
            Problem(file, "", f"the file must hold a mapping of sections, not {_type_name(data)}")
        ]
    for name in data:
        if name not in SECTIONS:
            problems.append(
                Problem(file, "", f"unknown section {name!r}" + _suggest(name, SECTIONS))
            )
    article_slug = None
    if "article" in data:
        item, found, _ = check_entry(ARTICLE, data["article"], file, "article", None)
        problems.extend(found)
        if item:
            doc.article = item
            article_slug = item.slug
        elif isinstance(data["article"], dict) and isinstance(data["article"].get("slug"), str):
            # Keep checking the facts as if the article were valid.
            article_slug = data["article"]["slug"]
    for section in ENTRY_SECTIONS + FACT_SECTIONS:
        if section.name not in data:
            continue
        entries = data[section.name]
        if entries is None:
            continue
        if not isinstance(entries, list):
            doc.complete = False
            problems.append(
                Problem(file, section.name, f"must be a list of entries, not {_type_name(entries)}")
            )
            continue
        if section.name in doc.declared:
            doc.declared[section.name].update(
                raw["slug"]
                for raw in entries
                if isinstance(raw, dict) and isinstance(raw.get("slug"), str)
            )
        if section.fact and "article" not in data:
            problems.append(
                Problem(
                    file,
                    section.name,
                    "facts are sourced by the article of their file, "
                    "but this file has no 'article' section",
                )
            )
            continue
        if section is LEVELS and "article" in data:
            problems.append(
                Problem(file, section.name, "levels belong in a shared file such as _niveaus.yaml")
            )
            continue
        for index, raw in enumerate(entries):
            where = _where(section.name, index, raw, section)
            item, found, nested = check_entry(section, raw, file, where, article_slug)
            problems.extend(found)
            if item:
                doc.items.append(item)
                doc.items.extend(nested)
    return doc, problems


def comparable(item):
    """An entry's values in a form where two equal definitions compare equal."""
    return {
        key: frozenset(t.lower() for t in value) if item.section.by_key[key].kind == TAGS else value
        for key, value in item.values.items()
    }
