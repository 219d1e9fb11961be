import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
application = get_wsgi_application()

# The first booking would pay seconds for importing the PDF library and loading
# fonts: each worker pays it now, before it takes a request.
from pontive.warmup import warm_unless_disabled  # noqa: E402

warm_unless_disabled()
