"""REST API v1 endpoints of this component; wired in motcua/api/v1.py."""

urlpatterns: list = []
