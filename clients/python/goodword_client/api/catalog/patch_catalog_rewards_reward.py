from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.catalog_reward_read import CatalogRewardRead
from ...models.catalog_reward_update import CatalogRewardUpdate
from ...models.error_response import ErrorResponse
from typing import cast



def _get_kwargs(
    reward_id: str,
    *,
    body: CatalogRewardUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/catalog_rewards/{reward_id}".format(reward_id=quote(str(reward_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CatalogRewardRead | ErrorResponse:
    if response.status_code == 200:
        response_200 = CatalogRewardRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CatalogRewardRead | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CatalogRewardUpdate,

) -> Response[CatalogRewardRead | ErrorResponse]:
    """ Rename, reprice, limit or turn off a reward; what it pays stays as created.

    Args:
        reward_id (str):
        body (CatalogRewardUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CatalogRewardRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        reward_id=reward_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CatalogRewardUpdate,

) -> CatalogRewardRead | ErrorResponse | None:
    """ Rename, reprice, limit or turn off a reward; what it pays stays as created.

    Args:
        reward_id (str):
        body (CatalogRewardUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CatalogRewardRead | ErrorResponse
     """


    return sync_detailed(
        reward_id=reward_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CatalogRewardUpdate,

) -> Response[CatalogRewardRead | ErrorResponse]:
    """ Rename, reprice, limit or turn off a reward; what it pays stays as created.

    Args:
        reward_id (str):
        body (CatalogRewardUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CatalogRewardRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        reward_id=reward_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CatalogRewardUpdate,

) -> CatalogRewardRead | ErrorResponse | None:
    """ Rename, reprice, limit or turn off a reward; what it pays stays as created.

    Args:
        reward_id (str):
        body (CatalogRewardUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CatalogRewardRead | ErrorResponse
     """


    return (await asyncio_detailed(
        reward_id=reward_id,
client=client,
body=body,

    )).parsed
