"""The static files storage of a deployment: WhiteNoise's compressed, hashed files, remembering each URL.

Every public page links the same few files, and working out a file's URL (a manifest look-up, quoting,
joining) on every `{% static %}` was about a thirtieth of a report submission's server time. The answer
only changes with a new manifest, that is a new deployment and new processes.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        url = self._urls.get(name)
        if url is None:
            # A file missing from the manifest raises here, every time, as before.
            url = self._urls[name] = super().url(name)
        return url
