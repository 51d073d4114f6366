from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delivery_read import DeliveryRead
from ...models.error_response import ErrorResponse
from ...models.no_fields import NoFields
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    endpoint_id: str,
    delivery_id: str,
    *,
    body: NoFields | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver".format(endpoint_id=quote(str(endpoint_id), safe=""),delivery_id=quote(str(delivery_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeliveryRead | ErrorResponse:
    if response.status_code == 201:
        response_201 = DeliveryRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeliveryRead | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: NoFields | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryRead | ErrorResponse]:
    """ Send this delivery's event to the endpoint again, as a new delivery.

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (NoFields | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
delivery_id=delivery_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: NoFields | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryRead | ErrorResponse | None:
    """ Send this delivery's event to the endpoint again, as a new delivery.

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (NoFields | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryRead | ErrorResponse
     """


    return sync_detailed(
        endpoint_id=endpoint_id,
delivery_id=delivery_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: NoFields | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryRead | ErrorResponse]:
    """ Send this delivery's event to the endpoint again, as a new delivery.

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (NoFields | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
delivery_id=delivery_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    endpoint_id: str,
    delivery_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: NoFields | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryRead | ErrorResponse | None:
    """ Send this delivery's event to the endpoint again, as a new delivery.

    Args:
        endpoint_id (str):
        delivery_id (str):
        idempotency_key (str | Unset):
        body (NoFields | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryRead | ErrorResponse
     """


    return (await asyncio_detailed(
        endpoint_id=endpoint_id,
delivery_id=delivery_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
