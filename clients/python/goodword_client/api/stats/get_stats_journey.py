from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.journey_read import JourneyRead
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_start: str | Unset = UNSET
    if not isinstance(start, Unset):
        json_start = start.isoformat()
    params["start"] = json_start

    json_end: str | Unset = UNSET
    if not isinstance(end, Unset):
        json_end = end.isoformat()
    params["end"] = json_end


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/stats/journey",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | JourneyRead:
    if response.status_code == 200:
        response_200 = JourneyRead.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | JourneyRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,

) -> Response[ErrorResponse | JourneyRead]:
    """ Clicks, shares, signups and advocates between start and end (at most 366 days).

    Args:
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JourneyRead]
     """


    kwargs = _get_kwargs(
        start=start,
end=end,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,

) -> ErrorResponse | JourneyRead | None:
    """ Clicks, shares, signups and advocates between start and end (at most 366 days).

    Args:
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JourneyRead
     """


    return sync_detailed(
        client=client,
start=start,
end=end,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,

) -> Response[ErrorResponse | JourneyRead]:
    """ Clicks, shares, signups and advocates between start and end (at most 366 days).

    Args:
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | JourneyRead]
     """


    kwargs = _get_kwargs(
        start=start,
end=end,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,

) -> ErrorResponse | JourneyRead | None:
    """ Clicks, shares, signups and advocates between start and end (at most 366 days).

    Args:
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | JourneyRead
     """


    return (await asyncio_detailed(
        client=client,
start=start,
end=end,

    )).parsed
