"""Ratings and feedback pages, mounted at /danh-gia/ inside i18n_patterns."""

from django.urls import path

from motcua.ratings import views

app_name = "ratings"
urlpatterns = [
    path("phan-anh/", views.feedback_new, name="feedback_new"),
    path("phan-anh/cua-toi/", views.feedback_mine, name="feedback_mine"),
    path("can-bo/phan-anh/", views.staff_list, name="staff_list"),
    path("can-bo/phan-anh/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<dossier:key>/", views.rate, name="rate"),
]
