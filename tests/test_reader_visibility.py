"""
A reader sees only published knowledge, and every fact names a published
source: on every page, in every API response and download, and in the
sitemap.

Starting from the five articles' fixtures, a role that owns tasks and an
article that is the source of statements and facts are drafted, together
with tags that only they and one of the article's statements carry. Every
row and tag that is no longer public then gets names, texts and slugs that
no public row holds (they all start with MARK); only the two drafted slugs
stay as they were, so that code which looks an entry up by its slug is
tried too. Any trace of the drafts in a response is then a plain text match.

The URLs come from the URLconf, the API router and the download kinds: a
new kind of page without a rule here for filling in its parameters makes
`test_every_reader_facing_url_is_read` fail rather than go unread.
"""

import csv
import html
import io
import json
import re
from itertools import pairwise
from types import SimpleNamespace

import django_filters
import pytest
from django.apps import apps
from django.db import models
from django.urls import URLResolver, get_resolver, resolve, reverse
from taggit.models import Tag

from articles.models import Article
from debates.models import Debate, Position
from editorial.models import Status
from editorial.tags import public_tags
from editorial.views import PublicListView
from portal.csv_export import TABLES
from portal.sitemaps import sitemaps
from roles.models import (
    AlternativeTitle,
    Company,
    Competency,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    Statement,
    StatementKind,
    TeamPosition,
    TeamStructure,
)
from roles.views import STATEMENT_FILTERS
from rolwijzer.api_urls import router

DRAFT_ROLE = "community-manager"
DRAFT_ARTICLE = "twee-carrieremogelijkheden-conversation-manager"
# A debate whose positions all come from published articles: drafting it must
# hide them too.
DRAFT_DEBATE = "maakt-het-team-zichzelf-overbodig"
MARK = "zzverborgen"
NEW_TAGS = [f"{MARK}label{owner}" for owner in ("rol", "artikel", "uitspraak")]
# A slug and a word that nothing holds, not even in part.
UNKNOWN = "qxonbekend"

# Names in the URLconf that serve no knowledge, or not by GET.
NOT_READER_FACING = {"healthz", "favicon", "set_language", "api:not-found"}

# The filters of the site's lists: the model whose slugs they take, or their
# values. The ?tag= of every list of tagged entries is found by itself.
PAGE_FILTERS = {
    "roles:list": {"level": Level, "competency": Competency},
    "responsibilities:list": {"level": Level},
    "statements:list": {
        **{parameter: model for parameter, (_r, model) in STATEMENT_FILTERS.items()},
        "kind": StatementKind.values,
    },
}
# What the slug in each API filter names.
API_FILTER_MODELS = {
    "role": Role,
    "level": Level,
    "team_structure": TeamStructure,
    "competency": Competency,
    "company": Company,
    "article": Article,
    "tag": Tag,
}
# Parameters of URL patterns that are no entry's slug.
PATTERN_VALUES = {
    "roles:vacancy": Role,
    "roles:profile-docx": Role,
    "roles:profile-pdf": Role,
    "sitemap-section": list(sitemaps),
    "tags:detail": Tag,
    "downloads:csv": list(TABLES),
    "downloads:csv-excel": list(TABLES),
}


def public_pks():
    """The public rows of every model that has public()."""
    models_ = [m for m in apps.get_models() if hasattr(getattr(m, "objects", None), "public")]
    return {model: set(model.objects.public().values_list("pk", flat=True)) for model in models_}


