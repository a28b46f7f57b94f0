"""What a page-cache hit costs and carries: one round trip, the rendered page's headers."""

from unittest import mock

import pytest
from django.core.cache import cache

from articles import caching, page_cache
from newsroom.cache import ReusedClientRedisCacheClient
from tests.builders import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(
        title="Pasar apung dibuka lagi",
        category=make_category("Ekonomi", slug="ekonomi"),
        tags=["pasar"],
        sections=2,
    )


def cache_calls(client, url):
    """(response, names of the cache methods one GET called)."""
    calls = []
    methods = ("get", "get_many", "set", "set_many", "add")
    originals = {name: getattr(cache, name) for name in methods}
    depth = []  # local memory's get_many calls get: count the outer call only

    def spy(name):
        def call(*args, **kwargs):
            if not depth:
                calls.append(name)
            depth.append(name)
            try:
                return originals[name](*args, **kwargs)
            finally:
                depth.pop()

        return call

    with mock.patch.multiple(cache, **{name: spy(name) for name in methods}):
        response = client.get(url)
    return response, calls


def test_a_hit_in_the_same_worker_costs_one_cache_round_trip(client, story):
    """The worker's own copy is checked with one get_many of its key versions."""
    url = story.get_absolute_url()
    client.get(url)
    response, calls = cache_calls(client, url)
    assert response.status_code == 200
    assert not response.templates
    assert calls == ["get_many"]


def test_a_hit_from_another_worker_fetches_the_page_once(client, story):
    """Without its own copy a worker reads the stored page and its versions."""
    url = story.get_absolute_url()
    client.get(url)
    page_cache.local_copies.clear()
    response, calls = cache_calls(client, url)
    assert not response.templates
    assert calls == ["get_many", "get_many"]
    # ... and keeps a copy: the next hit is one round trip.
    assert cache_calls(client, url)[1] == ["get_many"]


def test_a_workers_copy_is_not_served_after_a_purge_elsewhere(client, story):
    """A purge by another process (versions bumped in the shared cache) is seen
    at once: the copy is dropped and the page rendered again."""
    url = story.get_absolute_url()
    client.get(url)
    caching._bump([f"article-{story.pk}"])  # as another worker's save does
    assert client.get(url).templates
    assert not client.get(url).templates


def test_a_copy_from_an_old_schedule_epoch_is_not_served(client, story):
    """A lost schedule record (cache restart) invalidates every copy too."""
    url = story.get_absolute_url()
    client.get(url)
    cache.delete(caching.SCHEDULE_KEY)
    assert client.get(url).templates


def test_a_hit_carries_the_headers_of_the_rendered_page(client, story):
    """CSP, frame and language headers are replayed; validators are per answer."""
    url = story.get_absolute_url()
    first = client.get(url)
    again = client.get(url)
    assert again.templates == []
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Content-Type",
        "X-Content-Type-Options",
        "ETag",
        "Cache-Control",
        "Surrogate-Key",
    ):
        assert again[name] == first[name], name
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert int(again["Content-Length"]) == len(again.content)


def test_local_copies_are_bounded(settings, client, story):
    """A worker keeps at most PAGE_CACHE_LOCAL_ENTRIES pages, dropping the oldest."""
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    urls = [story.get_absolute_url(), "/", "/ekonomi/"]
    for url in urls:
        client.get(url)
    kept = page_cache.local_copies._entries
    assert len(kept) == 2


def test_the_redis_client_is_built_once_per_pool():
    """Django makes a redis.Redis per call; ours reuses one per connection pool."""
    holder = ReusedClientRedisCacheClient(["redis://127.0.0.1:6379/15"])
    first = holder.get_client("a")
    assert holder.get_client("b", write=True) is first


def test_an_uncached_article_page_with_warm_pieces_costs_three_round_trips(
    settings, client, story
):
    """With whole pages off, the article's pieces, the menu and their versions
    are read together: the purge generation, the pieces, their versions."""
    settings.PAGE_CACHE = False
    url = story.get_absolute_url()
    client.get(url)
    response, calls = cache_calls(client, url)
    assert response.status_code == 200
    assert calls == ["get", "get_many", "get_many"]
