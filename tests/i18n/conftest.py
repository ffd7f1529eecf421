from tests.reports_intake.conftest import _fresh_key_cache, intake, media_root  # noqa: F401 - fixtures
