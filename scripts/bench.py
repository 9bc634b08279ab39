"""
The measuring half of `make bench` (scripts/bench.sh prepares the databases
and calls this). Every figure is a ratio of two medians taken in the same
process, in interleaved rounds, so a busy machine slows both sides alike.

    bench.py pages RESULTS          page types and downloads, on DATABASE_URL
    bench.py dump PATH              the knowledge in Django's own fixture format
    bench.py load KIND PATH RESULTS time load_articles or loaddata on PATH
    bench.py report RESULTS         print the table, say which goals are met
    bench.py growth RESULTS...      per page type and download, the cost at each size

RESULTS is a JSON file; each step adds its figures to it.
"""

import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")

import django  # noqa: E402

django.setup()

import bench_search  # noqa: E402  (beside this file)
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from taggit.models import TaggedItem  # noqa: E402

from articles.models import Article, Person  # noqa: E402
from editorial.cache import bump_content_version, committed, page_key  # noqa: E402
from roles.models import Company, Competency, Level, Role, TeamStructure  # noqa: E402

# Every page type uncached at most 50x /healthz, their median at most 25x;
# from the cache at most 2.5x; load_articles at least 5x faster than loaddata.
# download_s: the largest download completes "within a few seconds", read as 3 s.
GOALS = {"uncached": 50.0, "uncached_median": 25.0, "cached": 2.5, "load": 5.0, "download_s": 3.0}
GROWTH_GOAL = 1.5
ROUNDS_UNCACHED = int(os.environ.get("BENCH_ROUNDS_UNCACHED", 15))
ROUNDS_CACHED = int(os.environ.get("BENCH_ROUNDS_CACHED", 40))


def read(path):
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else {}


def write(path, results):
    Path(path).write_text(json.dumps(results, indent=2, ensure_ascii=False))


def richest(model, relation):
    """The published entry with the most links of one kind: the longest page."""
    return (
        model.objects.public().annotate(n=Count(relation)).order_by("-n", "pk").first()
    ).get_absolute_url()


def page_urls():
    role = Role.objects.public().annotate(n=Count("role_competencies")).order_by("-n", "pk")
    first, second = role[:2]
    tag = (TaggedItem.objects.values("tag__slug").annotate(n=Count("id")).order_by("-n").first())[
        "tag__slug"
    ]
    level = Level.objects.public().first()
    return {
        "home": reverse("home"),
        "role list": reverse("roles:list"),
        "role list by level": reverse("roles:list") + f"?level={level.slug}",
        "role list by tag": reverse("roles:list") + f"?tag={tag}",
        "role detail": first.get_absolute_url(),
        "competency list": reverse("competencies:list"),
        "competency detail": richest(Competency, "role_competencies"),
        "level detail": richest(Level, "role_levels"),
        "team detail": richest(TeamStructure, "positions"),
        "company detail": richest(Company, "examples"),
        "article list": reverse("articles:list"),
        "article detail": richest(Article, "roles_statement_facts"),
        "people list": reverse("people:list"),
        "person detail": richest(Person, "roles_statement_facts"),
        "tag list": reverse("tags:list"),
        "tag detail": reverse("tags:detail", args=[tag]),
        "search": reverse("search") + "?q=community+manager",
        "compare": reverse("compare") + f"?roles={first.slug},{second.slug}",
        "matrix": reverse("matrix"),
        "statement list": reverse("statements:list"),
        "statements of a role": reverse("statements:list") + f"?role={first.slug}",
        "responsibility list": reverse("responsibilities:list"),
    }


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def get(client, url, page_cache=None):
    def request():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if page_cache and response.get("X-Page-Cache") != page_cache:
            raise SystemExit(f"{url} was not a page cache {page_cache}")

    return request


def forget(url):
    """Drop the page from the page cache: the next request renders it afresh."""
    cache.delete(page_key(RequestFactory().get(url, secure=True)))


