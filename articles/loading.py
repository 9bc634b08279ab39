"""
Loading fixture files into the database (`manage.py load_articles`).

1. Read and check every file (articles/fixture_format.py), then check the
   files against each other and against the database: nothing is written
   unless all of it is valid.
2. Load what the database holds, one query per table, and compare it with
   what the files define: the plan says per entry or fact whether it is new,
   changed, unchanged, or in the database but no longer in its file.
3. Carry out the plan in one transaction with bulk queries, and record the
   history of every written row with django-reversion.
"""

import json
import os
from collections import defaultdict

import reversion
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.fixture_format import (
    ALL_SECTIONS,
    ARTICLE,
    BY_NAME,
    ENTRY_SECTIONS,
    LEVELS,
    NESTED,
    REF,
    REFS,
    RESPONSIBILITIES,
    SINGULAR,
    TAGS,
    FixtureError,
    Problem,
    check_document,
    comparable,
    find_files,
    read_file,
)

MAX_PROBLEMS = 200
BATCH_SIZE = 500
# django-reversion copies its map of pending versions each time an object is
# added to a revision, which makes adding n objects to one revision cost n²:
# minutes for the first load of a large knowledge base. History is therefore
# recorded in revisions of at most this many objects; an ordinary load fits
# in one.
HISTORY_CHUNK = 5000


def display_name(path):
    """A path as a person would type it: relative to here when inside it."""
    path = os.fspath(path)
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative
    return path


# Step 1: what the files say.


class Bundle:
    """Every file's checked content, and the problems found across files."""

    def __init__(self):
        self.files = []
        self.articles = {}  # article slug -> Item
        self.definitions = {s.name: defaultdict(list) for s in ENTRY_SECTIONS}
        self.facts = {s.name: {} for s in ALL_SECTIONS if s.fact}  # key -> Item
        self.declared = {s.name: set() for s in ENTRY_SECTIONS}
        self.complete = True  # every file could be read as sections of entries
        self.problems = []

    def add(self, doc):
        self.files.append(doc.file)
        self.complete &= doc.complete
        for name, slugs in doc.declared.items():
            self.declared[name] |= slugs
        if doc.article:
            self._add_article(doc.article)
        for item in doc.items:
            if item.section.fact:
                self._add_fact(item)
            else:
                self._add_entry(item)

    def _problem(self, item, reason):
        self.problems.append(Problem(item.file, item.where, reason))

    def _add_article(self, item):
        other = self.articles.get(item.slug)
        if other:
            self._problem(item, f"the article '{item.slug}' is also defined in {other.file}")
        else:
            self.articles[item.slug] = item

    def _add_entry(self, item):
        definitions = self.definitions[item.section.name][item.slug]
        for other in definitions:
            if other.file == item.file:
                self._problem(item, f"duplicate slug: also defined at {other.where}")
                return
        if definitions:
            first = definitions[0]
            ours, theirs = comparable(item), comparable(first)
            differing = [k for k in ours if ours[k] != theirs[k]]
            if differing:
                self._problem(
                    item,
                    f"defined differently in {first.file} ({first.where}): "
                    f"{', '.join(differing)} differ; every file that defines an entry "
                    "must define it identically",
                )
                return
        definitions.append(item)

    def _add_fact(self, item):
        facts = self.facts[item.section.name]
        other = facts.get(item.key)
        if other is None:
            facts[item.key] = item
        elif item.section.slugged:
            where = other.where if other.file == item.file else f"{other.file} ({other.where})"
            self._problem(item, f"duplicate slug: '{item.slug}' is also used at {where}")
        else:
            self._problem(item, f"the same fact is given twice; also at {other.where}")

    def entries(self, section):
        """The first definition of every entry of `section`, by slug."""
        return {slug: items[0] for slug, items in self.definitions[section.name].items()}

    def items(self):
        yield from self.articles.values()
        for section in ENTRY_SECTIONS:
            yield from self.entries(section).values()
        for facts in self.facts.values():
            yield from facts.values()


