from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.promoter_export_read import PromoterExportRead
from typing import cast



def _get_kwargs(
    promoter_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promoters/{promoter_id}/export".format(promoter_id=quote(str(promoter_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | PromoterExportRead:
    if response.status_code == 200:
        response_200 = PromoterExportRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | PromoterExportRead]:
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

) -> Response[ErrorResponse | PromoterExportRead]:
    """ Everything held about one person, as one JSON document (a data subject request).

    Args:
        promoter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromoterExportRead]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> ErrorResponse | PromoterExportRead | None:
    """ Everything held about one person, as one JSON document (a data subject request).

    Args:
        promoter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromoterExportRead
     """


    return sync_detailed(
        promoter_id=promoter_id,
client=client,

    ).parsed

async def asyncio_detailed(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[ErrorResponse | PromoterExportRead]:
    """ Everything held about one person, as one JSON document (a data subject request).

    Args:
        promoter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromoterExportRead]
     """


    kwargs = _get_kwargs(
        promoter_id=promoter_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    promoter_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> ErrorResponse | PromoterExportRead | None:
    """ Everything held about one person, as one JSON document (a data subject request).

    Args:
        promoter_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromoterExportRead
     """


    return (await asyncio_detailed(
        promoter_id=promoter_id,
client=client,

    )).parsed
