"""Step 3 of a load: carrying out the plan with bulk queries."""

from collections import defaultdict

from django.utils import timezone
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from loader.constants import BATCH_SIZE
from loader.fixture_format import (
    LEVELS,
    NESTED,
    REF,
    REFS,
    RESPONSIBILITIES,
    TAGS,
)
from loader.reading import m2m_names

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

    def _instance(self, item, pk=None, deferred=()):
        section = item.section
        kwargs = {}
        for field in section.fields:
            if field.kind in (REFS, TAGS, NESTED):
                continue
            value = item.values[field.key]
            if field in deferred:
                kwargs[field.model_field.attname] = None
            elif field.kind == REF:
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
        # A reference into the section itself (a position answering another)
        # may name a row created in this same batch: written once all have ids.
        own = [f for f in section.fields if f.kind == REF and f.target == section.name]
        objs = [self._instance(item, deferred=own) for item in part.created]
        section.model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        for item, obj in zip(part.created, objs, strict=True):
            assert obj.pk is not None, "the database did not return the new row's id"
            if section.slugged:
                self.ids[section.name][item.slug] = obj.pk
            self.touched[section.model].add(obj.pk)
            self._links(item, obj.pk, None)
        if own:
            for item, obj in zip(part.created, objs, strict=True):
                for field in own:
                    value = item.values[field.key]
                    if value is not None:
                        setattr(obj, field.model_field.attname, self.ids[section.name][value])
            section.model.objects.bulk_update(objs, [f.attr for f in own], batch_size=BATCH_SIZE)

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
                through, own, other = m2m_names(field)
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

    def tables(self):
        """The database tables this writer wrote to, history included."""
        from_models = [*self.touched, *self.link_adds, *self.link_deletes, Revision, Version]
        return {model._meta.db_table for model in from_models}

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
