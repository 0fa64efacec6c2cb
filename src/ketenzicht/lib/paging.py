"""Pages of an API list: `page` and `size`, bounded, the same for every list.

The Dutch API Design Rules' linter requires query parameters in lower camelCase; the contract's
keys are snake_case (docs/api.md). `size` is both, so it is the documented name; `pageSize` (v1's
first name, and the issue's) and `page_size` stay understood. Every list states its default and
maximum in the OpenAPI document and refuses a size outside 1..maximum with a problem naming the
parameter as the client sent it, so nobody silently gets fewer rows than asked.

Lists that answered with a page object (`count`, `next`, `previous`, `results`) keep that shape;
lists that answered with a plain array keep it too (v1 clients read them as arrays) and carry the
total in `X-Total-Count` and the neighbouring pages in `Link` (RFC 8288).
"""
from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .forms_bridge import InvalidInput
from .keyset import COUNT_LIMIT

SIZE_NAMES = ("size", "pageSize", "page_size")  # the documented name first


def parameters(default, maximum, cursor=False):
    """The OpenAPI query parameters of a list: `page`, and `size` with its default and maximum;
    `cursor` for the lists read by their keys (lib/keyset.py)."""
    found = [
        OpenApiParameter("page", {"type": "integer", "minimum": 1, "default": 1}, description=_("Paginanummer")),
        OpenApiParameter("size", {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
                         description=_("Aantal per pagina, ten hoogste %(maximum)s") % {"maximum": maximum}),
    ]
    if cursor:
        found[0].description = _("Paginanummer; de eerste %(limit)s rijen zijn zo bereikbaar, daarna volgt u "
                                 "de link naar de volgende pagina") % {"limit": COUNT_LIMIT}
        found.append(OpenApiParameter("cursor", str, description=_(
            "Waar de pagina begint: neem de link naar de volgende of vorige pagina over zoals de lijst die gaf")))
    return found


# Documented on every array list by the schema hook (api/schema.py).
ARRAY_HEADERS = {
    "X-Total-Count": {"description": "Het totale aantal over alle pagina's (ten hoogste 10000; zie "
                                     "X-Total-Count-Exact)", "schema": {"type": "integer"}},
    "X-Total-Count-Exact": {"description": "false als de lijst meer rijen heeft dan X-Total-Count zegt",
                            "schema": {"type": "boolean"}},
    "Link": {"description": "De volgende en vorige pagina (RFC 8288)", "schema": {"type": "string"}},
}


def size(request, default, maximum):
    """The page size the client asked for, under any of its names; refused outside 1..maximum."""
    name = next((n for n in SIZE_NAMES if n in request.query_params), SIZE_NAMES[0])
    try:
        value = int(request.query_params.get(name, default))
        if not 1 <= value <= maximum:
            raise ValueError
    except ValueError:
        raise InvalidInput({name: [_("Geef een geheel getal van 1 tot en met %(maximum)s.") % {"maximum": maximum}]}
                           ) from None
    return value


def number(request):
    try:
        value = int(request.query_params.get("page", 1))
        if value < 1:
            raise ValueError
    except ValueError:
        raise InvalidInput({"page": [_("Geef een paginanummer van 1 of hoger.")]}) from None
    return value


def page_of(request, items, default, maximum):
    """One page of `items` (a queryset or a list) as the request asks; 404 past the last page."""
    per_page, page_number = size(request, default, maximum), number(request)
    try:
        return Paginator(items, per_page).page(page_number)
    except InvalidPage:
        raise NotFound(_("Deze pagina bestaat niet.")) from None


def link(request, page_number):
    query = request.query_params.copy()
    query["page"] = page_number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def neighbours(request, page):
    """The URLs of the next and previous page, or None."""
    return (link(request, page.next_page_number()) if page.has_next() else None,
            link(request, page.previous_page_number()) if page.has_previous() else None)


def as_array(request, page, data):
    """A page of a list answered as an array, with the total and the neighbouring pages in headers."""
    following, preceding = neighbours(request, page)
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (preceding, "prev")) if url]
    headers = {"X-Total-Count": str(page.paginator.count), "X-Total-Count-Exact": "true"}
    if links:
        headers["Link"] = ", ".join(links)
    return Response(data, headers=headers)


def as_object(request, page, data):
    """A page of a list answered as an object: count, next, previous and the results."""
    following, preceding = neighbours(request, page)
    return Response({"count": page.paginator.count, "next": following, "previous": preceding, "results": data})


def page_offset(request, per_page):
    """The rows before page `page` of v1's numbered pages, reachable as far as COUNT_LIMIT rows."""
    found = (number(request) - 1) * per_page
    if found + per_page > COUNT_LIMIT:
        raise InvalidInput({"page": [_("Met paginanummers zijn de eerste %(limit)s rijen bereikbaar; volg daarna de "
                                       "link naar de volgende pagina.") % {"limit": COUNT_LIMIT}]})
    return found


def position(request, default, maximum):
    """(size, cursor, offset) of a list read by its keys: after the `cursor` the client got from a
    previous page, or page `page` of v1's numbered pages. Each parameter sent is checked, even one
    the other makes moot (a `page` beside a `cursor`)."""
    per_page, cursor = size(request, default, maximum), request.query_params.get("cursor")
    offset = page_offset(request, per_page)
    return per_page, cursor, 0 if cursor else offset


def read_window(request, read, default, maximum):
    """One page of a list read by its keys, `read(size, cursor=…, offset=…)` giving the Window: after
    the `cursor` the client got from a previous page, or page `page` of v1's numbered pages as far as
    COUNT_LIMIT rows; 404 past the end."""
    per_page, cursor, offset = position(request, default, maximum)
    window = read(per_page, cursor=cursor, offset=offset)
    if offset and not window.rows:
        raise NotFound(_("Deze pagina bestaat niet."))
    return window


def window_of(request, items, keyset, default, maximum):
    """`read_window` of one queryset in `keyset`'s order (lib/keyset.py)."""
    return read_window(request, lambda size, **at: keyset.window(items, size, **at), default, maximum)


def cursor_link(request, cursor):
    """The URL of the list at a cursor, with the request's other parameters (not its page number)."""
    if cursor is None:
        return None
    query = request.query_params.copy()
    query.pop("page", None)
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def window_as_object(request, window, data):
    """A window answered as an object: count (bounded), whether it is exact, next, previous, results."""
    return Response({"count": window.count, "count_is_exact": window.count_is_exact,
                     "next": cursor_link(request, window.next_cursor),
                     "previous": cursor_link(request, window.previous_cursor), "results": data})


def window_as_array(request, window, data):
    """A window answered as an array, its count and neighbours in headers (as `as_array`)."""
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((cursor_link(request, window.next_cursor), "next"),
                                                       (cursor_link(request, window.previous_cursor), "prev")) if url]
    headers = {"X-Total-Count": str(window.count), "X-Total-Count-Exact": str(window.count_is_exact).lower()}
    if links:
        headers["Link"] = ", ".join(links)
    return Response(data, headers=headers)


def page_window(request, items, keyset, per_page):
    """One page of a list on a page (HTML), after its `cursor`; a forged cursor is a 400 page."""
    try:
        return keyset.window(items, per_page, cursor=request.GET.get("cursor") or None)
    except InvalidInput as error:
        raise BadRequest(_("Deze cursor hoort niet bij deze lijst.")) from error