def read_bundle(paths, max_file_size):
    """Read and check every file: the Bundle, and the problems found."""
    bundle = Bundle()
    problems = []
    for path in find_files(paths):
        name = display_name(path)
        try:
            data = read_file(path, max_file_size)
        except (OSError, ValueError) as e:
            problems.append(Problem(name, "", str(e)))
            bundle.files.append(name)
            bundle.complete = False
            continue
        doc, found = check_document(data, name)
        problems.extend(found)
        bundle.add(doc)
        if len(problems) + len(bundle.problems) > MAX_PROBLEMS:
            bundle.complete = False  # stop reading: enough to fix first
            break
    return bundle, problems + bundle.problems


# Step 2: what the database holds.


class Row:
    """A row as it is in the database, in the shape of an Item's values."""

    __slots__ = ("pk", "values")

    def __init__(self, pk, values):
        self.pk, self.values = pk, values

    def key(self, section):
        if section.slugged:
            return (self.values["slug"],)
        return (*(self.values[k] for k in section.key), self.values["_source"])


def _m2m_names(field):
    """The through model of a many-to-many field and its two column names."""
    model_field = field.model_field
    through = model_field.remote_field.through
    own = through._meta.get_field(model_field.m2m_field_name()).attname
    other = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
    return through, own, other


class State:
    """
    Everything the plan needs from the database, read with one query per
    table whatever the number of entries.
    """

    def __init__(self):
        self.rows = {}  # section name -> {key: Row}
        self.ids = {}  # section name -> {slug: pk}, for sections keyed by slug
        self.m2m = {}  # (section name, key) -> {object pk: {target pk: through pk}}
        self.sources = {}  # entry section name -> {(entry pk, article pk): through pk}
        self.content_types = ContentType.objects.get_for_models(
            *(s.model for s in ALL_SECTIONS if s.has_tags)
        )
        self.tagged = defaultdict(lambda: defaultdict(dict))  # ct -> pk -> {tag: item pk}
        for pk, ct, obj, tag in TaggedItem.objects.filter(
            content_type__in=list(self.content_types.values())
        ).values_list("pk", "content_type_id", "object_id", "tag_id"):
            self.tagged[ct][obj][tag] = pk
        self.tag_names = dict(Tag.objects.values_list("pk", "name"))
        self.tag_slugs = set(Tag.objects.values_list("slug", flat=True))
        self.tags_by_name = {}
        for pk in sorted(self.tag_names):
            self.tags_by_name.setdefault(self.tag_names[pk].lower(), pk)
        for section in ALL_SECTIONS:
            self._load(section)
        for section in ENTRY_SECTIONS:
            if section.sources:
                through, field = section.sources
                self.sources[section.name] = {
                    (entry, article): pk
                    for pk, entry, article in through.objects.values_list(
                        "pk", f"{field}_id", "article_id"
                    )
                }

    def slug_of(self, section_name):
        return {pk: slug for slug, pk in self.ids[section_name].items()}

    def _load(self, section):
        model = section.model
        plain = [f for f in section.fields if f.kind not in (REFS, TAGS, NESTED)]
        columns = [f.model_field.attname for f in plain]
        if section.fact:
            columns.append("source_id")
        if section is RESPONSIBILITIES:
            columns.append("group_id")
        targets = {f.target: self.slug_of(f.target) for f in plain if f.kind == REF}
        articles = self.slug_of("article") if section.fact else None
        groups = self.slug_of("responsibility_groups") if section is RESPONSIBILITIES else None
        m2m = {}
        for field in section.fields:
            if field.kind == REFS:
                through, own, other = _m2m_names(field)
                links = defaultdict(dict)
                for pk, obj, target in through.objects.values_list("pk", own, other):
                    links[obj][target] = pk
                self.m2m[(section.name, field.key)] = links
                m2m[field] = (links, self.slug_of(field.target))
        tagged = self.tagged[self.content_types[model].pk] if section.has_tags else None
        rows = {}
        for record in model._base_manager.order_by().values("pk", *columns).iterator(2000):
            values = {}
            for field, column in zip(plain, columns, strict=False):
                value = record[column]
                if field.kind == REF and value is not None:
                    value = targets[field.target][value]
                values[field.key] = value
            pk = record["pk"]
            for field, (links, slugs) in m2m.items():
                values[field.key] = frozenset(slugs[t] for t in links.get(pk, ()))
            if tagged is not None:
                values["tags"] = frozenset(self.tag_names[t].lower() for t in tagged.get(pk, ()))
            if section.fact:
                values["_source"] = articles[record["source_id"]]
            if groups is not None:
                values["_group"] = groups[record["group_id"]]
            row = Row(pk, values)
            rows[row.key(section)] = row
        self.rows[section.name] = rows
        if section.slugged:
            self.ids[section.name] = {key[0]: row.pk for key, row in rows.items()}


