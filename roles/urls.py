"""
One pattern list per kind of entry, each included under its own namespace
(roles:detail, competencies:detail, teams:detail, ...).
"""

from django.urls import path

from . import vacancy_views, views

role_patterns = [
    path("", views.RoleListView.as_view(), name="list"),
    path("<slug:slug>/", views.RoleDetailView.as_view(), name="detail"),
    path("<slug:slug>/vacature/", vacancy_views.vacancy, name="vacancy"),
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
    path("<slug:slug>/", views.TeamStructureDetailView.as_view(), name="detail"),
]
company_patterns = [
    path("", views.CompanyListView.as_view(), name="list"),
    path("<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
]
statement_patterns = [
    path("", views.StatementListView.as_view(), name="list"),
]
