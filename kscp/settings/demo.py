"""The demo that `./scripts/demo.sh` serves: DEBUG off, so that a visitor opening another
partnership's record sees the product's own 404 page (never Django's debug page listing
every URL), with static files served by WhiteNoise straight from the source folders."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DEMO_MODE", "true")

from .base import *  # noqa: E402,F403

SECRET_KEY = SECRET_KEY or "insecure-demo-key-for-a-local-demo-only"  # noqa: F405
WHITENOISE_USE_FINDERS = True  # no collectstatic needed before the demo starts
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
STATIC_ROOT = None  # WhiteNoise serves from the finders; nothing is collected
# Mails are written to tmp/mail/, one file each, for a newcomer to read (the demo says where).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "tmp" / "mail"  # noqa: F405
