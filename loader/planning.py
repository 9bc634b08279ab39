"""Step 2b of a load: per entry or fact, whether it is new, changed, unchanged or gone."""

from loader.fixture_format import (
    ALL_SECTIONS,
    ARTICLE,
    ENTRY_SECTIONS,
    NESTED,
    REFS,
    RESPONSIBILITIES,
    comparable,
)

# Step 2b: the plan.


class SectionPlan:
    def __init__(self, section):
        self.section = section
        self.created = []  # Items
        self.updated = []  # (Item, Row, changed keys)
        self.unchanged = 0
        self.absent = []  # Rows in the database but not in the files
        # (Item, Row, changed keys, who): edited in the admin since the last
        # load while the file did not change; left as the editor left them.
        self.kept = []

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

    def desired(self, section):
        """The Items the files give for `section`."""
        if section is ARTICLE:
            return self.bundle.articles.values()
        if section.fact:
            return self.bundle.facts[section.name].values()
        return self.bundle.entries(section).values()

    def _plan(self, section):
        plan = SectionPlan(section)
        rows = self.state.rows[section.name]
        wanted = set()
        for item in self.desired(section):
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
