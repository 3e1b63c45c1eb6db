"""Version 1 of the REST API: one router for all components."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
