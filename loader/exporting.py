"""
Writing the database back as fixture files (`manage.py export_articles`), in
the format load_articles reads (fixtures/README.md), so that what editors
curate in the admin can be saved, reviewed as a diff and loaded elsewhere.

- one file per article, `<article-slug>.yaml`, with the article, the entries
  it is a source of, the people it cites, and its facts;
- `_niveaus.yaml` with the levels;
- `_zonder-bron.yaml` with entries that no article is a source of, and
  people no article cites.

Output is stable: sections in the README's order, keys in the README's
order, entries sorted by slug (facts without a slug by the slugs they link),
so that exporting an unchanged database gives identical files.
"""

import os
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from loader.fixture_format import (
    ARTICLE,
    ENTRY_SECTIONS,
    FACT_SECTIONS,
    FILE_SECTIONS,
    LEVELS,
    NESTED,
    PEOPLE,
    REFS,
    RESPONSIBILITIES,
    RESPONSIBILITY_GROUPS,
    TAGS,
)
from loader.reading import State
from loader.yaml_safe import EXTENSIONS

LEVELS_FILE = "_niveaus.yaml"
UNSOURCED_FILE = "_zonder-bron.yaml"


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the fixtures are written by hand."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


class _Inline(list):
    """A list of slugs or tags, written on one line: [a, b]."""


WIDTH = 88


def _represent_str(dumper, value):
    # Multi-line text as a literal block, long text folded over lines (as the
    # fixtures are written by hand). PyYAML itself falls back to a quoted
    # string when a block cannot hold the text exactly.
    style = None
    if any(ch in value for ch in "\x85\u2028\u2029"):
        # PyYAML writes these unescaped outside double quotes, and then reads
        # them back as line breaks.
        style = '"'
    elif "\n" in value:
        style = "|"
    elif len(value) > WIDTH - 20:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_inline(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Inline, _represent_inline)


def dump(data):
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )


class Export:
    """The files an export writes, as {file name: data}, and its warnings."""

    def __init__(self, state):
        self.state = state
        self.warnings = []
        self.files = {}
        self._build()

    def _rows(self, section):
        return self.state.rows[section.name].values()

    def _tags(self, section, pk):
        ct = self.state.content_types[section.model].pk
        names = [self.state.tag_names[t] for t in self.state.tagged[ct].get(pk, ())]
        return _Inline(sorted(names, key=lambda n: (n.lower(), n)))

    def _entry(self, section, row, children=()):
        """One entry or fact as the mapping a file holds."""
        data = {}
        for field in section.fields:
            value = row.values.get(field.key)
            if field.kind == REFS:
                value = _Inline(sorted(value))
            elif field.kind == TAGS:
                value = self._tags(section, row.pk)
            elif field.kind == NESTED:
                value = [self._entry(field.nested, child) for child in children]
            elif field.key == "status" and value == field.default:
                continue  # published: leave it out to keep files short
            elif section is RESPONSIBILITIES and field.key == "said_by" and value is None:
                continue  # not in the README's example; only written when set
            data[field.key] = value
        return data

    def _build(self):
        articles = {row.values["slug"]: row for row in self._rows(ARTICLE)}
        slugs = {name: self.state.slug_of(name) for name in ("article", "people", "roles")}
        per_article = defaultdict(lambda: defaultdict(list))  # article -> section -> rows
        unsourced = defaultdict(list)

        # Entries go to every article that is a source of them.
        for section in ENTRY_SECTIONS:
            if section is LEVELS or section is PEOPLE:
                continue
            sources = defaultdict(set)
            for entry, article in self.state.sources[section.name]:
                sources[entry].add(slugs["article"][article])
            for row in self._rows(section):
                if sources[row.pk]:
                    for article in sources[row.pk]:
                        per_article[article][section].append(row)
                else:
                    unsourced[section].append(row)

        # Facts go to their source; responsibilities inside their group.
        groups = {row.values["slug"]: row for row in self._rows(RESPONSIBILITY_GROUPS)}
        children = defaultdict(list)
        for row in self._rows(RESPONSIBILITIES):
            group = groups[row.values["_group"]]
            children[group.values["slug"]].append(row)
            if row.values["_source"] != group.values["_source"]:
                self.warnings.append(
                    f"responsibility '{row.values['slug']}' is sourced by "
                    f"'{row.values['_source']}' but its group '{group.values['slug']}' by "
                    f"'{group.values['_source']}'; the file format gives it its group's "
                    "source, so loading the export changes it"
                )
        for section in FACT_SECTIONS:
            for row in self._rows(section):
                per_article[row.values["_source"]][section].append(row)

        # People go to every article that names them.
        people = {row.values["slug"]: row for row in self._rows(PEOPLE)}
        cited = defaultdict(set)
        for slug, row in articles.items():
            cited[slug].update(row.values["authors"])
        for article, sections in per_article.items():
            for rows in sections.values():
                for row in rows:
                    if row.values.get("said_by"):
                        cited[article].add(row.values["said_by"])
            for row in sections.get(RESPONSIBILITY_GROUPS, ()):
                for child in children[row.values["slug"]]:
                    if child.values["said_by"]:
                        cited[article].add(child.values["said_by"])
        for article, names in cited.items():
            per_article[article][PEOPLE] = [people[slug] for slug in names]
        everyone_cited = set().union(*cited.values()) if cited else set()
        unsourced[PEOPLE] = [row for slug, row in people.items() if slug not in everyone_cited]

        for slug, row in articles.items():
            self.files[f"{slug}.yaml"] = self._file(per_article[slug], children, article=row)
        if self.state.rows[LEVELS.name]:
            self.files[LEVELS_FILE] = self._file({LEVELS: list(self._rows(LEVELS))}, children)
        if any(unsourced.values()):
            self.files[UNSOURCED_FILE] = self._file(unsourced, children)

    def _file(self, sections, children, article=None):
        data = {}
        if article is not None:
            data[ARTICLE.name] = self._entry(ARTICLE, article)
        for section in FILE_SECTIONS:
            rows = sections.get(section)
            if section is ARTICLE or not rows:
                continue
            data[section.name] = [
                self._entry(section, row, self._children(section, row, children))
                for row in sorted(rows, key=lambda r: _sort_key(section, r))
            ]
        return data

    @staticmethod
    def _children(section, row, children):
        if section is not RESPONSIBILITY_GROUPS:
            return ()
        return sorted(
            children[row.values["slug"]], key=lambda r: (r.values["order"], r.values["slug"])
        )


def _sort_key(section, row):
    if section.slugged:
        return (row.values["slug"],)
    return tuple("" if row.values[k] is None else str(row.values[k]) for k in section.key)


def _write_if_changed(path, text):
    """Write atomically, and only when the content differs; True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return True


class ExportResult:
    def __init__(self, written, unchanged, stale, warnings):
        self.written, self.unchanged, self.stale, self.warnings = (
            written,
            unchanged,
            stale,
            warnings,
        )


def export(out_dir):
    """Write the database to `out_dir` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = Export(State())
    written, unchanged = [], []
    for name, data in sorted(result.files.items()):
        (written if _write_if_changed(out / name, dump(data)) else unchanged).append(name)
    stale = sorted(
        p.name
        for p in out.iterdir()
        if p.suffix.lower() in EXTENSIONS and p.name not in result.files
    )
    return ExportResult(written, unchanged, stale, result.warnings)
