"""
Generated hostile input against every URL pattern, header and cookie, on PostgreSQL (where a
NUL byte or an out-of-range number reaches a real database and fails loudly):
no request may end in a 500 or worse.

The URL resolver is walked, and for each pattern the converters (slug, int,
str, path, and the admin's regular expressions) get generated values: real
slugs, long and odd Unicode, NUL bytes, lone surrogates sent as the broken
UTF-8 a client can put on the wire, huge and negative numbers, and the
characters that mean something to SQL, LIKE, full-text and HTML. Every
request carries a generated query string too (page numbers, search terms,
filters of the list pages and the API). The admin patterns are fuzzed as a
logged-in superuser, so the requests reach the admin's views.
"""

import re
from collections import Counter
from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Person
from roles import models as roles

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

OPERATORS = "%_\\'\"<>*:&|!()"
ODD_TEXT = [
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    '"); DROP TABLE roles_role; --',
    "%%%",
    "___",
    "\\",
    "a & b | !c",
    "(a | b) & !",
    "<->",
    "a:*",
    "<script>alert(1)</script>",
    "\u202e\u200b\ufeff",
    "ﷺ" * 50,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧑‍🤝‍🧑",
    "e\u0301\u0301\u0301",
    "İı",
    "\ud800",
    "\udfff\ud800",
    "x" * 5000,
    "é" * 3000,
]
NUMBERS = [
    "0",
    "-1",
    "-0",
    "1e9",
    "9" * 30,
    "-" + "9" * 30,
    "2147483648",
    "9223372036854775808",
    "18446744073709551616",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "",
    " 1",
    "last",
]
# Query parameters the pages and the API read, plus some they do not.
COMMON_PARAMS = ["page", "q", "tag", "level", "roles", "format", "ordering", "search", "next"]

# NUL bytes come from ODD_TEXT only: the site refuses them with a 400 before
# any view runs, so generating them everywhere would hide the views.
no_nul = st.characters(exclude_characters="\x00")
hostile_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(alphabet=no_nul, max_size=60),
    st.text(alphabet=st.sampled_from(OPERATORS), min_size=1, max_size=40),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
        min_size=200,
        max_size=3000,
    ),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=4),
    st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x1F), max_size=20),
)
numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
slugs = st.from_regex(r"[-a-zA-Z0-9_]{1,400}", fullmatch=True)


