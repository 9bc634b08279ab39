"""
Open-data downloads: the public knowledge base as one JSON file in the
fixture format, and one CSV table per kind of entry and fact
(portal/csv_export.py), each built once per content version.

The JSON file is the fixture export (loader/exporting.py) of the public rows
only, read a batch of articles at a time (PublicExport): what each model's
public() lets through, with links to anything else left out. A draft
article has no file, and a public entry that only a draft article describes
is among the entries without a source. Each member of the file's `files`
object is one fixture file; written to a directory, `manage.py
load_articles` reads them back (tests/test_downloads.py does exactly that).

The first request after a change streams the file while it is written, so
it starts at once and memory holds one batch; every request after it reads
the file.
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
from django.db.models import Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from editorial.cache import content_version
from loader.exporting import Export
from loader.fixture_format import (
    ALL_SECTIONS,
    ARTICLE,
    LEVELS,
    PEOPLE,
    RESPONSIBILITIES,
    RESPONSIBILITY_GROUPS,
)
from loader.reading import Scope, State, key_ranges, m2m_names

from .csv_export import TABLES, write_table

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


class PublicExport(Scope):
    """
    The public rows the fixture files of some public articles need (`batch`,
    a queryset of articles), linking only public rows; with no batch, those
    of the shared files: the levels, and the public entries and people that
    no public article describes or cites.
    """

    batch = None

    def linkable(self, section):
        return section.model.objects.public()

    def describing(self):
        return ARTICLE.model.objects.public() if self.batch is None else self.batch

    def rows(self, section):
        public = section.model.objects.public()
        if section is ARTICLE:
            return self.batch
        if section is LEVELS:
            return public if self.batch is None else None
        if section is PEOPLE:
            cited = self.cited()
            return public.exclude(cited) if self.batch is None else public.filter(cited)
        if section is RESPONSIBILITIES:
            # Written inside their group, whatever the article of each.
            groups = self.rows(RESPONSIBILITY_GROUPS)
            return None if groups is None else public.filter(group__in=groups.values("pk"))
        if section.fact:
            return None if self.batch is None else public.filter(source__in=self.batch)
        if section.sources:
            through, field = section.sources
            described = through.objects.filter(article__in=self.describing()).values(f"{field}_id")
            if self.batch is None:
                return public.exclude(pk__in=described)
            return public.filter(pk__in=described)
        return None

    def cited(self):
        """People that the articles named by describing() cite: authors, speakers."""
        articles = self.describing()
        through, own, other = m2m_names(ARTICLE.by_key["authors"])
        cited = Q(pk__in=through.objects.filter(**{f"{own}__in": articles}).values(other))
        for section in ALL_SECTIONS:
            if not section.fact:
                continue
            facts = section.model.objects.public().filter(source__in=articles)
            if section is RESPONSIBILITIES:
                facts = section.model.objects.public().filter(group__source__in=articles)
            # Who a fact quotes, as the export counts it (an affiliation's
            # person is not cited by it).
            said_by = section.by_key.get("said_by")
            if said_by is not None:
                # Without the NULLs: NOT IN a list that holds one is never true.
                speakers = facts.filter(said_by__isnull=False).values(said_by.model_field.attname)
                cited |= Q(pk__in=speakers)
        return cited


ARTICLES_PER_BATCH = 1000


def json_files():
    """
    Each fixture file of the download, as (its name in `files`, its data):
    the shared files, then the public articles' a batch at a time, so that
    memory holds one batch, not the knowledge base.
    """
    scope = PublicExport()
    yield from sorted(Export(State(scope)).files.items())
    articles = ARTICLE.model.objects.public()
    for after, end in key_ranges(articles, ARTICLES_PER_BATCH):
        scope.batch = articles.filter(pk__gt=after, pk__lte=end)
        yield from sorted(Export(State(scope)).files.items())


def json_name(name):
    return f"{name.rsplit('.', 1)[0]}.json"


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


def version_folder(name):
    return Path(settings.DOWNLOADS_ROOT) / f"{content_version()}-{name}"


def download(name, filename, write, served_as, content_type):
    """
    The file `filename` of this content version's folder `name`. Every write
    to the knowledge replaces the version (editorial/cache.py), so a download
    is never stale. The first request builds the folder: `write(folder)`
    writes its files and yields the text of `filename` as it is written,
    which streams to that reader at once; every request after it streams
    the file from disk without a query.
    """
    folder = version_folder(name)
    if folder.exists():
        return FileResponse(
            (folder / filename).open("rb"),
            as_attachment=True,
            filename=served_as,
            content_type=content_type,
        )
    return StreamingHttpResponse(
        built(folder, filename, write),
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, served_as)},
    )


def built(folder, filename, write):
    """
    The bytes of `filename`, from the build of `folder` if this request
    makes it, else from the folder another request is building. The lock is
    taken when the first byte is asked for, so a response nobody reads (a
    HEAD request, a reader gone at once) holds nobody up.
    """
    lock = f"rolwijzer:downloads:building:{folder.name}"
    # One builder per version; the others wait for its folder rather than
    # each reading every table at once.
    if not cache.add(lock, 1, BUILD_SECONDS):
        for _ in range(BUILD_SECONDS * 2):
            if folder.exists():
                with (folder / filename).open("rb") as file:
                    yield from iter(lambda: file.read(64 * 1024), b"")
                return
            time.sleep(0.5)
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(dir=root, suffix=".part"))
    try:
        for text in write(part):
            yield text.encode()
        # Readers see the whole folder or none: a rename is atomic.
        os.replace(part, folder)
    finally:
        shutil.rmtree(part, ignore_errors=True)
        cache.delete(lock)
    # Older versions' folders, except the last few another process may still serve.
    older = sorted(
        (p for p in root.iterdir() if not p.name.endswith(".part")), key=lambda p: p.stat().st_mtime
    )[:-KEEP_FOLDERS]
    for old in older:
        shutil.rmtree(old, ignore_errors=True)


def write_json(folder):
    # File by file: json.dumps of one small object at a time uses the C
    # encoder (json.dump, and any indent, fall back to the pure-Python one,
    # ten times slower at this size) and never holds the whole text at once.
    def encoded(value):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    with (folder / "rolwijzer.json").open("w", encoding="utf-8") as file:

        def written(text):
            file.write(text)
            return text

        yield written("{" + "".join(f"{encoded(k)}: {encoded(v)},\n" for k, v in ABOUT.items()))
        yield written('"files": {')
        for number, (name, data) in enumerate(json_files()):
            yield written(f"{',' if number else ''}\n{encoded(json_name(name))}: {encoded(data)}")
        yield written("\n}}\n")


def knowledge_base_download(request):
    return download("json", "rolwijzer.json", write_json, "rolwijzer.json", "application/json")


def csv_download(request, kind, dialect="standard"):
    table = TABLES.get(kind)
    if table is None:
        raise Http404(f"No CSV file for {kind!r}.")
    site = f"{request.scheme}://{request.get_host()}"
    key = hashlib.sha256(site.encode()).hexdigest()[:12]
    filename = f"rolwijzer-{kind}.csv" if dialect == "standard" else f"rolwijzer-{kind}-excel.csv"
    return download(
        f"csv-{key}-{kind}-{dialect}",
        f"{dialect}-{kind}.csv",
        lambda folder: write_table(table, site, folder, dialect),
        filename,
        "text/csv; charset=utf-8",
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
