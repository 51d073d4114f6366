from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.ledger_transaction_list import LedgerTransactionList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    promoter_id: str,
    *,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["starting_after"] = starting_after

    params["ending_before"] = ending_before


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promoters/{promoter_id}/ledger_transactions".format(promoter_id=quote(str(promoter_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | LedgerTransactionList:
    if response.status_code == 200:
        response_200 = LedgerTransactionList.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | LedgerTransactionList]:
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
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,

) -> Response[ErrorResponse | LedgerTransactionList]:
    """ The promoter's ledger transactions, newest first, each with its entries.

    Args:
        promoter_id (str):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LedgerTransactionList]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,

) -> ErrorResponse | LedgerTransactionList | None:
    """ The promoter's ledger transactions, newest first, each with its entries.

    Args:
        promoter_id (str):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LedgerTransactionList
     """


    return sync_detailed(
        promoter_id=promoter_id,
client=client,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,

    ).parsed

async def asyncio_detailed(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,

) -> Response[ErrorResponse | LedgerTransactionList]:
    """ The promoter's ledger transactions, newest first, each with its entries.

    Args:
        promoter_id (str):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LedgerTransactionList]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,

) -> ErrorResponse | LedgerTransactionList | None:
    """ The promoter's ledger transactions, newest first, each with its entries.

    Args:
        promoter_id (str):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LedgerTransactionList
     """


    return (await asyncio_detailed(
        promoter_id=promoter_id,
client=client,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,

    )).parsed