def disguise(model, pks, keep_slug=()):
    """Give each row's texts and slug a value of its own that starts with MARK."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and (field.max_length or 100) >= 40
    ]
    for pk in pks:
        values = {
            field.name: f"{MARK}{model._meta.model_name}{pk}{field.name.replace('_', '')}"
            for field in fields
            if not (field.name == "slug" and pk in keep_slug)
        }
        model.objects.filter(pk=pk).update(**values)


@pytest.fixture
def hidden(knowledge, uncached_pages):
    before, tags_before = public_pks(), set(public_tags().values_list("pk", flat=True))
    role = Role.objects.get(slug=DRAFT_ROLE)
    article = Article.objects.get(slug=DRAFT_ARTICLE)
    statement = article.roles_statement_facts.order_by("slug").first()
    for entry, tag in zip((role, article, statement), NEW_TAGS, strict=True):
        entry.tags.add(tag)
    carried = {tag.pk for entry in (role, article, statement) for tag in entry.tags.all()}
    names = [role.name, article.title]

    debate = Debate.objects.get(slug=DRAFT_DEBATE)
    names.append(debate.question)

    Role.objects.filter(pk=role.pk).update(status=Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    Debate.objects.filter(pk=debate.pk).update(status=Status.DRAFT)

    after = public_pks()
    rows = {model: before[model] - after[model] for model in before}
    still_public_tags = set(public_tags().values_list("pk", flat=True))
    tags = (tags_before | carried) - still_public_tags
    kept_slugs = {Role: {role.pk}, Article: {article.pk}, Debate: {debate.pk}}
    for model, pks in rows.items():
        disguise(model, pks, keep_slug=kept_slugs.get(model, ()))
    disguise(Tag, tags)
    return SimpleNamespace(
        rows=rows,
        tags=tags,
        # Tags the drafts carry that public entries carry too.
        shared_tags=list(Tag.objects.filter(pk__in=carried & still_public_tags)),
        names=names,
        slugs=[DRAFT_ROLE, DRAFT_ARTICLE, DRAFT_DEBATE],
    )


def disguised_names(hidden):
    """What the hidden rows and tags are called now, for searching them."""
    names = list(Tag.objects.filter(pk__in=hidden.tags).values_list("name", flat=True))
    for model, pks in hidden.rows.items():
        for field in ("name", "title", "text"):
            if pks and any(f.name == field for f in model._meta.concrete_fields):
                names += model.objects.filter(pk__in=pks).values_list(field, flat=True)
    return sorted(names)


def hidden_slugs(hidden, model):
    pks = hidden.tags if model is Tag else hidden.rows.get(model, ())
    return sorted(model.objects.filter(pk__in=pks).values_list("slug", flat=True))


def public_slugs(model):
    rows = public_tags() if model is Tag else model.objects.public()
    return sorted(rows.values_list("slug", flat=True))


def as_word(slug):
    return rf"(?<![\w-]){re.escape(slug)}(?![\w-])"


def traces(hidden, text):
    """What in `text` comes from a draft or from what depends on one."""
    found = set(re.findall(rf"{MARK}\w*", text))
    return found | {slug for slug in hidden.slugs if re.search(as_word(slug), text)}


def read(client, hidden, url):
    """GET `url`, which must answer 200 and show nothing of the drafts."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"].startswith(("application/pdf", "application/vnd.openxml")):
        # A role's profile as a file: its text is the role page's, read above.
        return ""
    body = response.getvalue().decode()
    assert not traces(hidden, body), f"{url} shows {sorted(traces(hidden, body))}"
    return body


def read_pages(client, hidden, url):
    """Every page of a paginated page or API list, following its next links."""
    bodies = []
    while url:
        body = read(client, hidden, url)
        bodies.append(body)
        if url.startswith("/api/"):
            url = json.loads(body).get("next") if body.startswith("{") else None
        else:
            nxt = re.search(r'<a rel="next" href="([^"]+)"', body)
            url = url.split("?")[0] + html.unescape(nxt.group(1)) if nxt else None
    return bodies


def assert_answers_as_unknown(client, template, slug):
    """`template` with a draft's slug answers exactly as with a slug that does not exist."""
    draft, unknown = client.get(template.format(slug)), client.get(template.format(UNKNOWN))
    assert draft.status_code == unknown.status_code, (template.format(slug), draft.status_code)
    assert re.sub(as_word(slug), "<slug>", draft.content.decode()) == re.sub(
        as_word(UNKNOWN), "<slug>", unknown.content.decode()
    ), template.format(slug)
    return draft


def named_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from named_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def api_names():
    names = {"api:api-root", "api:schema"}
    for _prefix, _viewset, basename in router.registry:
        names |= {f"api:{basename}-list", f"api:{basename}-detail"}
    return names


def filled(hidden, template, target):
    """`template` with each value (a list) or public slug of `target`, and with each hidden one."""
    if isinstance(target, list):
        return [template.format(value) for value in target], []
    drafts = [(template, slug) for slug in hidden_slugs(hidden, target)]
    return [template.format(slug) for slug in public_slugs(target)], drafts


