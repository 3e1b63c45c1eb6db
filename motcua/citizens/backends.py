"""Sign-in by username, e-mail address or phone number, with failed attempts limited.

Used by every sign-in: the public page (/dang-nhap/), the admin's and the browsable API's.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from motcua.citizens.services import accounts, throttle


class IdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = throttle.client_address(request)
        if throttle.locked(username, address):
            return None
        user = accounts.find_user(username)
        if user is None:
            # Same work as for a known user, so timing does not tell which identifiers exist.
            User().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle.succeeded(username)
            return user
        throttle.failed(username, address)
        return None
