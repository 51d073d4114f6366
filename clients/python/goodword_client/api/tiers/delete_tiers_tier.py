from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.deleted_tier_read import DeletedTierRead
from ...models.error_response import ErrorResponse
from typing import cast



def _get_kwargs(
    tier_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/tiers/{tier_id}".format(tier_id=quote(str(tier_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeletedTierRead | ErrorResponse:
    if response.status_code == 200:
        response_200 = DeletedTierRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeletedTierRead | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tier_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[DeletedTierRead | ErrorResponse]:
    """ Delete a tier; its promoters move at once to the highest remaining tier they qualify
    for (or none), each with a tier.changed event.

    Args:
        tier_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedTierRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        tier_id=tier_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    tier_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> DeletedTierRead | ErrorResponse | None:
    """ Delete a tier; its promoters move at once to the highest remaining tier they qualify
    for (or none), each with a tier.changed event.

    Args:
        tier_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedTierRead | ErrorResponse
     """


    return sync_detailed(
        tier_id=tier_id,
client=client,

    ).parsed

async def asyncio_detailed(
    tier_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[DeletedTierRead | ErrorResponse]:
    """ Delete a tier; its promoters move at once to the highest remaining tier they qualify
    for (or none), each with a tier.changed event.

    Args:
        tier_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedTierRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        tier_id=tier_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    tier_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> DeletedTierRead | ErrorResponse | None:
    """ Delete a tier; its promoters move at once to the highest remaining tier they qualify
    for (or none), each with a tier.changed event.

    Args:
        tier_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedTierRead | ErrorResponse
     """


    return (await asyncio_detailed(
        tier_id=tier_id,
client=client,

    )).parsed
