"""Public portal pages. Mounted at the site root inside i18n_patterns (vi at /, en at /en/)."""

from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("tra-cuu/", views.lookup, name="lookup"),
    path("cong-khai/", views.transparency_list, name="transparency"),
    path("cong-khai/<code:code>/", views.transparency_agency, name="transparency_agency"),
]