def measure_pages():
    client = Client()
    urls = page_urls()
    trivial = get(client, reverse("healthz"))
    # The state after a change: what a commit builds for the readers (the
    # tag counts) is built; the downloads are measured on their own.
    settings.DOWNLOADS_REBUILD = False
    settings.COUNTS_IN_BACKGROUND = False  # counted before the first page
    committed()
    figures = {}
    for name, url in urls.items():
        get(client, url)()  # warm the process (templates, connection) before timing
        uncached, base_uncached = [], []
        for _ in range(ROUNDS_UNCACHED):
            base_uncached.append(timed(trivial))
            forget(url)
            uncached.append(timed(get(client, url, "miss")))
        cached, base_cached = [], []
        for _ in range(ROUNDS_CACHED):
            base_cached.append(timed(trivial))
            cached.append(timed(get(client, url, "hit")))
        figures[name] = {
            "url": url,
            "uncached_ms": statistics.median(uncached) * 1000,
            "cached_ms": statistics.median(cached) * 1000,
            "uncached_ratio": statistics.median(uncached) / statistics.median(base_uncached),
            "cached_ratio": statistics.median(cached) / statistics.median(base_cached),
        }
        print(
            f"  {name:18} uncached {figures[name]['uncached_ms']:8.2f} ms"
            f"  cached {figures[name]['cached_ms']:6.2f} ms",
            file=sys.stderr,
        )
    figures["_trivial_ms"] = statistics.median(base_uncached + base_cached) * 1000
    return figures


def measure_load(kind, path):
    from reversion.models import Revision

    revisions = Revision.objects.count()
    out = StringIO()
    if kind == "load_articles":
        seconds = timed(lambda: call_command("load_articles", path, stdout=out, verbosity=1))
    elif kind == "loaddata":
        seconds = timed(lambda: call_command("loaddata", path, stdout=out, verbosity=1))
    else:
        raise SystemExit(f"unknown load kind {kind!r}")
    last = [line for line in out.getvalue().splitlines() if line.strip()][-1:]
    return {
        "seconds": seconds,
        "summary": last[0] if last else "",
        "revisions_written": Revision.objects.count() - revisions,
    }


def dump(path):
    """
    What `dumpdata articles roles taggit` writes, for loaddata. dumpdata reads
    each many-to-many field of each row with a query of its own (half a
    million queries here); Django's serializer takes prefetched ones instead.
    """
    from django.apps import apps
    from django.core import serializers

    with open(path, "w") as out:
        out.write("[")
        first = True
        for label in ("articles", "roles", "taggit"):
            for model in apps.get_app_config(label).get_models():
                many = [
                    f.name
                    for f in model._meta.many_to_many
                    if f.remote_field.through._meta.auto_created
                ]
                rows = model._default_manager.order_by("pk").prefetch_related(*many)
                text = serializers.serialize("json", rows.iterator(chunk_size=2000))
                if text != "[]":
                    out.write(("" if first else ",") + text[1:-1])
                    first = False
        out.write("]")


def median_of(values):
    return statistics.median(values) if values else float("nan")


def verdict(ok):
    return "met" if ok else "NOT MET"


