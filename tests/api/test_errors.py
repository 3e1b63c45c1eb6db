from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from motcua.api.errors import exception_handler


def test_domain_validation_error_becomes_400_with_message():
    request = APIRequestFactory().get("/")
    response = exception_handler(ValidationError("Tổng thời gian không khớp"), {"request": request})
    assert response.status_code == 400
    assert response.data == {"detail": ["Tổng thời gian không khớp"]}


def test_field_validation_errors_keep_their_fields():
    request = APIRequestFactory().get("/")
    error = ValidationError({"code": ["Mã không hợp lệ"]})
    response = exception_handler(error, {"request": request})
    assert response.status_code == 400
    assert response.data == {"code": ["Mã không hợp lệ"]}
