"""The bulletin page as served: a draft is not public; a published one shows charts beside their data."""

import re

import pytest

from cms.actions import build_bulletin, publish_bulletin


def test_draft_is_not_public_and_published_page_shows_charts_and_tables(
    client, dataset, site_root, media_root
):
    page = build_bulletin("2026Q3").page
    assert client.get(page.url).status_code == 404
    publish_bulletin(page)
    html = client.get(page.url).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 10
    assert html.count("<caption>") >= 10
    assert "style=" not in html
    # The only scripts are the site's own files (the quick exit), none inline and none in the bulletin.
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]+)"', html))
    assert html.count("<script") == len(re.findall(r"<script src=", html))
    assert "<script" not in html[html.index("<article") : html.index("</article>")]
    assert "/open-data/2026Q3/datapackage.zip" in html


def test_publishing_refuses_figures_that_show_a_small_count(dataset, site_root, media_root):
    page = build_bulletin("2026Q3").page
    draft = page.get_latest_revision_as_object()
    draft.data["figures"]["tables"]["domain"]["periods"]["2026Q3"]["cells"]["housing"] = [1, "F"]
    draft.save_revision()
    with pytest.raises(ValueError, match="cannot be published"):
        publish_bulletin(page)
    page.refresh_from_db()
    assert not page.live


def test_publishing_refuses_figures_the_cases_no_longer_give(dataset, site_root, media_root):
    """The audit at publication recounts: a draft built before late confirmations is not what the
    releases' reader model would link, so it must be rebuilt first."""
    from observatory.casework.models import Case

    page = build_bulletin("2026Q3").page
    Case.objects.filter(labels_confirmed_at__isnull=True, report__received_at__month=8).update(
        labels_confirmed_at=page.latest_revision_created_at, confirmed_grounds=["racism"],
        confirmed_domain="housing", confirmed_incident_type="harassment",
    )  # fmt: skip
    with pytest.raises(ValueError, match="rebuild"):
        publish_bulletin(page)
    published = publish_bulletin(build_bulletin("2026Q3").page)
    assert published.live
