from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.promoter_read import PromoterRead
from ...models.promoter_update import PromoterUpdate
from typing import cast



def _get_kwargs(
    promoter_id: str,
    *,
    body: PromoterUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/promoters/{promoter_id}".format(promoter_id=quote(str(promoter_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | PromoterRead:
    if response.status_code == 200:
        response_200 = PromoterRead.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())



        return response_404

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | PromoterRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PromoterUpdate,

) -> Response[ErrorResponse | PromoterRead]:
    """ Change what the shop tells about the member: their birthday.

    Args:
        promoter_id (str):
        body (PromoterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromoterRead]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PromoterUpdate,

) -> ErrorResponse | PromoterRead | None:
    """ Change what the shop tells about the member: their birthday.

    Args:
        promoter_id (str):
        body (PromoterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromoterRead
     """


    return sync_detailed(
        promoter_id=promoter_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PromoterUpdate,

) -> Response[ErrorResponse | PromoterRead]:
    """ Change what the shop tells about the member: their birthday.

    Args:
        promoter_id (str):
        body (PromoterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromoterRead]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PromoterUpdate,

) -> ErrorResponse | PromoterRead | None:
    """ Change what the shop tells about the member: their birthday.

    Args:
        promoter_id (str):
        body (PromoterUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromoterRead
     """


    return (await asyncio_detailed(
        promoter_id=promoter_id,
client=client,
body=body,

    )).parsed
