from tests.reports_intake.conftest import _fresh_key_cache, media_root  # noqa: F401 - autouse fixtures
from tests.reports_intake.test_report_page import intake  # noqa: F401 - the report page fixture
