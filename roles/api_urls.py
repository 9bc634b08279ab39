"""
/api/: the read-only open-data API and its OpenAPI schema at a stable
address, /api/schema/ (YAML; ?format=json for JSON).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import api

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("roles", api.RoleViewSet, basename="role")
router.register("competencies", api.CompetencyViewSet, basename="competency")
router.register("responsibilities", api.ResponsibilityViewSet, basename="responsibility")
router.register("levels", api.LevelViewSet, basename="level")
router.register("teams", api.TeamStructureViewSet, basename="team-structure")
router.register("companies", api.CompanyViewSet, basename="company")
router.register("company-examples", api.CompanyExampleViewSet, basename="company-example")
router.register("statements", api.StatementViewSet, basename="statement")
router.register("articles", api.ArticleViewSet, basename="article")
router.register("people", api.PersonViewSet, basename="person")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
    # Paths that end in a slash but match nothing, such as a malformed slug;
    # without the slash Django's redirect to the slashed URL still applies.
    re_path(r"^(?P<path>[\s\S]*/)$", api.not_found, name="not-found"),
]
