"""
One pattern list per kind of entry, each included under its own namespace
(roles:detail, competencies:detail, teams:detail, ...).
"""

from django.urls import path, reverse
from django.views.generic import RedirectView

from . import profile_views, team_advisor, vacancy_views, views


class MovedRole(RedirectView):
    """
    The old address of an entry that turned out not to be a role of its
    own: a permanent redirect to where its knowledge now lives.
    """

    permanent = True
    to = ("", "", "")  # (URL name, slug, fragment)

    def get_redirect_url(self, *args, **kwargs):
        name, slug, fragment = self.to
        return f"{reverse(name, args=[slug])}#{fragment}"


# Old role slug -> where the knowledge is now. The community coach is Guido
# Pater's title for the community manager; the social media guru is an
# anti-profile JDC warns against, a statement of his article.
MOVED_ROLES = {
    "community-coach": ("roles:detail", "community-manager", "titels"),
    "social-media-goeroe": (
        "articles:detail",
        "strategische-tips-social-media-expert-team",
        "socialemediagoeroe-is-een-anti-profiel",
    ),
}

role_patterns = [
    path("", views.RoleListView.as_view(), name="list"),
    *[path(f"{old}/", MovedRole.as_view(to=to)) for old, to in MOVED_ROLES.items()],
    path("<slug:slug>/", views.RoleDetailView.as_view(), name="detail"),
    path("<slug:slug>/vacature/", vacancy_views.vacancy, name="vacancy"),
    path(
        "<slug:slug>/profiel.docx",
        profile_views.RoleProfileDownload.as_view(),
        {"fmt": "docx"},
        name="profile-docx",
    ),
    path(
        "<slug:slug>/profiel.pdf",
        profile_views.RoleProfileDownload.as_view(),
        {"fmt": "pdf"},
        name="profile-pdf",
    ),
]
competency_patterns = [
    path("", views.CompetencyListView.as_view(), name="list"),
    path("<slug:slug>/", views.CompetencyDetailView.as_view(), name="detail"),
]
responsibility_patterns = [
    path("", views.ResponsibilityListView.as_view(), name="list"),
    path("<slug:slug>/", views.ResponsibilityDetailView.as_view(), name="detail"),
]
level_patterns = [
    path("", views.LevelListView.as_view(), name="list"),
    path("<slug:slug>/", views.LevelDetailView.as_view(), name="detail"),
]
team_patterns = [
    path("", views.TeamStructureListView.as_view(), name="list"),
    # Before <slug>: a team structure cannot be called "advies".
    path("advies/", team_advisor.TeamAdvisorView.as_view(), name="advisor"),
    path("<slug:slug>/", views.TeamStructureDetailView.as_view(), name="detail"),
]
company_patterns = [
    path("", views.CompanyListView.as_view(), name="list"),
    path("<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
]
statement_patterns = [
    path("", views.StatementListView.as_view(), name="list"),
]
