"""
The fixture format of fixtures/README.md: which sections a file may hold,
which keys each takes, and the limits of a file.

Each section names its model and its keys in the README's order. The models
say the rest (loader/sections.py): the kind of value a key holds, its
default, length and choices, the section a reference points into, and what
identifies a fact. Stated here is only what the models cannot say: a key
named differently from its field, the words for what a check constraint
refuses, and the rules of the format itself; loader/sections.py states the
one default that differs from the models' (status: published).

Checking a file yields `Item`s (one per entry or fact, with its values
normalised and defaults filled in) and `Problem`s (file, entry, reason), so
that every mistake in every file can be reported at once before anything is
written.
"""

from editorial.kinds import all_kinds
from loader import yaml_safe

# comparable, FixtureError, find_files and the kinds are also imported from
# here, with the sections, by the loader, the exporter and the downloads.
from loader.checking import check_entry, comparable, location, suggestion, type_name  # noqa: F401
from loader.problems import FixtureError, Problem  # noqa: F401
from loader.sections import NESTED, REF, REFS, TAGS, Section, connect, write_order  # noqa: F401
from loader.yaml_safe import find_files  # noqa: F401

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
# A YAML file of 10 MB can describe millions of tiny nodes, and every node
# costs PyYAML a few hundred bytes: without a cap a small file could take
# gigabytes of memory. The real article files hold a few thousand nodes.
MAX_NODES = 500_000
MAX_DEPTH = 50


def parse_text(text, suffix):
    """The data in fixture text; raises ValueError with a readable reason."""
    return yaml_safe.parse_text(text, suffix, max_nodes=MAX_NODES, max_depth=MAX_DEPTH)


def read_file(path, max_size):
    """The parsed content of one fixture file; raises ValueError with the reason."""
    return yaml_safe.read_file(path, max_size, max_nodes=MAX_NODES, max_depth=MAX_DEPTH)


# The sections: one per declared kind (editorial/kinds.py), in the order of
# declaration, which is the order of a file.

SECTIONS_BY_MODEL = {
    kind.model: Section(
        kind.fixture.name,
        kind.model,
        kind.fixture.keys,
        attrs=kind.fixture.attrs,
        constraint_messages=kind.fixture.constraint_messages,
        rules=kind.fixture.rules,
        label="articles" if kind.fixture.name == "article" else None,
    )
    for kind in all_kinds()
}
BY_NAME = {section.name: section for section in SECTIONS_BY_MODEL.values()}
# The sections that stand in a file; the others are written inside one.
FILE_SECTIONS = [SECTIONS_BY_MODEL[kind.model] for kind in all_kinds() if kind.fixture.in_file]
SECTIONS = {s.name: s for s in FILE_SECTIONS}
# The loader and exporter treat these apart: the file's own article and the
# people it names, the levels (in a shared file only) and the
# responsibilities (inside their group).
ARTICLE = BY_NAME["article"]
PEOPLE = BY_NAME["people"]
LEVELS = BY_NAME["levels"]
RESPONSIBILITIES = BY_NAME["responsibilities"]
RESPONSIBILITY_GROUPS = BY_NAME["responsibility_groups"]
ENTRY_SECTIONS = [s for s in FILE_SECTIONS if not s.fact and s is not ARTICLE]
FACT_SECTIONS = [s for s in FILE_SECTIONS if s.fact]
# Every kind of row the loader writes, in an order where what a row refers to
# comes before it.
ALL_SECTIONS = write_order(list(SECTIONS_BY_MODEL.values()))
connect(ALL_SECTIONS)
# How a problem names one entry of a section (editorial/kinds.py).
SINGULAR = {kind.fixture.name: kind.fixture.singular for kind in all_kinds()}


# Checking a file.


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
            Problem(file, "", f"the file must hold a mapping of sections, not {type_name(data)}")
        ]
    for name in data:
        if name not in SECTIONS:
            problems.append(
                Problem(file, "", f"unknown section {name!r}" + suggestion(name, SECTIONS))
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
                Problem(file, section.name, f"must be a list of entries, not {type_name(entries)}")
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
            where = location(section.name, index, raw, section)
            item, found, nested = check_entry(section, raw, file, where, article_slug)
            problems.extend(found)
            if item:
                doc.items.append(item)
                doc.items.extend(nested)
    return doc, problems
