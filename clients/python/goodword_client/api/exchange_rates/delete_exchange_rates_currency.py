from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.deleted_exchange_rate_read import DeletedExchangeRateRead
from ...models.error_response import ErrorResponse
from typing import cast



def _get_kwargs(
    currency: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/exchange_rates/{currency}".format(currency=quote(str(currency), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeletedExchangeRateRead | ErrorResponse:
    if response.status_code == 200:
        response_200 = DeletedExchangeRateRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeletedExchangeRateRead | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    currency: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[DeletedExchangeRateRead | ErrorResponse]:
    """ Remove the rate: orders in that currency earn nothing again from rules that count
    another currency.

    Args:
        currency (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedExchangeRateRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        currency=currency,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    currency: str,
    *,
    client: AuthenticatedClient | Client,

) -> DeletedExchangeRateRead | ErrorResponse | None:
    """ Remove the rate: orders in that currency earn nothing again from rules that count
    another currency.

    Args:
        currency (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedExchangeRateRead | ErrorResponse
     """


    return sync_detailed(
        currency=currency,
client=client,

    ).parsed

async def asyncio_detailed(
    currency: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[DeletedExchangeRateRead | ErrorResponse]:
    """ Remove the rate: orders in that currency earn nothing again from rules that count
    another currency.

    Args:
        currency (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedExchangeRateRead | ErrorResponse]
     """


    kwargs = _get_kwargs(
        currency=currency,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    currency: str,
    *,
    client: AuthenticatedClient | Client,

) -> DeletedExchangeRateRead | ErrorResponse | None:
    """ Remove the rate: orders in that currency earn nothing again from rules that count
    another currency.

    Args:
        currency (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedExchangeRateRead | ErrorResponse
     """


    return (await asyncio_detailed(
        currency=currency,
client=client,

    )).parsed