def page_urls(hidden):
    """
    Every reader-facing page of the URLconf, as (urls to read, templates of
    URLs that name a draft): filled in with every public and every hidden
    slug, and each list with every filter it takes.
    """
    read_urls, gone, unhandled = [], [], []
    for name, pattern in named_patterns():
        if name.startswith("admin:") or name in NOT_READER_FACING or name in api_names():
            continue
        parameters = pattern.pattern.regex.groupindex
        view = getattr(pattern.callback, "view_class", None)
        if not parameters:
            url = reverse(name)
            read_urls.append(url)
            model = getattr(view, "model", None)
            filters = dict(PAGE_FILTERS.get(name, {}))
            if view and issubclass(view, PublicListView) and hasattr(model, "tags"):
                filters["tag"] = Tag
            for parameter, target in filters.items():
                urls, drafts = filled(hidden, f"{url}?{parameter}={{}}", target)
                read_urls, gone = read_urls + urls, gone + drafts
            continue
        target = PATTERN_VALUES.get(name) or getattr(view, "model", None)
        if target is None or len(parameters) != 1:
            unhandled.append(name)
            continue
        urls, drafts = filled(hidden, reverse(name, args=["SLUG"]).replace("SLUG", "{}"), target)
        read_urls, gone = read_urls + urls, gone + drafts
    assert not unhandled, f"say in this test how to fill in the URLs of {unhandled}"
    return read_urls, gone


def test_drafting_hides_everything_that_depends_on_the_drafts(hidden):
    hidden_kinds = {model for model, pks in hidden.rows.items() if pks}
    # (a) the role with its task groups and tasks, (b) the article with its
    # statements and facts, (c) the tags only they carry.
    assert {Role, ResponsibilityGroup, Responsibility} <= hidden_kinds
    assert {Article, Statement, RoleLevel, RoleCompetency, AlternativeTitle} <= hidden_kinds
    assert {RoleRelation, TeamPosition} <= hidden_kinds
    # (d) the debate with its positions, and the positions of the drafted article.
    assert {Debate, Position} <= hidden_kinds
    assert not Position.objects.public().filter(source__slug=DRAFT_ARTICLE).exists()
    assert not Position.objects.public().filter(debate__slug=DRAFT_DEBATE).exists()
    assert len(hidden.tags) >= len(NEW_TAGS)
    assert hidden.shared_tags, "the drafts also carry tags that public entries carry"
    # What stays public does not rest on a draft.
    assert not Statement.objects.public().filter(source__slug=DRAFT_ARTICLE).exists()
    assert not Responsibility.objects.public().filter(group__role__slug=DRAFT_ROLE).exists()
    assert Statement.objects.public().filter(roles__slug=DRAFT_ROLE).exists()


def test_every_reader_facing_url_is_read(hidden):
    read_urls, gone = page_urls(hidden)
    read_names = {resolve(url.split("?")[0]).view_name for url in read_urls}
    for name, _pattern in named_patterns():
        if not (name.startswith("admin:") or name in NOT_READER_FACING):
            assert name in read_names | api_names(), f"no URL of {name} is read"
    gone_names = {resolve(template.split("?")[0].format(slug)).view_name for template, slug in gone}
    assert {"roles:detail", "roles:vacancy", "responsibilities:detail", "articles:detail"} <= (
        gone_names
    )
    assert {"tags:detail", "statements:list", "roles:list", "debates:detail"} <= gone_names


def test_no_page_shows_or_links_a_draft(client, hidden):
    read_urls, gone = page_urls(hidden)
    for url in read_urls:
        read_pages(client, hidden, url)

    for template, slug in gone:
        response = assert_answers_as_unknown(client, template, slug)
        if "?" not in template:
            assert response.status_code == 404, template.format(slug)
    for role in Role.objects.public():
        vacancy = reverse("roles:vacancy", args=[role.slug])
        for level in Level.objects.public():
            read(client, hidden, f"{vacancy}?level={level.slug}")
        for fmt in ("txt", "md"):
            read(client, hidden, f"{vacancy}?format={fmt}")


def test_role_pages_describe_no_draft_in_their_json_ld(client, hidden):
    for role in Role.objects.public():
        body = read(client, hidden, role.get_absolute_url())
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        assert len(blocks) == 1
        assert json.loads(blocks[0])["name"] == role.name


def test_search_compare_and_matrix_know_no_draft(client, hidden):
    for name in hidden.names:
        read(client, hidden, f"/search/?q={name}")
    for name in disguised_names(hidden):
        assert_answers_as_unknown(client, "/search/?q={}", name)

    roles = public_slugs(Role)
    for first, second in pairwise(roles):
        read(client, hidden, f"/compare/?roles={first},{second}")
    response = assert_answers_as_unknown(client, f"/compare/?roles={{}},{roles[0]}", DRAFT_ROLE)
    assert response.status_code == 400
    read(client, hidden, f"/compare/?find={hidden.names[0]}&zoek=1")
    read_pages(client, hidden, "/matrix/")


