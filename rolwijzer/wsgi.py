import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")

application = get_wsgi_application()

# The API schema in every language, generated before the first request
# (roles/api_urls.py).
from django.conf import settings  # noqa: E402

from roles.api_urls import openapi_schema  # noqa: E402

for language, _name in settings.LANGUAGES:
    openapi_schema(language)
