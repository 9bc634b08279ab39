"""/api/: every kind's viewset (roles/api_kinds.py), those written by hand first."""

from debates.api import DebateViewSet
from roles import api
from roles.api_kinds import api_router
from roles.api_urls import api_patterns

app_name = "api"

router = api_router([*api.VIEWSETS, DebateViewSet])

urlpatterns = api_patterns(router)
