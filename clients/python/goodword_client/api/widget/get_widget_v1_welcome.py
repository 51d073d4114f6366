from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.welcome_read import WelcomeRead
from typing import cast



def _get_kwargs(
    *,
    click: str,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["click"] = click


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/widget/v1/welcome",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | WelcomeRead:
    if response.status_code == 200:
        response_200 = WelcomeRead.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | WelcomeRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    click: str,

) -> Response[ErrorResponse | WelcomeRead]:
    """ For the shop's landing page: who referred the friend this click brought, and the
    offer. No widget session: the click id from the redirect is the credential.

    Args:
        click (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WelcomeRead]
     """


    kwargs = _get_kwargs(
        click=click,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    click: str,

) -> ErrorResponse | WelcomeRead | None:
    """ For the shop's landing page: who referred the friend this click brought, and the
    offer. No widget session: the click id from the redirect is the credential.

    Args:
        click (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WelcomeRead
     """


    return sync_detailed(
        client=client,
click=click,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    click: str,

) -> Response[ErrorResponse | WelcomeRead]:
    """ For the shop's landing page: who referred the friend this click brought, and the
    offer. No widget session: the click id from the redirect is the credential.

    Args:
        click (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WelcomeRead]
     """


    kwargs = _get_kwargs(
        click=click,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    click: str,

) -> ErrorResponse | WelcomeRead | None:
    """ For the shop's landing page: who referred the friend this click brought, and the
    offer. No widget session: the click id from the redirect is the credential.

    Args:
        click (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WelcomeRead
     """


    return (await asyncio_detailed(
        client=client,
click=click,

    )).parsed