def check_against_database(bundle, state):
    """What the files get wrong given what is already in the database."""
    problems = []
    known = {s.name: bundle.declared[s.name] | set(state.ids[s.name]) for s in ENTRY_SECTIONS}
    # When a file could not be read, what it defines is unknown: reporting
    # every reference to it would only bury the real problem.
    for item in bundle.items() if bundle.complete else ():
        for field in item.section.fields:
            if field.kind not in (REF, REFS):
                continue
            value = item.values[field.key]
            for slug in value if field.kind == REFS else [value]:
                if slug is not None and slug not in known[field.target]:
                    problems.append(
                        Problem(
                            item.file,
                            item.where,
                            f"unknown {SINGULAR[field.target]} '{slug}' in '{field.key}': "
                            "not defined in these files or in the database",
                        )
                    )
    loaded = set(bundle.articles)
    for section_name, facts in bundle.facts.items():
        section = BY_NAME[section_name]
        if not section.slugged:
            continue
        rows = state.rows[section_name]
        for key, item in facts.items():
            row = rows.get(key)
            if row and row.values["_source"] not in loaded:
                problems.append(
                    Problem(
                        item.file,
                        item.where,
                        f"slug '{item.slug}' already belongs to a {SINGULAR[section_name]} of the "
                        f"article '{row.values['_source']}' in the database; choose another "
                        "slug, or load that article's file too if it moved",
                    )
                )
    problems.extend(_check_levels(bundle, state))
    return problems


def _check_levels(bundle, state):
    """Level names and orders are unique over what the database will hold."""
    final = {row.values["slug"]: row.values for row in state.rows["levels"].values()}
    items = bundle.entries(LEVELS)
    for slug, item in items.items():
        final[slug] = item.values
    for key in ("name", "order"):
        owners = defaultdict(list)
        for slug, values in final.items():
            owners[values[key]].append(slug)
        for value, slugs in owners.items():
            if len(slugs) < 2:
                continue
            for slug in slugs:
                if slug in items:
                    others = ", ".join(s for s in slugs if s != slug)
                    item = items[slug]
                    yield Problem(
                        item.file,
                        item.where,
                        f"{key} {value!r} is also used by the level(s) {others}",
                    )


# Step 2b: the plan.


class SectionPlan:
    def __init__(self, section):
        self.section = section
        self.created = []  # Items
        self.updated = []  # (Item, Row, changed keys)
        self.unchanged = 0
        self.absent = []  # Rows in the database but not in the files

    @property
    def label(self):
        return self.section.label


class SourcePlan:
    """Which articles are recorded as sources of which entries."""

    label = "sources of entries"

    def __init__(self):
        self.created = []  # (section, entry slug, article slug)
        self.updated = []
        self.unchanged = 0
        self.absent = []  # (section, through pk, entry slug, article slug)


