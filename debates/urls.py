from django.urls import path

from . import views

debate_patterns = [
    path("", views.DebateListView.as_view(), name="list"),
    path("<slug:slug>/", views.DebateDetailView.as_view(), name="detail"),
]