def encode(value):
    """Percent-encode as a client would put it on the wire (lone surrogates as broken UTF-8)."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="", errors="surrogatepass")


def walk(resolver, prefix=()):
    for pattern in resolver.url_patterns:
        segments = (*prefix, pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, segments)
        elif isinstance(pattern, URLPattern):
            yield segments, pattern


def all_patterns():
    return list(walk(get_resolver()))


def filter_names(pattern):
    """The filters of an API view (django-filter), so they are fuzzed by name."""
    view_class = getattr(pattern.callback, "cls", None)
    filterset = getattr(view_class, "filterset_class", None)
    return list(filterset.base_filters) if filterset else []


@st.composite
def converter_value(draw, converter, known_slugs):
    name = type(converter).__name__
    if name == "IntConverter":
        return draw(st.one_of(st.integers(min_value=0, max_value=10**40).map(str), numbers))
    if name == "SlugConverter":
        return draw(st.one_of(st.sampled_from(known_slugs), slugs, hostile_text.map(encode)))
    # str, path, uuid and anything else: hostile text, and sometimes a real slug.
    return draw(st.one_of(st.sampled_from(known_slugs), hostile_text.map(encode)))


@st.composite
def segment_text(draw, pattern, known_slugs):
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        for name, converter in pattern.converters.items():
            token = re.search(r"<(?:\w+:)?" + re.escape(name) + ">", route).group(0)
            route = route.replace(token, draw(converter_value(converter, known_slugs)), 1)
        return route
    assert isinstance(pattern, RegexPattern)
    regex = str(pattern)  # a RegexPattern prints as its regular expression
    if draw(st.booleans()):
        # A value the pattern accepts, so the view runs.
        generated = draw(st.from_regex(regex.replace("\\Z", "$"), fullmatch=True))
        return encode(generated).replace("%2F", "/")
    # Or the pattern's literal text with hostile values where its groups are.
    literal = re.sub(r"\(\?P<\w+>[^)]*\)", lambda m: draw(hostile_text.map(encode)), regex)
    return literal.strip("^$").replace("\\", "")


@st.composite
def query_string(draw, names):
    pairs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(names), hostile_text),
                st.one_of(hostile_text, numbers, st.binary(max_size=40)),
            ),
            max_size=4,
        )
    )
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)


class Fuzzer:
    def __init__(self, anonymous, staff):
        self.anonymous = anonymous
        self.staff = staff
        self.requests = 0
        self.statuses = Counter()
        self.failures = []

    def get(self, url, admin, post=False, **extra):
        client = self.staff if admin else self.anonymous
        if post:
            response = client.post(url, {"username": "x", "password": "y"}, **extra)
        else:
            response = client.get(url, **extra)
        self.requests += 1
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            exc = response.exc_info[1] if getattr(response, "exc_info", None) else None
            error = f"{type(exc).__name__}: {str(exc)[:120]}" if exc else ""
            sent = f" {'POST' if post else 'GET'} {extra!r:.300}" if extra else ""
            self.failures.append(f"{response.status_code} {url[:200]!r}{sent} {error}")
        return response


@pytest.fixture
def fuzzer(knowledge, admin_user):
    staff = Client(raise_request_exception=False)
    staff.force_login(admin_user)
    return Fuzzer(Client(raise_request_exception=False), staff)


def known_slugs():
    slugs = []
    for model in (
        roles.Role,
        roles.Competency,
        roles.Responsibility,
        roles.Level,
        roles.TeamStructure,
        roles.Company,
        Article,
        Person,
    ):
        slugs += list(model.objects.values_list("slug", flat=True)[:5])
    return slugs or ["community-manager"]


def report(fuzzer, capsys, what):
    with capsys.disabled():
        print(
            f"\n{what}: {fuzzer.requests} requests, "
            f"{len(fuzzer.failures)} answered 500 or more "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(fuzzer.statuses.items()))})"
        )
    unique = list(dict.fromkeys(fuzzer.failures))
    assert not unique, f"{len(unique)} distinct failures:\n" + "\n".join(unique[:30])


def test_fuzz_every_url_pattern_never_answers_500(fuzzer, capsys):
    patterns = all_patterns()
    slugs = known_slugs()
    admin_prefix = "admin/"

    @settings(
        max_examples=2400,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        segments, pattern = data.draw(st.sampled_from(patterns))
        path = "/" + "".join(data.draw(segment_text(s, slugs)) for s in segments)
        names = COMMON_PARAMS + filter_names(pattern)
        query = data.draw(query_string(names))
        fuzzer.get(f"{path}?{query}" if query else path, admin=path.startswith("/" + admin_prefix))

    run()
    assert len({str(s[0]) for s, _ in patterns}) > 10, "the resolver walk found too few patterns"
    report(fuzzer, capsys, "URL patterns")
    assert fuzzer.requests >= 2400


def test_fuzz_search_compare_and_lists_never_answer_500(fuzzer, capsys):
    """The pages that read the query string most: search, compare, list filters and paging."""
    lists = [
        "/roles/",
        "/competencies/",
        "/responsibilities/",
        "/levels/",
        "/teams/",
        "/companies/",
        "/articles/",
        "/people/",
        "/tags/",
        "/api/roles/",
        "/api/statements/",
    ]
    slugs = known_slugs()
    targets = st.one_of(
        st.builds(lambda q: f"/search/?q={encode(q)}", st.one_of(hostile_text, numbers)),
        st.builds(
            lambda values: "/compare/?" + "&".join(f"roles={encode(v)}" for v in values),
            st.lists(st.one_of(st.sampled_from(slugs), hostile_text, numbers), max_size=12),
        ),
        st.builds(
            lambda page, params: f"{page}?{params}",
            st.sampled_from(lists),
            query_string(["page", "tag", "level", "q", "status", "tags", "kind"]),
        ),
        st.builds(lambda n: f"/roles/?page={n}", numbers),
        st.builds(lambda q, n: f"/search/?q={encode(q)}&page={n}", hostile_text, numbers),
    )

    @settings(
        max_examples=1000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(url=targets)
    def run(url):
        fuzzer.get(url, admin=False)

    run()
    report(fuzzer, capsys, "Search, compare, lists")
    assert fuzzer.requests >= 1000


# Headers and cookies: what a client puts on the wire is bytes, which WSGI
# hands over as text read as Latin-1; a client may send any bytes at all.
HEADERS = [
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_REFERER",
    "HTTP_ORIGIN",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_REQUESTED_WITH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_NONE_MATCH",
    "HTTP_RANGE",
    "HTTP_AUTHORIZATION",
    "HTTP_X_CSRFTOKEN",
    "CONTENT_TYPE",
]
COOKIE_NAMES = ["sessionid", "csrftoken", "django_language", "messages", "x"]
HEADER_PAGES = [
    "/",
    "/roles/",
    "/roles/community-manager/",
    "/search/?q=community",
    "/compare/?roles=community-manager",
    "/downloads/roles.csv",
    "/sitemap.xml",
    "/healthz",
    "/i18n/setlang/",
    "/admin/",
    "/admin/login/",
    "/api/",
    "/api/roles/",
    "/api/schema/",
]


def on_the_wire(value):
    """Text as the bytes a client sends (UTF-8, lone surrogates as they are), read as Latin-1."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


wire_text = st.one_of(hostile_text, st.binary(max_size=60)).map(on_the_wire)
cookie_value = st.one_of(
    wire_text.map(lambda v: v.replace(";", "")),
    # Quoted, with the octal escapes Django decodes ("\000" is a NUL).
    st.lists(st.sampled_from(["a", "\\000", "\\377", "\\012", '\\"', "\\\\"]), max_size=8).map(
        lambda parts: '"' + "".join(parts) + '"'
    ),
)


def test_fuzz_headers_and_cookies_never_answer_500(fuzzer, capsys):
    @settings(
        max_examples=600,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        url=st.sampled_from(HEADER_PAGES),
        post=st.booleans(),
        headers=st.dictionaries(st.sampled_from(HEADERS), wire_text, max_size=4),
        cookies=st.lists(
            st.tuples(st.one_of(st.sampled_from(COOKIE_NAMES), wire_text), cookie_value),
            max_size=3,
        ),
    )
    def run(url, post, headers, cookies):
        cookie = "; ".join(f"{name}={value}" for name, value in cookies)
        extra = {**headers, **({"HTTP_COOKIE": cookie} if cookies else {})}
        fuzzer.get(url, admin=False, post=post, **extra)

    run()
    report(fuzzer, capsys, "Headers and cookies")
    assert fuzzer.requests >= 600
