from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delivery_list import DeliveryList
from ...models.error_response import ErrorResponse
from ...models.redeliver_args import RedeliverArgs
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    event_id: str,
    *,
    body: RedeliverArgs | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/events/{event_id}/redeliver".format(event_id=quote(str(event_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeliveryList | ErrorResponse:
    if response.status_code == 201:
        response_201 = DeliveryList.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeliveryList | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    event_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RedeliverArgs | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryList | ErrorResponse]:
    """ Send an event again (as new deliveries, due at once).

    Args:
        event_id (str):
        idempotency_key (str | Unset):
        body (RedeliverArgs | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryList | ErrorResponse]
     """


    kwargs = _get_kwargs(
        event_id=event_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    event_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RedeliverArgs | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryList | ErrorResponse | None:
    """ Send an event again (as new deliveries, due at once).

    Args:
        event_id (str):
        idempotency_key (str | Unset):
        body (RedeliverArgs | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryList | ErrorResponse
     """


    return sync_detailed(
        event_id=event_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    event_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RedeliverArgs | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryList | ErrorResponse]:
    """ Send an event again (as new deliveries, due at once).

    Args:
        event_id (str):
        idempotency_key (str | Unset):
        body (RedeliverArgs | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryList | ErrorResponse]
     """


    kwargs = _get_kwargs(
        event_id=event_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    event_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RedeliverArgs | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryList | ErrorResponse | None:
    """ Send an event again (as new deliveries, due at once).

    Args:
        event_id (str):
        idempotency_key (str | Unset):
        body (RedeliverArgs | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryList | ErrorResponse
     """


    return (await asyncio_detailed(
        event_id=event_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
