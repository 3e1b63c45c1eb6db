"""The officers' exports page, mounted at /can-bo/xuat-file/ (motcua/urls.py)."""

from django.urls import path

from motcua.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.exports_page, name="exports"),
    path("<uuid:export_id>/tai-ve/", views.download, name="download"),
]
