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
the file. After a change, the downloads readers fetched before it are
rebuilt in the background (by the process that made the change, or on the
first request for the new version), and a reader who comes meanwhile gets
the previous file at once (download()).
"""

import hashlib
import json
import logging
import os
import re
import secrets
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
from django.utils.http import content_disposition_header, http_date
from django.views.generic import TemplateView

from editorial.background import AfterChange
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

logger = logging.getLogger("rolwijzer.downloads")

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


def folder_name(folder):
    """The download a version's folder holds: the name after the version."""
    return folder.name.partition("-")[2]


def download(recipe, served_as, content_type):
    """
    The file of the download `recipe` describes (its folder's name, its
    file, and what writer() needs to write it), from this content version's
    folder. Every write to the knowledge replaces the version
    (editorial/cache.py). The first request after a change builds the
    folder and streams the file as it is written; every request after it
    reads the file without a query. Where an earlier version's file is
    there, a reader gets it at once while this version is written in the
    background (rebuild()), or by another request, rather than waiting: its
    Last-Modified says when it was built.
    """
    current = version_folder(recipe["name"])
    folder = current
    if not current.exists():
        older = previous(current)
        # A change made by another process or app server started no rebuild
        # here: this request starts one.
        if older is not None and (building(current) or rebuilder.started(recipe["name"])):
            folder = older
    try:
        file = (folder / recipe["file"]).open("rb")
    except FileNotFoundError:  # not built yet, or pruned meanwhile
        return StreamingHttpResponse(
            built(current, recipe),
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, served_as)},
        )
    response = FileResponse(file, as_attachment=True, filename=served_as, content_type=content_type)
    response["Last-Modified"] = http_date(os.fstat(file.fileno()).st_mtime)
    return response


# A build refreshes its lock while it runs; a builder that died holds it
# this long at most.
LOCK_SECONDS = 30
# A half-written folder this old was left by a process that died.
ABANDONED_SECONDS = 3600
# CSV cells hold the site's address: at most this many sites' tables are
# kept (a Host header with another port is another site).
KEEP_SITES = 3


def lock_key(folder):
    # Per disk: another app server's folders are on its own.
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    disk = root / "disk-id"
    if not disk.exists():
        # Written whole, then linked: a reader never sees it half-written,
        # and of two processes the first to link wins.
        written = root / f"disk-id.{secrets.token_hex(4)}"
        written.write_text(secrets.token_hex(8))
        try:
            os.link(written, disk)
        except FileExistsError:
            pass
        finally:
            written.unlink()
    where = hashlib.sha256(f"{disk.read_text()}:{folder.name}".encode()).hexdigest()[:24]
    return f"rolwijzer:downloads:building:{where}"


def building(folder):
    return cache.get(lock_key(folder)) is not None


def modified(path):
    """When `path` was last written, or None if it is gone (pruned meanwhile)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def built_folders(root, name=None):
    """The complete folders of every download (or of `name`), each with its time."""
    found = []
    for folder in root.glob("*-*"):
        if name is not None and folder_name(folder) != name:
            continue
        when = modified(folder / RECIPE)
        if when is not None:
            found.append((when, folder))
    return sorted(found)


def previous(folder):
    """The newest complete folder of the same download, of an earlier version."""
    older = [f for _, f in built_folders(folder.parent, folder_name(folder)) if f != folder]
    return older[-1] if older else None


def built(folder, recipe):
    """
    The bytes of the recipe's file, from the build of `folder` if this request
    makes it, else from the folder another request is building. The lock is
    taken when the first byte is asked for, so a response nobody reads (a
    HEAD request, a reader gone at once) holds nobody up.
    """
    key, token = lock_key(folder), secrets.token_hex(8)
    # One builder per version; the others wait for its folder rather than
    # each reading every table at once.
    while not folder.exists() and not cache.add(key, token, LOCK_SECONDS):
        time.sleep(0.5)
    if folder.exists():
        # Built by another request, or finished since the view looked.
        release(key, token)
        with (folder / recipe["file"]).open("rb") as file:
            yield from iter(lambda: file.read(64 * 1024), b"")
        return
    yield from build(folder, recipe, key, token)


def release(key, token):
    if cache.get(key) == token:
        cache.delete(key)


def build(folder, recipe, key, token):
    """Writes `folder` under the lock `key` (held as `token`), yielding the recipe's file."""
    part = None
    try:
        part = Path(tempfile.mkdtemp(dir=folder.parent, suffix=".part"))
        refreshed = time.monotonic()
        for text in writer(recipe)(part):
            yield text.encode()
            if time.monotonic() - refreshed > LOCK_SECONDS / 3:
                # False if it expired meanwhile (a batch slower than the lock).
                if not cache.touch(key, LOCK_SECONDS):
                    cache.add(key, token, LOCK_SECONDS)
                refreshed = time.monotonic()
        # Last, so that a folder with a recipe is complete.
        (part / RECIPE).write_text(json.dumps(recipe))
        # Readers see the whole folder or none: a rename is atomic. It fails
        # only if another builder of this version finished first.
        try:
            os.replace(part, folder)
        except OSError:
            if not folder.exists():
                raise
    finally:
        if part is not None:
            shutil.rmtree(part, ignore_errors=True)
        release(key, token)
    prune(folder.parent, folder_name(folder))


