"""Paging through list and search results (RFC 7644 §3.4.2.4), one resource at a time.

``paginate(UserApi(c).get_users, filter=...)`` yields every matching user, asking the
server page after page with ``startIndex``/``count``. It works with every list
operation (``get_users``, ``get_groups``, ``get_fido_devices``...) and every search
operation (``search_user``, ``search_resources``...: the SearchRequest is copied per page).
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterator, Optional

from pyscim.exceptions import ApiValueError
from pyscim.model.search_request import SearchRequest

__all__ = ["paginate", "iter_pages", "DEFAULT_PAGE_SIZE"]

DEFAULT_PAGE_SIZE = 100


def iter_pages(
    method: Callable[..., Any],
    *args: Any,
    page_size: int = DEFAULT_PAGE_SIZE,
    max_pages: Optional[int] = None,
    **kwargs: Any,
) -> Iterator[Any]:
    """Yield each list response of ``method`` until the results are exhausted.

    Paging stops at the first empty page, once ``totalResults`` is reached, or after
    ``max_pages`` pages, so it ends even with a server that miscounts.
    """
    if page_size < 1:
        raise ApiValueError("page_size must be at least 1, got %r" % (page_size,))
    search = args[0] if args and isinstance(args[0], SearchRequest) else None
    start = (search.get("start_index") if search is not None else kwargs.pop("start_index", None)) or 1
    pages = 0
    while max_pages is None or pages < max_pages:
        if search is not None:
            request = copy.copy(search)
            request.start_index = start
            request.count = page_size
            page = method(request, *args[1:], **kwargs)
        else:
            page = method(*args, start_index=start, count=page_size, **kwargs)
        pages += 1
        yield page
        got = len(page.get("resources") or [])
        total = page.get("total_results")
        start += got
        if got == 0 or (total is not None and start > total):
            return


def paginate(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
    """Yield every resource of every page of ``method`` (see :func:`iter_pages`)."""
    for page in iter_pages(method, *args, **kwargs):
        yield from page.get("resources") or []
