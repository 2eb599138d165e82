"""pyscim.paging against a real SCIM server: every resource exactly once, page after page."""

from __future__ import annotations

import pytest

import pyscim
from pyscim.api.global_search_api import GlobalSearchApi
from pyscim.api.user_api import UserApi
from pyscim.bulk import BulkLimits, send_bulk
from pyscim.exceptions import ApiValueError
from pyscim.model.bulk_operation import BulkOperation
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_resource import UserResource
from pyscim.paging import iter_pages, paginate

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module", autouse=True)
def users(scim_server) -> None:  # type: ignore[no-untyped-def]
    config = pyscim.Configuration(host=scim_server.url)
    config.access_token = scim_server.token
    with pyscim.ApiClient(config) as client:
        ops = [
            BulkOperation(method="POST", path="/Users", bulk_id="p%d" % i,
                          data={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                "userName": "page.user%02d" % i})
            for i in range(25)
        ]
        assert send_bulk(client, ops, limits=BulkLimits()).ok


def test_paginate_a_list_operation(api_client: pyscim.ApiClient) -> None:
    found = list(paginate(UserApi(api_client).get_users, filter='userName sw "page."',
                          sort_by="userName", page_size=10))
    assert [u.user_name for u in found] == ["page.user%02d" % i for i in range(25)]
    assert all(isinstance(u, UserResource) for u in found)


def test_pages_follow_start_index_and_count(api_client: pyscim.ApiClient) -> None:
    pages = list(iter_pages(UserApi(api_client).get_users, filter='userName sw "page."',
                            sort_by="userName", page_size=10))
    assert [p.start_index for p in pages] == [1, 11, 21]
    assert [len(p.resources) for p in pages] == [10, 10, 5]
    assert {p.total_results for p in pages} == {25}


def test_paginate_a_search_operation(api_client: pyscim.ApiClient) -> None:
    request = SearchRequest(filter='userName sw "page.user1"', sort_by="userName")
    found = list(paginate(UserApi(api_client).search_user, request, page_size=4))
    assert [u.user_name for u in found] == ["page.user%02d" % i for i in range(10, 20)]
    assert request.get("start_index") is None  # the caller's request is not changed
    mixed = list(paginate(GlobalSearchApi(api_client).search_resources,
                          SearchRequest(filter='userName sw "page.user2"'), page_size=3))
    assert sorted(u.user_name for u in mixed) == ["page.user%02d" % i for i in range(20, 25)]


def test_max_pages_and_page_size_bounds(api_client: pyscim.ApiClient) -> None:
    pages = list(iter_pages(UserApi(api_client).get_users, filter='userName sw "page."',
                            page_size=2, max_pages=3))
    assert len(pages) == 3
    with pytest.raises(ApiValueError, match="page_size"):
        next(iter_pages(UserApi(api_client).get_users, page_size=0))