def prune(root, name):
    """
    Older versions of the download `name`, except the previous one (served
    while the next is built); the tables of sites not asked for lately;
    folders of an older layout; builds that a process left half done.
    """
    # This version's folders stay whatever their times: a reader may have
    # just chosen one.
    current = content_version()
    for _, old in built_folders(root, name)[:-2]:
        if not old.name.startswith(current):
            shutil.rmtree(old, ignore_errors=True)
    sites = {}
    for when, folder in built_folders(root):
        if folder_name(folder).startswith("csv-"):
            sites[folder_name(folder).split("-")[1]] = when
    for site in sorted(sites, key=sites.get)[:-KEEP_SITES]:
        for folder in root.glob(f"*-csv-{site}-*"):
            if not folder.name.startswith(current):
                shutil.rmtree(folder, ignore_errors=True)
    # Only what this module writes: a version's folder, or mkdtemp's.
    for folder in root.glob("*"):
        if VERSION_FOLDER.match(folder.name) and modified(folder / RECIPE) is None:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.name.startswith("tmp") and folder.name.endswith(".part"):
            if time.time() - (modified(folder) or time.time()) > ABANDONED_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


# What each folder holds, written last, so that a rebuild knows how to
# write it again.
RECIPE = "recipe.json"
# A version is secrets.token_hex(8) (editorial/cache.py).
VERSION_FOLDER = re.compile(r"[0-9a-f]{16}-.")


def writer(recipe):
    """write(folder): writes the download's files, yielding the text of its main file."""
    if recipe["name"] == "json":
        return write_json
    table = TABLES[recipe["table"]]
    return lambda folder: write_table(table, recipe["site"], folder, recipe["dialect"])


def rebuild():
    """
    This content version of every download built for an earlier one, so
    that after a change readers get the new file at once (and, while it is
    written, the previous one) instead of waiting for a build. A download
    another process is building is left to it; a change made while this
    runs starts a rebuild of its own (Rebuilder, or the first reader of
    it). Returns the names whose build failed.
    """
    root = Path(settings.DOWNLOADS_ROOT)
    failed = set()
    recipes = {}
    for _, folder in built_folders(root):
        try:
            recipe = json.loads((folder / RECIPE).read_text())
        except (OSError, ValueError):
            continue  # pruned meanwhile
        if recipe["name"] == "json" or recipe.get("table") in TABLES:
            recipes[recipe["name"]] = recipe
    # The JSON file first: the largest, and the one most fetched. Each for
    # the newest version.
    for name, recipe in sorted(recipes.items(), key=lambda item: item[0] != "json"):
        folder = version_folder(name)
        key, token = lock_key(folder), secrets.token_hex(8)
        if folder.exists() or not cache.add(key, token, LOCK_SECONDS):
            continue
        try:
            for _ in build(folder, recipe, key, token):
                pass
        except Exception:
            logger.exception("Could not rebuild the download %s", name)
            failed.add(name)
    return failed


class Rebuilder:
    """
    Runs rebuild() in the background after a change (editorial.background),
    except where the last rebuild of a download failed: that reader builds
    it, and sees why.
    """

    def __init__(self):
        self.background = AfterChange(self.rebuild, "rebuild the downloads")
        self.failed = set()

    @property
    def thread(self):
        """The thread that rebuilds now, or None."""
        return self.background.thread

    def changed(self, **kwargs):
        self.started()

    def started(self, name=None):
        """
        Whether a rebuild of `name` (of every download, without one) runs in
        the background now, starting one if none does.
        """
        if not settings.DOWNLOADS_REBUILD or name in self.failed:
            return False
        self.background.start()
        return True

    def rebuild(self):
        self.failed = rebuild()


rebuilder = Rebuilder()


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
    recipe = {"name": "json", "file": "rolwijzer.json"}
    return download(recipe, "rolwijzer.json", "application/json")


def csv_download(request, kind, dialect="standard"):
    if kind not in TABLES:
        raise Http404(f"No CSV file for {kind!r}.")
    site = f"{request.scheme}://{request.get_host()}"
    key = hashlib.sha256(site.encode()).hexdigest()[:12]
    # One folder holds both dialects of the table; the recipe's file is the
    # one this reader asked for.
    recipe = {
        "name": f"csv-{key}-{kind}",
        "file": f"{dialect}-{kind}.csv",
        "table": kind,
        "site": site,
        "dialect": dialect,
    }
    filename = f"rolwijzer-{kind}.csv" if dialect == "standard" else f"rolwijzer-{kind}-excel.csv"
    return download(recipe, filename, "text/csv; charset=utf-8")


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