class Plan:
    def __init__(self, bundle, state):
        self.bundle, self.state = bundle, state
        self.loaded_articles = set(bundle.articles)
        self.sections = [self._plan(section) for section in ALL_SECTIONS]
        self.sources = self._plan_sources()

    @property
    def parts(self):
        return [*self.sections, self.sources]

    def writes(self, prune):
        """How many rows the plan writes (created, updated, deleted)."""
        return sum(
            len(p.created) + len(p.updated) + (len(p.absent) if prune and self._prunable(p) else 0)
            for p in self.parts
        )

    @staticmethod
    def _prunable(part):
        return isinstance(part, SourcePlan) or part.section.fact

    def _desired(self, section):
        if section is ARTICLE:
            return self.bundle.articles.values()
        if section.fact:
            return self.bundle.facts[section.name].values()
        return self.bundle.entries(section).values()

    def _plan(self, section):
        plan = SectionPlan(section)
        rows = self.state.rows[section.name]
        wanted = set()
        for item in self._desired(section):
            key = item.key
            wanted.add(key)
            row = rows.get(key)
            if row is None:
                plan.created.append(item)
                continue
            desired = desired_values(item)
            changed = [k for k, v in desired.items() if row.values[k] != v]
            if changed:
                plan.updated.append((item, row, changed))
            else:
                plan.unchanged += 1
        for key, row in rows.items():
            if key in wanted:
                continue
            if section.fact and row.values["_source"] not in self.loaded_articles:
                continue  # another article's fact: none of our business
            plan.absent.append(row)
        return plan

    def _plan_sources(self):
        plan = SourcePlan()
        article_ids = self.state.ids["article"]
        for section in ENTRY_SECTIONS:
            if not section.sources:
                continue
            existing = self.state.sources[section.name]
            entry_ids = self.state.ids[section.name]
            wanted = set()
            for slug, items in self.bundle.definitions[section.name].items():
                for item in items:
                    if item.article is None:
                        continue
                    pair = (entry_ids.get(slug), article_ids.get(item.article))
                    wanted.add(pair)
                    if pair in existing:
                        plan.unchanged += 1
                    else:
                        plan.created.append((section, slug, item.article))
            entry_slugs = self.state.slug_of(section.name)
            article_slugs = self.state.slug_of("article")
            for (entry, article), pk in existing.items():
                if (entry, article) in wanted:
                    continue
                if article_slugs[article] in self.loaded_articles:
                    plan.absent.append((section, pk, entry_slugs[entry], article_slugs[article]))
        return plan


def desired_values(item):
    """An Item's values in the shape of a Row's values."""
    values = comparable(item)
    for field in item.section.fields:
        if field.kind == REFS:
            values[field.key] = frozenset(values[field.key])
        elif field.kind == NESTED:
            del values[field.key]
    if item.section.fact:
        values["_source"] = item.article
    if item.section is RESPONSIBILITIES:
        values["_group"] = item.parent.slug
    return values


# Step 3: writing.


