from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from articles.urls import article_patterns, organisation_patterns, person_patterns
from debates.urls import debate_patterns
from portal import search_views
from portal import views as portal_views
from portal.sitemaps import robots_txt, sitemap_index, sitemap_section
from portal.urls import download_patterns, tag_patterns
from roles.compare_views import CompareView, MatrixView
from roles.urls import (
    company_patterns,
    competency_patterns,
    level_patterns,
    responsibility_patterns,
    role_patterns,
    statement_patterns,
    team_patterns,
)

from . import views

urlpatterns = [
    path("", portal_views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's);
    # point them at the site's icon instead of logging a 404 each time.
    path("favicon.ico", views.favicon, name="favicon"),
    path("roles/", include((role_patterns, "roles"))),
    path("competencies/", include((competency_patterns, "competencies"))),
    path("responsibilities/", include((responsibility_patterns, "responsibilities"))),
    path("levels/", include((level_patterns, "levels"))),
    path("teams/", include((team_patterns, "teams"))),
    path("companies/", include((company_patterns, "companies"))),
    path("articles/", include((article_patterns, "articles"))),
    path("people/", include((person_patterns, "people"))),
    path("organisations/", include((organisation_patterns, "organisations"))),
    path("statements/", include((statement_patterns, "statements"))),
    path("debates/", include((debate_patterns, "debates"))),
    path("tags/", include((tag_patterns, "tags"))),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("search/suggest/", search_views.SuggestView.as_view(), name="search-suggest"),
    path("compare/", CompareView.as_view(), name="compare"),
    path("matrix/", MatrixView.as_view(), name="matrix"),
    # The language switch is on every page. With a CSRF token in it every
    # response would set the CSRF cookie, and no page could be cached; a
    # forged switch of the interface language harms no one.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/", include("rolwijzer.api_urls")),
    path("downloads/", include((download_patterns, "downloads"))),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", admin.site.urls),
]

# A database outage anywhere in the request becomes a 503 page, not a 500.
handler500 = "rolwijzer.middleware.server_error"