def read_api(client, hidden, url):
    """Every page of an API response, in which every fact names a public article."""
    published = set(public_slugs(Article))

    def check_fact(obj):
        assert "source" not in obj or obj["source"]["slug"] in published, (url, obj)
        return obj

    return [json.loads(body, object_hook=check_fact) for body in read_pages(client, hidden, url)]


def test_api_shows_no_draft_and_every_fact_names_a_published_source(client, hidden):
    read(client, hidden, "/api/")
    read(client, hidden, "/api/schema/")
    for prefix, viewset, _basename in router.registry:
        listed = [
            item["slug"]
            for page in read_api(client, hidden, f"/api/{prefix}/")
            for item in page["results"]
        ]
        model = viewset.queryset.model
        assert sorted(listed) == public_slugs(model), prefix
        for slug in listed:
            read_api(client, hidden, f"/api/{prefix}/{slug}/")
        for slug in hidden_slugs(hidden, model):
            response = assert_answers_as_unknown(client, f"/api/{prefix}/{{}}/", slug)
            assert response.status_code == 404


def test_api_filter_naming_a_draft_answers_as_an_unknown_slug(client, hidden):
    unknown_filters, naming_a_draft = [], set()
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        for name, filter_ in (filterset.base_filters if filterset else {}).items():
            url = f"/api/{prefix}/?{name}="
            if isinstance(filter_, django_filters.ChoiceFilter):
                for value, _label in filter_.extra["choices"]:
                    read_api(client, hidden, url + value)
            elif isinstance(filter_, django_filters.BooleanFilter):
                for value in ("true", "false"):
                    read_api(client, hidden, url + value)
            elif name in API_FILTER_MODELS:
                model = API_FILTER_MODELS[name]
                shared = [tag.slug for tag in hidden.shared_tags]
                for value in shared if model is Tag else public_slugs(model):
                    read_api(client, hidden, url + value)
                for slug in hidden_slugs(hidden, model):
                    response = assert_answers_as_unknown(client, url + "{}", slug)
                    assert response.status_code == 200
                    assert response.json()["count"] == 0
                    naming_a_draft.add(name)
            else:
                unknown_filters.append(f"{prefix}?{name}")
    assert not unknown_filters, f"say in this test what these filters name: {unknown_filters}"
    assert naming_a_draft == {"role", "article", "tag"}


def test_downloads_and_sitemap_leave_out_the_drafts(client, hidden):
    index = read(client, hidden, "/sitemap.xml")
    sections = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index)
    assert sections
    for section in sections:
        read(client, hidden, html.unescape(section))
    read(client, hidden, "/robots.txt")
    read(client, hidden, "/downloads/")

    published = set(public_slugs(Article))
    data = json.loads(read(client, hidden, reverse("downloads:json")))
    article_files = {name for name in data["files"] if not name.startswith("_")}
    assert article_files == {f"{slug}.json" for slug in published}
    for kind in TABLES:
        body = read(client, hidden, reverse("downloads:csv", args=[kind]))
        rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
        assert rows, kind
        for row in rows:
            for column in ("source", "sources"):
                cited = [slug for slug in row.get(column, "").split(";") if slug]
                assert set(cited) <= published, (kind, row, column)


@pytest.mark.usefixtures("uncached_pages")
def test_a_draft_level_or_speaker_is_not_named_beside_public_facts(client, knowledge):
    # A level and a person are optional links of public rows: a task keeps
    # its place when its level is a draft, a fact when its speaker is one;
    # the draft itself is never named or linked.
    level = Level.objects.filter(responsibilities__isnull=False).first()
    task = level.responsibilities.public().first()
    fact = RoleCompetency.objects.public().exclude(said_by=None).first()
    person = fact.said_by
    for entry, name in ((level, f"{MARK}niveau"), (person, f"{MARK}persoon")):
        entry.name = name
        entry.status = Status.DRAFT
        entry.save()
    pages = [
        task.get_absolute_url(),
        task.group.role.get_absolute_url() if task.group.role else "/teams/",
        reverse("responsibilities:list"),
        task.source.get_absolute_url(),
        fact.role.get_absolute_url(),
        fact.source.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARK not in response.content.decode(), url
        assert level.get_absolute_url() not in response.content.decode(), url
    # The facts themselves are still there.
    assert task.name in client.get(task.get_absolute_url()).content.decode()