class Writer:
    """Carries out a plan with bulk queries; call inside a transaction."""

    def __init__(self, plan):
        self.plan, self.state = plan, plan.state
        self.ids = {name: dict(ids) for name, ids in self.state.ids.items()}
        self.now = timezone.now()
        self.touched = defaultdict(set)  # model -> pks whose history to record
        self.link_adds = defaultdict(list)  # through model -> unsaved rows
        self.link_deletes = defaultdict(list)  # through model -> pks
        self.tag_objects = []  # (section, pk, tag names, existing {tag: item pk})

    def write(self):
        for part in self.plan.sections:
            self._create(part)
            self._update(part)
        self._write_sources()
        self._write_tags()
        self._flush_links()

    def _instance(self, item, pk=None):
        section = item.section
        kwargs = {}
        for field in section.fields:
            if field.kind in (REFS, TAGS, NESTED):
                continue
            value = item.values[field.key]
            if field.kind == REF:
                kwargs[field.model_field.attname] = (
                    None if value is None else self.ids[field.target][value]
                )
            else:
                kwargs[field.attr] = value
        if section.fact:
            kwargs["source_id"] = self.ids["article"][item.article]
        if section is RESPONSIBILITIES:
            kwargs["group_id"] = self.ids["responsibility_groups"][item.parent.slug]
        obj = section.model(**kwargs)
        if pk is not None:
            obj.pk = pk
        return obj

    def _create(self, part):
        if not part.created:
            return
        section = part.section
        objs = [self._instance(item) for item in part.created]
        section.model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        for item, obj in zip(part.created, objs, strict=True):
            assert obj.pk is not None, "the database did not return the new row's id"
            if section.slugged:
                self.ids[section.name][item.slug] = obj.pk
            self.touched[section.model].add(obj.pk)
            self._links(item, obj.pk, None)

    def _update(self, part):
        if not part.updated:
            return
        section = part.section
        columns = set()
        objs = []
        for item, row, changed in part.updated:
            obj = self._instance(item, pk=row.pk)
            for key in changed:
                field = section.by_key.get(key)
                if key == "_source":
                    columns.add("source")
                elif key == "_group":
                    columns.add("group")
                elif field.kind not in (REFS, TAGS):
                    columns.add(field.attr)
            if hasattr(obj, "updated_at"):
                obj.updated_at = self.now
                columns.add("updated_at")
            objs.append(obj)
            self.touched[section.model].add(row.pk)
            self._links(item, row.pk, row)
        if section is LEVELS:
            self._free_level_names_and_orders(objs, columns)
        if columns:
            section.model.objects.bulk_update(objs, sorted(columns), batch_size=BATCH_SIZE)

    def _free_level_names_and_orders(self, objs, columns):
        # Level name and order are unique and checked row by row, so swapping
        # two levels' orders needs a step through values nobody uses.
        if not columns & {"name", "order"}:
            return
        moving = objs
        highest = max(
            [r.values["order"] for r in self.state.rows["levels"].values()]
            + [o.order for o in objs]
        )
        temporary = [
            LEVELS.model(pk=o.pk, name=f"\u2060{o.pk}\u2060{o.name}"[:100], order=highest + 1 + i)
            for i, o in enumerate(moving)
        ]
        LEVELS.model.objects.bulk_update(temporary, ["name", "order"])

    def _links(self, item, pk, row):
        """Queue the many-to-many links and tags of one written object."""
        section = item.section
        for field in section.fields:
            if field.kind == REFS:
                through, own, other = _m2m_names(field)
                current = self.state.m2m[(section.name, field.key)].get(pk, {}) if row else {}
                wanted = {self.ids[field.target][slug] for slug in item.values[field.key]}
                for target in wanted - set(current):
                    self.link_adds[through].append(through(**{own: pk, other: target}))
                for target in set(current) - wanted:
                    self.link_deletes[through].append(current[target])
            elif field.kind == TAGS:
                ct = self.state.content_types[section.model].pk
                current = self.state.tagged[ct].get(pk, {}) if row else {}
                self.tag_objects.append((section, pk, item.values["tags"], current))

    def _write_sources(self):
        for section, slug, article in self.plan.sources.created:
            through, field = section.sources
            self.link_adds[through].append(
                through(
                    **{f"{field}_id": self.ids[section.name][slug]},
                    article_id=self.ids["article"][article],
                )
            )
            # The entry's history includes its sources.
            self.touched[section.model].add(self.ids[section.name][slug])

    def _write_tags(self):
        by_name = dict(self.state.tags_by_name)
        new_tags = []
        for _section, _pk, names, _current in self.tag_objects:
            for name in names:
                if name.lower() not in by_name:
                    tag = Tag(name=name, slug=self._tag_slug(name))
                    by_name[name.lower()] = tag
                    new_tags.append(tag)
        if new_tags:
            Tag.objects.bulk_create(new_tags, batch_size=BATCH_SIZE)
            self.touched[Tag].update(t.pk for t in new_tags)
        for section, pk, names, current in self.tag_objects:
            ct = self.state.content_types[section.model].pk
            wanted = set()
            for name in names:
                tag = by_name[name.lower()]
                wanted.add(tag if isinstance(tag, int) else tag.pk)
            for tag in wanted - set(current):
                self.link_adds[TaggedItem].append(
                    TaggedItem(content_type_id=ct, object_id=pk, tag_id=tag)
                )
            for tag in set(current) - wanted:
                self.link_deletes[TaggedItem].append(current[tag])

    def _tag_slug(self, name):
        base = Tag().slugify(name)
        slug, i = base, 0
        while slug in self.state.tag_slugs:
            i += 1
            slug = Tag().slugify(name, i)
        self.state.tag_slugs.add(slug)
        return slug

    def _flush_links(self):
        for through, pks in self.link_deletes.items():
            for start in range(0, len(pks), BATCH_SIZE):
                through._base_manager.filter(pk__in=pks[start : start + BATCH_SIZE]).delete()
        for through, objs in self.link_adds.items():
            through.objects.bulk_create(objs, batch_size=BATCH_SIZE)
            # Many-to-many links and tags belong to an object that is in the
            # history of this load already: reversion keeps many-to-many links
            # in the object's version, and tags as the registration follows
            # them. Adding each link row again would double the cost of the
            # history for nothing. Sources (explicit through models) are kept.
            if not (through._meta.auto_created or through is TaggedItem):
                self.touched[through].update(o.pk for o in objs if o.pk is not None)

    def doomed(self):
        """What --prune deletes: model -> pks, in an order the database accepts."""
        doomed = defaultdict(list)
        for part in reversed(self.plan.sections):
            if part.section.fact:
                doomed[part.section.model].extend(row.pk for row in part.absent)
        for section, pk, _entry, _article in self.plan.sources.absent:
            doomed[section.sources[0]].append(pk)
        return {model: pks for model, pks in doomed.items() if pks}

    def prune(self, doomed):
        for model, pks in doomed.items():
            if model in self.state.content_types:
                ct = self.state.content_types[model].pk
                # taggit leaves the tags of a deleted object behind.
                TaggedItem.objects.filter(content_type_id=ct, object_id__in=pks).delete()
            for start in range(0, len(pks), BATCH_SIZE):
                model._base_manager.filter(pk__in=pks[start : start + BATCH_SIZE]).delete()


