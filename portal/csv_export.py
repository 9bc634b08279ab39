"""
The CSV downloads: one table per kind of entry and fact, taken from the kinds
registry as the fixture format is (fixtures/README.md), so a new kind has its
table without a line here. A table's columns are its section's keys, in the
README's order; a fact's table adds the article it comes from (`source`), an
entry's the articles that describe it (`sources`), and a kind with pages
the address of each entry's page (`site_url`). Links are slugs, several
joined with ";", tags by name.

The rows are the JSON download's: the loader's view of the database reduced
to what readers may see (PublicTable), so a draft, and a link to one, is in
neither. They are read ROWS_PER_CHUNK at a time, in the order they were
added. Every table comes in two dialects: the standard one (comma) and the
one Dutch Excel opens by double-click (semicolon).
"""

import contextlib
import csv
import datetime
import io
import itertools

from django.urls import reverse
from django.utils.text import capfirst

from editorial.kinds import all_kinds
from loader.fixture_format import (
    BY_NAME,
    NESTED,
    REF,
    REFS,
    RESPONSIBILITIES,
    SECTIONS_BY_MODEL,
    TAGS,
)
from loader.reading import Scope, State, key_ranges

# A cell that starts like a formula is shown as text by spreadsheets: a
# leading quote before every cell that starts with = + - @, a tab or a
# carriage return (OWASP's rule against CSV injection; "-1+1" is a formula
# too). Nothing else is changed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DIALECTS = {"standard": ",", "excel-nl": ";"}
# Stands for the slug in a page's address (the slug converter takes capitals).
SLUG = "SLUG"


class Table:
    """One CSV file: a section of the fixture format, public rows only."""

    def __init__(self, kind):
        self.kind = kind
        self.section = SECTIONS_BY_MODEL[kind.model]
        # Responsibilities are written inside their group in a fixture file.
        self.slug = kind.namespace or kind.fixture.name.replace("_", "-")
        self.label = capfirst(kind.model._meta.verbose_name_plural)
        self.fields = [f for f in self.section.fields if f.kind != NESTED and f.key != "status"]
        self.columns = [f.key for f in self.fields]
        if self.section is RESPONSIBILITIES:
            self.columns.append("group")
        if self.section.fact:
            self.columns.append("source")
        if self.section.sources:
            self.columns.append("sources")
        if kind.page:
            self.columns.append("site_url")

    def rows(self, state, site):
        """Each public row as {column: text}, in a stable order."""
        sources = {}
        if self.section.sources:
            articles = state.slug_of("article")
            for entry, article in state.sources[self.section.name]:
                sources.setdefault(entry, []).append(articles[article])
        if self.kind.page:
            # One reverse() per table, not per row: slugs need no quoting.
            path = reverse(f"{self.kind.namespace}:detail", args=[SLUG])
            before, after = (site + path).split(SLUG)
        rows = []
        for row in sorted(state.rows[self.section.name].values(), key=lambda row: row.pk):
            cells = {f.key: self._cell(state, f, row) for f in self.fields}
            if self.section is RESPONSIBILITIES:
                cells["group"] = row.values["_group"]
            if self.section.fact:
                cells["source"] = row.values["_source"]
            if self.section.sources:
                cells["sources"] = ";".join(sorted(sources.get(row.pk, ())))
            if self.kind.page:
                cells["site_url"] = before + row.values["slug"] + after
            rows.append(cells)
        return rows

    def _cell(self, state, field, row):
        if field.kind == TAGS:
            ct = state.content_types[self.section.model].pk
            return ";".join(sorted(state.tag_names[t] for t in state.tagged[ct].get(row.pk, ())))
        value = row.values.get(field.key)
        if field.kind == REFS:
            return ";".join(sorted(value))
        if field.kind == REF or value is None:
            return value or ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)


TABLES = {table.slug: table for table in (Table(kind) for kind in all_kinds())}


def neutralised(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class PublicTable(Scope):
    """The public rows of one table, a chunk at a time, linking only public rows."""

    def __init__(self, section):
        super().__init__()
        self.section = section
        self.chunk = None

    def rows(self, section):
        return self.chunk if section is self.section else None

    def linkable(self, section):
        return section.model.objects.public()

    def describing(self):
        return BY_NAME["article"].model.objects.public()


ROWS_PER_CHUNK = 5000


def chunks(table):
    """States of the table's public rows, ROWS_PER_CHUNK at a time, in the order they were added."""
    scope = PublicTable(table.section)
    public = table.section.model.objects.public()
    for after, end in key_ranges(public, ROWS_PER_CHUNK):
        scope.chunk = public.filter(pk__gt=after, pk__lte=end)
        yield State(scope)


def write_table(table, site, folder, dialect):
    """
    The table in every dialect into `folder` (`<dialect>-<table>.csv`), with
    a byte order mark so that Excel reads UTF-8, from one read of its rows;
    yields the text of `dialect` as it is written.
    """
    with contextlib.ExitStack() as files:
        writers = {}
        for name, delimiter in DIALECTS.items():
            path = folder / f"{name}-{table.slug}.csv"
            file = files.enter_context(path.open("w", encoding="utf-8", newline=""))
            buffer = io.StringIO()
            writers[name] = (
                file,
                buffer,
                csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n"),
            )
            buffer.write("\ufeff")
            writers[name][2].writerow(table.columns)
        for state in itertools.chain([None], chunks(table)):
            rows = []
            if state is not None:
                rows = [
                    [neutralised(cells[c]) for c in table.columns]
                    for cells in table.rows(state, site)
                ]
            for name, (file, buffer, writer) in writers.items():
                writer.writerows(rows)
                text = buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                file.write(text)
                if name == dialect:
                    yield text
