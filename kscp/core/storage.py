from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; the ES module imports of our scripts (GOV.UK
    Frontend's initAll) are rewritten to hashed names too."""

    support_js_module_import_aggregation = True