def history_chunks(touched):
    """
    Every written row of a registered model, re-read, in lists of at most
    HISTORY_CHUNK to add to django-reversion; yields lists as it goes, so
    only one is in memory at a time.

    Bulk queries send no signals, so reversion does not see these rows by
    itself: without this the history of a load would be empty. Rows are
    re-read so that each version holds the row as committed. Rows a later
    row follows (facts of a role, ...) come first: reversion then finds them
    in the revision already instead of serialising them twice.
    """
    buffer = []
    for model, pks in reversed(list(touched.items())):
        if not pks or not reversion.is_registered(model):
            continue
        pks = sorted(pks)
        for start in range(0, len(pks), HISTORY_CHUNK):
            rows = list(model._base_manager.filter(pk__in=pks[start : start + HISTORY_CHUNK]))
            _prefetch_for_history(rows)
            buffer.extend(rows)
            while len(buffer) >= HISTORY_CHUNK:
                yield buffer[:HISTORY_CHUNK]
                buffer = buffer[HISTORY_CHUNK:]
    if buffer:
        yield buffer


def history_chunk_count(touched):
    total = sum(len(pks) for model, pks in touched.items() if reversion.is_registered(model))
    return -(-total // HISTORY_CHUNK)


def _follows(model):
    try:
        return reversion.revisions._get_options(model).follow
    except Exception:  # noqa: BLE001 - the option is internal to reversion
        return ()


def _prefetch_for_history(objects, depth=0):
    """
    Load in bulk what reversion reads of each object: the foreign keys its
    str() may use (the version's repr), its many-to-many links (serialised
    with it) and the relations it follows, recursively. Without this a load
    would cost a few queries per written row.
    """
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    for model, group in by_model.items():
        names = [
            f.name
            for f in model._meta.get_fields()
            if (f.many_to_one and f.concrete) or isinstance(f, GenericForeignKey)
        ]
        names += [
            f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
        ]
        follows = list(_follows(model))
        followed = []
        for name in names + follows:
            try:
                if _is_many(model, name):
                    _prefetch_many(group, name)
                else:
                    prefetch_related_objects(group, name)
            except (AttributeError, ValueError):
                continue  # not a relation (a property): reversion will query it itself
            if name in follows:
                for obj in group:
                    value = getattr(obj, name)
                    if isinstance(value, models.Model):
                        followed.append(value)
                    elif value is not None:
                        followed.extend(value.all())
        if followed and depth < 3:
            _prefetch_for_history(followed, depth + 1)


def _is_many(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.is_relation and (field.many_to_many or field.one_to_many)


def _prefetch_many(objects, name):
    """
    prefetch_related_objects(objects, name) for a relation to many rows, one
    query as Django runs it, without the filtered QuerySet Django builds for
    every object to hold its rows (a third of a load's time). Each object's
    rows are cached as a plain list: iterating `obj.<name>.all()`, which is
    all reversion and the serializer do, reads it; anything that would query
    from it fails loudly instead of reading unfiltered rows. The objects are
    thrown away once their history is written.
    """
    manager = getattr(objects[0], name)
    queryset, rel_obj_attr, instance_attr, _single, cache_name, _is_descriptor = (
        manager.get_prefetch_querysets(objects)
    )
    rows = defaultdict(list)
    for row in queryset:
        rows[rel_obj_attr(row)].append(row)
    for obj in objects:
        if not hasattr(obj, "_prefetched_objects_cache"):
            obj._prefetched_objects_cache = {}
        obj._prefetched_objects_cache[cache_name] = rows.get(instance_attr(obj), [])


def record_history(touched, comment):
    """Save the rows in `touched` in new revisions (see HISTORY_CHUNK)."""
    count = history_chunk_count(touched)
    for number, chunk in enumerate(history_chunks(touched), start=1):
        save_revision(chunk, comment + (f" ({number}/{count})" if count > 1 else ""))


class PrefetchedSerializer(PythonSerializer):
    """
    Django's serializer, reading many-to-many links from the prefetch cache
    without first building the query it would otherwise run (Django builds
    that queryset even when it then uses the cache: a quarter of a load's
    time).
    """

    def handle_m2m_field(self, obj, field):
        cached = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if (
            cached is None
            or self.use_natural_foreign_keys
            or not field.remote_field.through._meta.auto_created
        ):
            return super().handle_m2m_field(obj, field)
        self._current[field.name] = [self._value_from_field(r, r._meta.pk) for r in cached]


def save_revision(objects, comment):
    """
    One django-reversion revision holding `objects` and every row they follow,
    exactly as `reversion.add_to_revision` on each would build it: a Version
    per row, serialised in the registered format and fields, with its repr.

    reversion adds objects one at a time, serialising each alone and copying
    its map of pending versions on every add; for the tens of thousands of
    rows of a large load that was most of the loading time. Here each model's
    rows are serialised together and all versions are written with one bulk
    insert, with reversion's own signals around it.
    """
    from reversion.models import Revision, Version
    from reversion.revisions import _follow_relations, _get_options
    from reversion.signals import post_revision_commit, pre_revision_commit

    rows = {}

    def add(obj):
        key = (type(obj), obj.pk)
        if obj.pk is None or key in rows or not reversion.is_registered(type(obj)):
            return
        rows[key] = obj
        for related in _follow_relations(obj):
            add(related)

    for obj in objects:
        add(obj)
    by_model = defaultdict(list)
    for (model, _pk), obj in rows.items():
        by_model[model].append(obj)
    versions = []
    for model, group in by_model.items():
        options = _get_options(model)
        if options.format != "json":
            raise ValueError(f"{model.__name__} is versioned as {options.format}, not json")
        content_type = ContentType.objects.get_for_model(model)
        data = PrefetchedSerializer().serialize(
            group,
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
        for obj, item in zip(group, data, strict=True):
            versions.append(
                Version(
                    content_type=content_type,
                    object_id=str(getattr(obj, options.object_id_field)),
                    db=obj._state.db or "default",
                    format=options.format,
                    # What serializers.serialize("json", [obj]) writes.
                    serialized_data=json.dumps([item], cls=DjangoJSONEncoder, ensure_ascii=False),
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


class Result:
    def __init__(self, plan, files, dry_run, prune):
        self.plan, self.files, self.dry_run, self.prune = plan, files, dry_run, prune

    @property
    def changed(self):
        return self.plan.writes(self.prune) > 0


def history_comment(files, prune):
    names = [display_name(f) for f in files]
    shown = ", ".join(names[:5])
    if len(names) > 5:
        shown += f" and {len(names) - 5} more"
    return f"load_articles{' --prune' if prune else ''}: {shown}"


def load(paths, *, dry_run=False, prune=False, max_file_size):
    """
    Check the files at `paths` and, unless `dry_run`, bring the database in
    line with them. Raises FixtureError when anything is wrong; the database
    is then untouched.
    """
    bundle, problems = read_bundle(paths, max_file_size)
    state = State()
    problems += check_against_database(bundle, state)
    if problems:
        raise FixtureError(problems[:MAX_PROBLEMS], total=len(problems))
    plan = Plan(bundle, state)
    result = Result(plan, bundle.files, dry_run, prune)
    if dry_run or not result.changed:
        return result
    comment = history_comment(bundle.files, prune)
    with transaction.atomic():
        writer = Writer(plan)
        doomed = writer.doomed() if prune else {}
        if doomed:
            # The last state of what is about to be deleted, so that an
            # editor can recover it from the history.
            record_history(doomed, comment + " (state before deleting)")
        writer.write()
        writer.prune(doomed)
        record_history(writer.touched, comment)
    return result


# Reporting.

REPORT_ORDER = [ARTICLE, *[s for s in ALL_SECTIONS if s is not ARTICLE]]
MAX_DETAIL_LINES = 100


def _describe(section, key):
    if section.slugged:
        return key[0]
    parts = [f"{name}={value}" for name, value in zip(section.key, key, strict=False)]
    return " ".join(parts) + f" (article {key[-1]})"


def report(result, verbosity=1):
    """The lines to print for a load: (style name or None, text)."""
    plan, prune = result.plan, result.prune
    by_section = {p.section: p for p in plan.sections}
    parts = [by_section[s] for s in REPORT_ORDER] + [plan.sources]
    lines = [(None, f"Read {len(result.files)} file(s).")]
    gone = "deleted" if prune else "not in files"
    header = f"{'':24}{'created':>9}{'updated':>9}{'unchanged':>11}{gone:>14}"
    lines.append(("MIGRATE_HEADING", header))
    for part in parts:
        counts = (len(part.created), len(part.updated), part.unchanged, len(part.absent))
        if not any(counts):
            continue
        created, updated, unchanged, absent = counts
        lines.append((None, f"{part.label:24}{created:>9}{updated:>9}{unchanged:>11}{absent:>14}"))

    if result.dry_run or verbosity >= 2:
        details = []
        for part in parts:
            if isinstance(part, SourcePlan):
                details += [f"  + source: {s.name} {slug} <- {a}" for s, slug, a in part.created]
                continue
            details += [f"  + {part.label}: {_describe(part.section, i.key)}" for i in part.created]
            details += [
                f"  ~ {part.label}: {_describe(part.section, i.key)} ({', '.join(changed)})"
                for i, _row, changed in part.updated
            ]
        lines += [(None, d) for d in details[:MAX_DETAIL_LINES]]
        if len(details) > MAX_DETAIL_LINES:
            lines.append((None, f"  ... and {len(details) - MAX_DETAIL_LINES} more"))

    facts_absent = []
    for part in parts:
        if isinstance(part, SourcePlan):
            facts_absent += [
                f"  source: {s.name} {slug} <- {article}" for s, _pk, slug, article in part.absent
            ]
        elif part.section.fact:
            facts_absent += [
                f"  {part.label}: {_describe(part.section, row.key(part.section))}"
                for row in part.absent
            ]
    if facts_absent:
        if prune:
            verb = "Would delete" if result.dry_run else "Deleted"
            lines.append(
                (
                    "WARNING",
                    f"{verb} {len(facts_absent)} fact(s) no longer in their article's file:",
                )
            )
        else:
            lines.append(
                (
                    "WARNING",
                    f"Kept {len(facts_absent)} fact(s) that are in the database but no longer in "
                    "their article's file (--prune deletes them):",
                )
            )
        lines += [(None, line) for line in facts_absent[:MAX_DETAIL_LINES]]
        if len(facts_absent) > MAX_DETAIL_LINES:
            lines.append((None, f"  ... and {len(facts_absent) - MAX_DETAIL_LINES} more"))

    total = lambda attr: sum(len(getattr(p, attr)) for p in parts)  # noqa: E731
    created, updated = total("created"), total("updated")
    deleted = len(facts_absent) if prune else 0
    summary = f"{created} created, {updated} updated, {deleted} deleted"
    if not result.changed:
        lines.append(
            ("SUCCESS", "Nothing changed (niets gewijzigd): the database matches the files.")
        )
    elif result.dry_run:
        lines.append(("NOTICE", f"Dry run: would write {summary}; nothing was written."))
    else:
        lines.append(("SUCCESS", f"Done: {summary}."))
    return lines