def measure_downloads():
    """
    The JSON file and the largest CSV table: the first request after a change
    (which builds them while it streams) and the next (served from the
    file); then a build again with tracemalloc on, for the peak of Python's
    memory (tracemalloc slows the build, so it is timed apart); then a build
    in a thread while this one asks for /healthz, to show a download does
    not starve other requests.
    """
    import threading
    import tracemalloc

    from portal import downloads

    # Each build is asked for here, so none is started behind the reader's back.
    settings.DOWNLOADS_REBUILD = False
    client = Client()

    def newest(name):
        """The newest folder of the download `name` (rolwijzer.json or statements.csv)."""
        while True:
            try:
                folders = Path(settings.DOWNLOADS_ROOT).glob(f"*/*{name.split('.')[0]}*")
                return max((f.parent for f in folders), key=lambda f: f.stat().st_mtime)
            except FileNotFoundError:
                # A rebuild renamed the folder it was writing while it was read.
                continue

    def fetch(url):
        start = time.perf_counter()
        blocks = iter(client.get(url, secure=True).streaming_content)
        size = len(next(blocks))
        first_byte = time.perf_counter() - start
        size += sum(len(block) for block in blocks)
        return size, first_byte, time.perf_counter() - start

    def healthz_ms(seconds=None, until=None):
        times = []
        stop = time.perf_counter() + (seconds or 3600)
        while time.perf_counter() < stop and not (until and until.is_set()):
            start = time.perf_counter()
            client.get("/healthz", secure=True)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.01)
        return times

    figures = {}
    for name, url in [
        ("rolwijzer.json", reverse("downloads:json")),
        ("statements.csv", reverse("downloads:csv", args=["statements"])),
    ]:
        bump_content_version()
        size, first_byte, first = fetch(url)
        _, next_first_byte, after = fetch(url)
        bump_content_version()
        tracemalloc.start()
        fetch(url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        quiet = healthz_ms(seconds=1)
        bump_content_version()
        done = threading.Event()

        def download(url=url, done=done):
            try:
                fetch(url)
            finally:
                done.set()

        thread = threading.Thread(target=download)
        thread.start()
        busy = healthz_ms(until=done)
        thread.join()
        # After a change, as a reader meets it when the change was made in a
        # web process: the background rebuild runs, and the reader is given
        # the previous file meanwhile.
        bump_content_version()
        rebuilding = threading.Thread(target=downloads.rebuild)
        started = time.perf_counter()
        rebuilding.start()
        while rebuilding.is_alive() and not downloads.building(
            downloads.version_folder(downloads.folder_name(newest(name)))
        ):
            time.sleep(0.005)
        _, _, meanwhile = fetch(url)
        rebuilding.join()
        rebuilt = time.perf_counter() - started
        figures[name] = {
            "mb": size / 1e6,
            "first_s": first,
            "first_byte_ms": first_byte * 1000,
            "first_peak_mb": peak / 1e6,
            "next_s": after,
            "next_first_byte_ms": next_first_byte * 1000,
            "healthz_quiet_ms": statistics.median(quiet),
            "healthz_during_ms": statistics.median(busy),
            "healthz_during_max_ms": max(busy),
            "during_rebuild_s": meanwhile,
            "rebuild_s": rebuilt,
        }
        print(f"  {name}: {figures[name]}", file=sys.stderr)
    return figures


def report(results):
    lines = []
    say = lines.append
    meta = results.get("meta", {})
    say(f"Rolwijzer benchmark, {meta.get('when', '')}")
    say(f"machine: {meta.get('machine', '')}")
    say(f"data: {meta.get('data', '')}")
    say("")
    pages = {k: v for k, v in results.get("pages", {}).items() if not k.startswith("_")}
    trivial = results.get("pages", {}).get("_trivial_ms")
    if pages:
        say(f"Pages (median per request; ratio to /healthz = {trivial:.2f} ms in the same process)")
        say(f"{'page':20}{'uncached ms':>12}{'ratio':>8}{'cached ms':>11}{'ratio':>8}")
        for name, f in pages.items():
            say(
                f"{name:20}{f['uncached_ms']:12.2f}{f['uncached_ratio']:8.2f}"
                f"{f['cached_ms']:11.2f}{f['cached_ratio']:8.2f}"
            )
        for kind in ("uncached", "cached"):
            worst = max(f[f"{kind}_ratio"] for f in pages.values())
            over = [n for n, f in pages.items() if f[f"{kind}_ratio"] > GOALS[kind]]
            say(
                f"goal {kind} <= {GOALS[kind]}x: worst {worst:.2f}x, {verdict(not over)}"
                + (f" (over: {', '.join(over)})" if over else "")
            )
        median = statistics.median(f["uncached_ratio"] for f in pages.values())
        goal = GOALS["uncached_median"]
        say(f"goal median uncached <= {goal}x: {median:.2f}x, {verdict(median <= goal)}")
        say("")
    downloads = results.get("downloads", {})
    if downloads:
        say("Downloads (the first request builds the file as it streams it; the next reads it)")
        say(
            f"{'file':16}{'MB':>6}{'first byte ms':>14}{'first s':>8}{'peak MB':>8}"
            f"{'next s':>7}{'  /healthz ms alone, during a build (max)':>42}"
        )
        for name, f in downloads.items():
            say(
                f"{name:16}{f['mb']:6.1f}{f.get('first_byte_ms', float('nan')):14.1f}"
                f"{f['first_s']:8.2f}{f['first_peak_mb']:8.1f}{f['next_s']:7.2f}"
                f"{f.get('healthz_quiet_ms', float('nan')):21.2f}"
                f"{f.get('healthz_during_ms', float('nan')):10.2f}"
                f" ({f.get('healthz_during_max_ms', float('nan')):.1f})"
            )
        for name, f in downloads.items():
            if "during_rebuild_s" in f:
                say(
                    f"{name:16}after a change: {f['during_rebuild_s']:.3f} s for the previous file "
                    f"while the background rebuild ran ({f['rebuild_s']:.2f} s)"
                )
        largest = max(downloads.values(), key=lambda f: f["mb"])
        if "during_rebuild_s" in largest:
            worst = max(largest["next_s"], largest["during_rebuild_s"])
            goal = GOALS["download_s"]
            say(
                f"goal largest download complete <= {goal:.0f} s once built on this server: "
                f"{worst:.2f} s, {verdict(worst <= goal)} (its first build here: "
                f"{largest['first_s']:.1f} s, streamed from {largest['first_byte_ms']:.0f} ms)"
            )
        say("")
    search = bench_search.report(results)
    if search:
        say(search)
    load = results.get("load", {})
    if "load_articles" in load:
        ours = load["load_articles"]
        say("Loading the same knowledge into an empty database")
        say(f"  load_articles       {ours['seconds']:9.2f} s   {ours['summary']}")
        if "load_articles_again" in load:
            again = load["load_articles_again"]
            say(f"  load_articles again {again['seconds']:9.2f} s   {again['summary']}")
        if "loaddata" in load:
            django_own = load["loaddata"]
            say(f"  loaddata (Django)   {django_own['seconds']:9.2f} s   {django_own['summary']}")
            ratio = django_own["seconds"] / ours["seconds"]
            goal = f"goal >= {GOALS['load']}x faster than loaddata"
            say(f"{goal}: {ratio:.2f}x, {verdict(ratio >= GOALS['load'])}")
        else:
            say(f"goal >= {GOALS['load']}x faster than loaddata: not measured (make bench-load)")
        if "load_articles_again" in load:
            again = load["load_articles_again"]
            unchanged = "nothing changed" in again["summary"].lower()
            unchanged = unchanged and again["revisions_written"] == 0
            say(
                f"goal second run writes nothing: {again['revisions_written']} revisions "
                f"written, {verdict(unchanged)}"
            )
        say("")
    wrk = results.get("wrk", {})
    if wrk:
        say("Throughput: gunicorn, 2 workers, production settings, wrk on loopback")
        say(f"{'path':40}{'requests':>10}{'req/s':>10}{'errors':>8}")
        for path, f in wrk.items():
            say(f"{path:40}{f['requests']:>10}{f['rps']:>10.1f}{f['errors']:>8}")
        errors = sum(f["errors"] for f in wrk.values())
        say(f"goal 0 errors: {errors}, {verdict(errors == 0)}")
    return "\n".join(lines)


def growth(paths):
    """
    How cost grows (make bench-growth): per page type the uncached median at
    each size, and the largest download's first build; goal: less than
    GROWTH_GOAL times from 10 000 to 100 000 articles (or between the two
    largest sizes measured).
    """
    runs = sorted((read(path) for path in paths), key=lambda r: r["meta"]["articles"])
    sizes = [run["meta"]["articles"] for run in runs]
    if len(runs) < 2:
        return "Growth: give the figures of at least two sizes."
    lines = []
    say = lines.append
    say(f"Growth of uncached pages, ms (median), {' / '.join(map(str, sizes))} articles")
    say(f"{'page':20}" + "".join(f"{size:>10}" for size in sizes) + f"{'growth':>9}")
    over = []
    names = [n for n in runs[-1]["pages"] if not n.startswith("_")]
    rows = [(n, [run["pages"].get(n, {}).get("uncached_ms") for run in runs]) for n in names]
    for name, key in [("rolwijzer.json", "first_s"), ("statements.csv", "first_s")]:
        rows.append((f"{name} build", [run["downloads"][name][key] * 1000 for run in runs]))
    for name, figures in rows:
        ratio = figures[-1] / figures[-2] if figures[-2] else float("inf")
        if ratio >= GROWTH_GOAL:
            over.append(name)
        cells = "".join(f"{f:10.1f}" if f is not None else f"{'-':>10}" for f in figures)
        say(f"{name:20}{cells}{ratio:8.2f}x")
    say(
        f"goal < {GROWTH_GOAL}x from {sizes[-2]} to {sizes[-1]} articles: "
        f"{verdict(not over)}" + (f" ({', '.join(over)})" if over else "")
    )
    return "\n".join(lines)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    command, *rest = argv[1:]
    if command == "pages":
        (path,) = rest
        results = read(path)
        results["pages"] = measure_pages()
        results["downloads"] = measure_downloads()
        write(path, results)
    elif command == "dump":
        (path,) = rest
        dump(path)
    elif command == "load":
        kind, fixture_path, path = rest
        results = read(path)
        key = kind if kind not in results.get("load", {}) else f"{kind}_again"
        results.setdefault("load", {})[key] = measure_load(kind, fixture_path)
        write(path, results)
    elif command == "growth":
        print(growth(rest))
    elif command == "report":
        (path,) = rest
        print(report(read(path)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
