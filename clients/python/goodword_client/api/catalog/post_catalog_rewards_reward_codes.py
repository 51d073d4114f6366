from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.codes_upload import CodesUpload
from ...models.codes_uploaded import CodesUploaded
from ...models.error_response import ErrorResponse
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    reward_id: str,
    *,
    body: CodesUpload,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/catalog_rewards/{reward_id}/codes".format(reward_id=quote(str(reward_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CodesUploaded | ErrorResponse:
    if response.status_code == 201:
        response_201 = CodesUploaded.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())



        return response_409

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CodesUploaded | ErrorResponse]:
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
    body: CodesUpload,
    idempotency_key: str | Unset = UNSET,

) -> Response[CodesUploaded | ErrorResponse]:
    """ Upload unique codes to a code_pool reward: each is handed to one redemption.

    Args:
        reward_id (str):
        idempotency_key (str | Unset):
        body (CodesUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodesUploaded | ErrorResponse]
     """


    kwargs = _get_kwargs(
        reward_id=reward_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CodesUpload,
    idempotency_key: str | Unset = UNSET,

) -> CodesUploaded | ErrorResponse | None:
    """ Upload unique codes to a code_pool reward: each is handed to one redemption.

    Args:
        reward_id (str):
        idempotency_key (str | Unset):
        body (CodesUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodesUploaded | ErrorResponse
     """


    return sync_detailed(
        reward_id=reward_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CodesUpload,
    idempotency_key: str | Unset = UNSET,

) -> Response[CodesUploaded | ErrorResponse]:
    """ Upload unique codes to a code_pool reward: each is handed to one redemption.

    Args:
        reward_id (str):
        idempotency_key (str | Unset):
        body (CodesUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodesUploaded | ErrorResponse]
     """


    kwargs = _get_kwargs(
        reward_id=reward_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    reward_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CodesUpload,
    idempotency_key: str | Unset = UNSET,

) -> CodesUploaded | ErrorResponse | None:
    """ Upload unique codes to a code_pool reward: each is handed to one redemption.

    Args:
        reward_id (str):
        idempotency_key (str | Unset):
        body (CodesUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodesUploaded | ErrorResponse
     """


    return (await asyncio_detailed(
        reward_id=reward_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
