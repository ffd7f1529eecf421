"""observatory.process_cache: a value built once and reused, rebuilt when its rows change here (at once)
or elsewhere (after its lifetime), and never kept across a transaction that changed its rows."""

import pytest
from django.db import transaction

from observatory.geography.models import District
from observatory.process_cache import ProcessCache


@pytest.fixture
def counted(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("observatory.process_cache.time.monotonic", lambda: clock[0])
    builds = []

    def build():
        builds.append(District.objects.count())
        return builds[-1]

    return ProcessCache(build, seconds=10.0, models=(District,)), builds, clock


@pytest.mark.django_db
def test_the_value_is_built_once_within_its_lifetime_and_again_after(counted):
    cache, builds, clock = counted
    assert cache.get() == cache.get() == 0
    assert len(builds) == 1
    clock[0] += 10.0
    cache.get()
    assert len(builds) == 2


@pytest.mark.django_db
def test_a_change_to_a_watched_model_in_this_process_is_seen_at_once(counted):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    cache, builds, _clock = counted
    assert cache.get() == 0
    square = MultiPolygon(Polygon(((0, 0), (0, 1), (1, 1), (1, 0), (0, 0))), srid=4326)
    district = District.objects.create(code="99", name="Prueba", geom=square)
    assert cache.get() == 1
    district.delete()
    assert cache.get() == 0


@pytest.mark.django_db
def test_other_models_leave_the_value_alone(counted, django_user_model):
    cache, builds, _clock = counted
    cache.get()
    django_user_model.objects.create(username="someone")
    cache.get()
    assert len(builds) == 1


@pytest.mark.django_db(transaction=True)
def test_a_value_rebuilt_inside_the_changing_transaction_is_dropped_at_commit(counted):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    cache, builds, _clock = counted
    square = MultiPolygon(Polygon(((0, 0), (0, 1), (1, 1), (1, 0), (0, 0))), srid=4326)
    with transaction.atomic():
        District.objects.create(code="98", name="Prueba", geom=square)
        cache.get()  # as another thread of this process could, between the change and the commit
        built_inside = len(builds)
    cache.get()
    assert len(builds) == built_inside + 1
