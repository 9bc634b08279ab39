"""
Browser security on every kind of response: the Content-Security-Policy and
the other security headers, HSTS over HTTPS, secure cookies, Host header
validation, CSRF on the admin, and the log of failed logins.

Production behaviour is tested with the settings that settings.py computes
for DJANGO_DEBUG=0 (read in a subprocess by `production_security_settings`).
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from roles.models import Role

PASSWORD = "a-long-and-correct-horse-password"


@pytest.fixture
def production(settings, production_security_settings):
    for name, value in production_security_settings.items():
        setattr(settings, name, value)
    # The test client's own host name, as DJANGO_ALLOWED_HOSTS would list the real one.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return settings


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("redacteur", "r@example.org", PASSWORD)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, "no script-src or default-src"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in directives.get("style-src", directives["default-src"])
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    }
    assert response["X-Frame-Options"] == "DENY"


def public_urls():
    role = Role.objects.public().order_by("slug").first()
    return {
        "home": reverse("home"),
        "role list": reverse("roles:list"),
        "role page": role.get_absolute_url(),
        "not found": "/roles/bestaat-niet/",
        "healthz": reverse("healthz"),
        "api": "/api/roles/",
        "api schema": "/api/schema/",
    }


@pytest.mark.django_db
def test_security_headers_on_every_kind_of_response(knowledge, staff):
    client = Client()
    seen = {}
    for name, url in public_urls().items():
        response = client.get(url)
        assert_security_headers(response)
        seen[name] = response.status_code
    assert seen["not found"] == 404
    assert all(status == 200 for name, status in seen.items() if name != "not found")

    # The admin, logged out and logged in.
    assert_security_headers(client.get("/admin/login/"))
    client.force_login(staff)
    for url in ["/admin/", "/admin/roles/role/", "/admin/roles/role/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_security_hsts_only_over_https(production, knowledge):
    client = Client()
    over_https = client.get("/", secure=True)
    assert over_https.status_code == 200
    hsts = over_https["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts

    # Behind the TLS-terminating proxy, the proxy's header says it was HTTPS.
    proxied = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied

    # Plain HTTP is sent to HTTPS, without HSTS (browsers ignore it there).
    plain = client.get("/roles/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/roles/"
    assert "Strict-Transport-Security" not in plain


@pytest.mark.django_db
def test_security_healthz_answers_plain_http_without_the_session(
    production, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_security_cookies_secure_and_httponly_in_production(production, staff):
    client = Client(enforce_csrf_checks=True)
    login_page = client.get("/admin/login/", secure=True)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]
    assert csrf_cookie["samesite"] == "Lax"

    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "redacteur",
            "password": PASSWORD,
            "csrfmiddlewaretoken": login_page.context["csrf_token"],
        },
        secure=True,
        # Over HTTPS Django also checks that the form was posted from this site.
        headers={"Referer": "https://testserver/admin/login/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_security_language_cookie_secure_in_production(production):
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host", ["evil.example", "rolwijzer.example.evil.example", "127.0.0.1:80@x"]
)
def test_security_wrong_host_header_gets_400(production, host):
    response = Client(raise_request_exception=False).get("/", headers={"Host": host}, secure=True)
    assert response.status_code == 400


@pytest.mark.django_db
def test_security_admin_post_without_csrf_token_gets_403(staff):
    client = Client(enforce_csrf_checks=True)
    # The login form itself.
    response = client.post("/admin/login/", {"username": "redacteur", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session

    # A logged-in editor's change, as a forged cross-site form would send it.
    client.force_login(staff)
    before = Role.objects.count()
    response = client.post(
        "/admin/roles/role/add/",
        {"name": "Ingeslopen rol", "slug": "ingeslopen", "summary": "x", "status": "published"},
    )
    assert response.status_code == 403
    assert Role.objects.count() == before


@pytest.fixture
def security_log(caplog):
    # "rolwijzer.security" does not propagate to the root logger (it has its
    # own handler in LOGGING), so listen on it directly.
    logger = logging.getLogger("rolwijzer.security")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.mark.django_db
def test_security_failed_admin_login_is_logged_without_the_password(staff, security_log):
    response = Client().post(
        "/admin/login/", {"username": "redacteur", "password": "wrong-guess-123"}
    )
    assert response.status_code == 200  # the form again, with an error
    records = [r for r in security_log.records if r.name == "rolwijzer.security"]
    assert len(records) == 1
    message = records[0].getMessage()
    assert records[0].levelno == logging.WARNING
    assert "Failed login" in message and "'redacteur'" in message
    assert "127.0.0.1" in message and "/admin/login/" in message
    assert "wrong-guess-123" not in security_log.text


@pytest.mark.django_db
def test_security_failed_login_log_cannot_be_forged(staff, security_log):
    """A username with a line break must not start a fake log line."""
    forged = "nobody\nINFO Successful login for username 'redacteur'"
    Client().post("/admin/login/", {"username": forged, "password": "x"})
    messages = [r.getMessage() for r in security_log.records if r.name == "rolwijzer.security"]
    assert len(messages) == 1
    assert "\n" not in messages[0]


@pytest.mark.django_db
def test_security_successful_login_is_not_logged_as_failure(staff, security_log):
    client = Client()
    response = client.post("/admin/login/", {"username": "redacteur", "password": PASSWORD})
    assert response.status_code == 302
    assert not [r for r in security_log.records if r.name == "rolwijzer.security"]


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.browser
def test_security_site_and_admin_work_under_the_csp_in_a_browser(
    live_server, knowledge, staff, monkeypatch
):
    """Home, a role page, the admin login and index: no console errors, no CSP violations."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the database
    # work below happens before it starts or in the live server's thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    role_url = Role.objects.public().order_by("slug").first().get_absolute_url()

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    problems.append(f"console {message.type}: {message.text}")
                    if message.type in {"error", "warning"}
                    else None
                ),
            )
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on(
                "response",
                lambda response: (
                    problems.append(f"{response.status} for {response.url}")
                    if response.status >= 400
                    else None
                ),
            )

            for path in ["/", role_url, "/admin/login/"]:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path

            page.fill("#id_username", "redacteur")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(live_server.url + "/admin/")
            assert page.locator("#site-name").is_visible()
            # The admin's own scripts (theme toggle, navigation filter) ran.
            page.goto(live_server.url + "/admin/roles/role/add/")
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/search/?q=a%00b", "/roles/?tag=%00", "/compare/?roles=x&roles=%00", "/admin/a%00b/"]
)
def test_security_nul_character_in_url_gets_400(staff, url):
    """PostgreSQL cannot compare a NUL byte; it is refused before any query."""
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


# A cookie as a client sends it: Django decodes the octal escape to a NUL.
NUL_COOKIES = ['sessionid="abcdefgh\\000ijk"', 'csrftoken="a\\000b"', 'django_language="n\\000l"']


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", NUL_COOKIES)
@pytest.mark.parametrize("url", ["/", "/roles/", "/admin/login/", "/api/", "/api/schema/"])
def test_security_nul_character_in_a_cookie_gets_400(url, cookie):
    response = Client().get(url, HTTP_COOKIE=cookie)
    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER", "HTTP_USER_AGENT", "HTTP_IF_NONE_MATCH"]
)
def test_security_nul_character_in_a_header_gets_400(header):
    assert Client().get("/admin/login/", **{header: "nl\x00x"}).status_code == 400
    assert Client().post("/admin/login/", {"username": "a"}, **{header: "a\x00"}).status_code == 400
