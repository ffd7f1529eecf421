"""The quarterly beat task builds the quarter just ended (and in January the year) and is idempotent."""

from datetime import date

from cms.bulletins import BulletinPage
from cms.tasks import build_due_bulletins, due_periods
from observatory.stats.periods import Period


def test_due_periods_are_the_quarter_just_ended_and_in_january_the_year():
    assert due_periods(date(2026, 10, 1)) == [Period(2026, 3)]
    assert due_periods(date(2027, 1, 1)) == [Period(2026, 4), Period(2026)]


def test_running_the_task_twice_builds_one_draft(dataset, site_root, media_root):
    first = build_due_bulletins.apply(kwargs={"today": "2026-10-01"}).get()
    second = build_due_bulletins.apply(kwargs={"today": "2026-10-01"}).get()
    assert first == ["created draft bulletin 2026Q3"]
    assert second == ["bulletin 2026Q3 is up to date; nothing changed"]
    page = BulletinPage.objects.get(period="2026Q3")
    assert not page.live and page.revisions.count() == 1
