"""Steps 1 and 2 of a load: what the files say, and what the database holds."""

import os
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from taggit.models import Tag, TaggedItem

from loader.constants import MAX_PROBLEMS
from loader.cross_checks import check_replies, check_unique_across_files
from loader.fixture_format import (
    ALL_SECTIONS,
    BY_NAME,
    ENTRY_SECTIONS,
    LEVELS,
    NESTED,
    REF,
    REFS,
    RESPONSIBILITIES,
    SINGULAR,
    TAGS,
    Problem,
    check_document,
    comparable,
    find_files,
    read_file,
)


def display_name(path):
    """A path as a person would type it: relative to here when inside it."""
    path = os.fspath(path)
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative
    return path


# Step 1: what the files say.


def origin_of(item):
    """
    Which file defines an item, in words that do not depend on where the
    file lies: its article, or the name of a shared file without one.
    """
    return item.article or os.path.basename(item.file)


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
        self.origins = set()  # every file read, as an origin (see origin_of)

    def add(self, doc):
        self.files.append(doc.file)
        self.origins.add(doc.article.slug if doc.article else os.path.basename(doc.file))
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


def m2m_names(field):
    """The through model of a many-to-many field and its two column names."""
    model_field = field.model_field
    through = model_field.remote_field.through
    own = through._meta.get_field(model_field.m2m_field_name()).attname
    other = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
    return through, own, other


class Scope:
    """
    Which rows a State reads, when a reader needs only part of the database
    (the downloads, a batch at a time). `rows(section)` is the queryset of
    rows to read, or None for none; `linkable(section)` the rows a link may
    name (a link to any other reads as None, and is left out of a list);
    `describing()` the articles whose being a source of an entry is read.
    The slugs of linkable rows are read once per Scope, however many States
    it serves.
    """

    def __init__(self):
        self.known_ids, self.known_slugs = {}, {}

    def rows(self, section):
        raise NotImplementedError

    def linkable(self, section):
        raise NotImplementedError

    def describing(self):
        raise NotImplementedError

    def ids(self, section):
        """{slug: pk} of the rows a link may name."""
        if section.name not in self.known_ids:
            self.known_ids[section.name] = dict(self.linkable(section).values_list("slug", "pk"))
        return self.known_ids[section.name]

    def slugs(self, section):
        """{pk: slug} of the rows a link may name."""
        if section.name not in self.known_slugs:
            self.known_slugs[section.name] = {pk: slug for slug, pk in self.ids(section).items()}
        return self.known_slugs[section.name]


def key_ranges(queryset, size):
    """
    (after, up to) pairs of primary keys that cut `queryset` into ranges of
    at most `size` rows, for a Scope that reads a range at a time: a range,
    unlike a list of keys, costs the same to send and plan however many rows
    it holds.
    """
    keys = queryset.order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        ahead = keys.filter(pk__gt=last)
        end = next(iter(ahead[size - 1 : size]), None) or ahead.last()
        if end is None:
            return
        yield last, end
        last = end


