import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
# The app server never creates an SQLite database (cms/settings/base.py): a missing file is a 503.
os.environ.setdefault("SQLITE_MUST_EXIST", "true")

application = get_wsgi_application()
