import json

import pytest

from observatory.staticfiles import StaticFilesStorage


def test_static_urls_come_from_the_manifest_and_are_remembered(tmp_path, settings):
    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "hash": "x", "paths": {"site.css": "site.5e1f.css"}})
    )
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("site.css") == "/static/site.5e1f.css"
    storage.hashed_files = {}  # a later look-up in the manifest would fail: the URL is remembered
    assert storage.url("site.css") == "/static/site.5e1f.css"
    # A file missing from the manifest is an error every time, never a remembered guess.
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("missing.css")
