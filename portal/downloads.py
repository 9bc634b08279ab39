"""
Open-data downloads: the public knowledge base as one JSON file in the
fixture format, and one CSV table per kind of entry and fact
(portal/csv_export.py), each built once per content version.

The JSON file is the fixture export (loader/exporting.py) of the public rows
only: the loader's view of the database is reduced to what each model's
public() lets through, and links to anything else are left out. A draft
article has no file, and a public entry that only a draft article describes
is among the entries without a source. Each member of the file's `files`
object is one fixture file; written to a directory, `manage.py
load_articles` reads them back (tests/test_downloads.py does exactly that).
"""

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404
from django.urls import path
from django.views.generic import TemplateView

from editorial.cache import content_version
from loader.exporting import Export
from loader.fixture_format import ALL_SECTIONS, ARTICLE, REF, REFS
from loader.reading import State

from .csv_export import TABLES, write_tables

# How long a build may take before another request starts one of its own.
BUILD_SECONDS = 120
KEEP_FOLDERS = 6

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "note": (
        "Editorial choice: Rolwijzer's own summaries are offered under CC BY 4.0. The data "
        "are summaries in our own words of the articles named as sources; short quotes "
        "remain their authors' and the articles themselves are not included."
    ),
}


def public_state():
    """The loader's view of the database with public rows only, linking only each other."""
    state = State()
    public = {
        section.name: set(section.model.objects.public().values_list("pk", flat=True))
        for section in ALL_SECTIONS
    }
    slugs = {}
    for section in ALL_SECTIONS:
        rows = state.rows[section.name]
        state.rows[section.name] = {
            key: row for key, row in rows.items() if row.pk in public[section.name]
        }
        if section.slugged:
            slugs[section.name] = {key[0] for key in state.rows[section.name]}
            state.ids[section.name] = {
                slug: pk
                for slug, pk in state.ids[section.name].items()
                if slug in slugs[section.name]
            }
    for section in ALL_SECTIONS:
        links = [field for field in section.fields if field.kind in (REF, REFS)]
        for row in state.rows[section.name].values():
            for field in links:
                value, targets = row.values[field.key], slugs[field.target]
                if field.kind == REFS:
                    row.values[field.key] = value & targets
                elif value not in targets:
                    # Only an optional link can point at a row that is not
                    # public: public() holds a fact back with the entries it
                    # needs.
                    row.values[field.key] = None
    # Which articles describe an entry: the public ones.
    for name, described in state.sources.items():
        state.sources[name] = {
            (entry, article): pk
            for (entry, article), pk in described.items()
            if article in public[ARTICLE.name]
        }
    return state


def json_files():
    """Each fixture file of the download, as (its name in `files`, its data), by name."""
    files = Export(public_state()).files
    for name, data in sorted(files.items()):
        yield f"{name.rsplit('.', 1)[0]}.json", data


ABOUT = {
    "name": "Rolwijzer",
    "description": (
        "Role profiles for community and conversation management, with the source of "
        "every fact. Each member of `files` is one fixture file (fixtures/README.md): "
        "write each to <name>.json in an empty directory and run "
        "`manage.py load_articles <directory>`."
    ),
    "licence": LICENCE,
}


def built(name, build):
    """
    The folder `name` of the downloads of this content version, which
    `build(folder)` fills the first time it is asked for. Every write to the
    knowledge replaces the version (editorial/cache.py), so a download is
    never stale, and every request after the first streams a file from disk
    instead of reading the tables or holding the file in memory.
    """
    root = Path(settings.DOWNLOADS_ROOT)
    folder = root / f"{content_version()}-{name}"
    if folder.exists():
        return folder
    # One builder per version; the others wait for its folder rather than
    # each reading every table at once.
    lock = f"rolwijzer:downloads:building:{folder.name}"
    if not cache.add(lock, 1, BUILD_SECONDS):
        for _ in range(BUILD_SECONDS * 2):
            time.sleep(0.5)
            if folder.exists():
                return folder
    try:
        root.mkdir(parents=True, exist_ok=True)
        part = Path(tempfile.mkdtemp(dir=root, suffix=".part"))
        build(part)
        # Readers see the whole folder or none: a rename is atomic.
        os.replace(part, folder)
    finally:
        cache.delete(lock)
    # Older versions' folders, except the last few another process may still serve.
    older = sorted(
        (p for p in root.iterdir() if not p.name.endswith(".part")), key=lambda p: p.stat().st_mtime
    )[:-KEEP_FOLDERS]
    for old in older:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def _write_json(folder):
    # File by file: json.dumps of one small object at a time uses the C
    # encoder (json.dump, and any indent, fall back to the pure-Python one,
    # ten times slower at this size) and never holds the whole text at once.
    def encoded(value):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    with (folder / "rolwijzer.json").open("w", encoding="utf-8") as file:
        file.write("{")
        for key, value in ABOUT.items():
            file.write(f"{encoded(key)}: {encoded(value)},\n")
        file.write('"files": {')
        for number, (name, data) in enumerate(json_files()):
            file.write(f"{',' if number else ''}\n{encoded(name)}: {encoded(data)}")
        file.write("\n}}\n")


def knowledge_base_download(request):
    return FileResponse(
        (built("json", _write_json) / "rolwijzer.json").open("rb"),
        as_attachment=True,
        filename="rolwijzer.json",
        content_type="application/json",
    )


def csv_download(request, kind, dialect="standard"):
    if kind not in TABLES:
        raise Http404(f"No CSV file for {kind!r}.")
    # Every table at once: each reads the same public view of every table.
    site = f"{request.scheme}://{request.get_host()}"

    def write(folder):
        write_tables(public_state(), site, folder)

    key = hashlib.sha256(site.encode()).hexdigest()[:12]
    filename = f"rolwijzer-{kind}.csv" if dialect == "standard" else f"rolwijzer-{kind}-excel.csv"
    return FileResponse(
        (built(f"csv-{key}", write) / f"{dialect}-{kind}.csv").open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="text/csv; charset=utf-8",
    )


class DownloadsView(TemplateView):
    template_name = "roles/downloads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(csv_kinds=TABLES.values(), licence=LICENCE, **kwargs)


download_patterns = [
    path("", DownloadsView.as_view(), name="index"),
    path("rolwijzer.json", knowledge_base_download, name="json"),
    path("<slug:kind>.csv", csv_download, name="csv"),
    path("excel/<slug:kind>.csv", csv_download, {"dialect": "excel-nl"}, name="csv-excel"),
]