class State:
    """
    Everything the plan needs from the database, read with one query per
    table whatever the number of entries; with a Scope, only the rows it
    names.
    """

    def __init__(self, scope=None):
        self.scope = scope
        self.rows = {}  # section name -> {key: Row}
        self.ids = {}  # section name -> {slug: pk}, for sections keyed by slug; not with a Scope
        self.m2m = {}  # (section name, key) -> {object pk: {target pk: through pk}}
        self.sources = {}  # entry section name -> {(entry pk, article pk): through pk}
        self.content_types = ContentType.objects.get_for_models(
            *(s.model for s in ALL_SECTIONS if s.has_tags)
        )
        self.tagged = defaultdict(lambda: defaultdict(dict))  # ct -> pk -> {tag: item pk}
        items = TaggedItem.objects.filter(content_type__in=list(self.content_types.values()))
        if scope is not None:
            wanted = Q(pk__in=[])
            for section in ALL_SECTIONS:
                rows = scope.rows(section) if section.has_tags else None
                if rows is not None:
                    ct = self.content_types[section.model]
                    wanted |= Q(content_type=ct, object_id__in=rows.values("pk"))
            items = TaggedItem.objects.filter(wanted)
        for pk, ct, obj, tag in items.values_list("pk", "content_type_id", "object_id", "tag_id"):
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
                described = through.objects.all()
                if scope is not None:
                    rows = scope.rows(section)
                    if rows is None:
                        self.sources[section.name] = {}
                        continue
                    described = described.filter(
                        **{f"{field}__in": rows.values("pk")},
                        article__in=scope.describing().values("pk"),
                    )
                self.sources[section.name] = {
                    (entry, article): pk
                    for pk, entry, article in described.values_list(
                        "pk", f"{field}_id", "article_id"
                    )
                }

    def slug_of(self, section_name):
        if self.scope is not None:
            return self.scope.slugs(BY_NAME[section_name])
        return {pk: slug for slug, pk in self.ids[section_name].items()}

    def _load(self, section):
        model = section.model
        scope = self.scope
        records = model._base_manager.all()
        if scope is not None:
            # Slugs come from the scope (slug_of), read only for the
            # sections a link of the rows read points into.
            records = scope.rows(section)
            if records is None:
                self.rows[section.name] = {}
                return
        plain = [f for f in section.fields if f.kind not in (REFS, TAGS, NESTED)]
        columns = [f.model_field.attname for f in plain]
        if section.fact:
            columns.append("source_id")
        if section is RESPONSIBILITIES:
            columns.append("group_id")
        if scope is None and any(f.kind == REF and f.target == section.name for f in plain):
            # Rows that refer to rows of their own section (a position answering another).
            self.ids[section.name] = dict(model._base_manager.values_list("slug", "pk"))
        targets = {f.target: self.slug_of(f.target) for f in plain if f.kind == REF}
        articles = self.slug_of("article") if section.fact else None
        groups = self.slug_of("responsibility_groups") if section is RESPONSIBILITIES else None
        m2m = {}
        for field in section.fields:
            if field.kind == REFS:
                through, own, other = m2m_names(field)
                links = defaultdict(dict)
                linked = through.objects.all()
                if scope is not None:
                    linked = linked.filter(**{f"{own}__in": records.values("pk")})
                for pk, obj, target in linked.values_list("pk", own, other):
                    links[obj][target] = pk
                self.m2m[(section.name, field.key)] = links
                m2m[field] = (links, self.slug_of(field.target))
        tagged = self.tagged[self.content_types[model].pk] if section.has_tags else None
        rows = {}
        for record in records.order_by().values("pk", *columns).iterator(2000):
            values = {}
            for field, column in zip(plain, columns, strict=False):
                value = record[column]
                if field.kind == REF and value is not None:
                    # Outside a scope every row is known; inside one a link
                    # to a row it does not let through reads as None.
                    value = targets[field.target].get(value)
                values[field.key] = value
            pk = record["pk"]
            for field, (links, slugs) in m2m.items():
                values[field.key] = frozenset(slugs[t] for t in links.get(pk, ()) if t in slugs)
            if tagged is not None:
                values["tags"] = frozenset(self.tag_names[t].lower() for t in tagged.get(pk, ()))
            if section.fact:
                values["_source"] = articles[record["source_id"]]
            if groups is not None:
                values["_group"] = groups[record["group_id"]]
            row = Row(pk, values)
            rows[row.key(section)] = row
        self.rows[section.name] = rows
        if section.slugged and scope is None:
            self.ids[section.name] = {key[0]: row.pk for key, row in rows.items()}


def check_against_database(bundle, state):
    """What the files get wrong given what is already in the database."""
    problems = []
    known = {s.name: bundle.declared[s.name] | set(state.ids[s.name]) for s in ENTRY_SECTIONS}
    # Facts with a slug can be referred to as well (a position answers another).
    for section in ALL_SECTIONS:
        if section.fact and section.slugged:
            known[section.name] = {key[0] for key in bundle.facts[section.name]} | set(
                state.ids[section.name]
            )
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
    if bundle.complete:
        problems.extend(check_replies(bundle, state))
        problems.extend(check_unique_across_files(bundle, state))
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
