"""Django REST framework's own messages that its Vietnamese catalogue lacks.

DRF ships a Vietnamese catalogue with about twenty entries; the messages below reach API
clients as a problem's `detail` or in its `errors`, so they are listed here with DRF's exact
English text and translated in motcua/api/locale. Django merges every catalogue, so DRF's
lazy strings come out in Vietnamese. Nothing imports this module: it exists for
`makemessages`. (Throttling's "Expected available in N seconds" cannot be translated this
way, DRF formats it before the lookup: errors.py words the 429 detail itself.)
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    # rest_framework.exceptions
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
    # rest_framework.authentication (session and token)
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),
    gettext_noop("Invalid token."),
    # rest_framework.parsers
    gettext_noop("JSON parse error - %s"),
    gettext_noop("Multipart form parse error - %s"),
    # rest_framework.pagination
    gettext_noop("Invalid page."),
    gettext_noop("Invalid cursor"),
    # rest_framework.versioning
    gettext_noop("Invalid version in URL path. Does not match any version namespace."),
    # rest_framework.fields and serializers
    gettext_noop("This field may not be null."),
    gettext_noop("Not a valid string."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("String value too large."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    ),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("This field must be unique."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop("Invalid value."),
]
