from django.urls import path

from . import downloads, views

tag_patterns = [
    path("", views.TagListView.as_view(), name="list"),
    # Tag slugs may hold accented letters ("carrière"), which <slug:> refuses.
    path("<str:slug>/", views.TagDetailView.as_view(), name="detail"),
]
download_patterns = downloads.download_patterns
