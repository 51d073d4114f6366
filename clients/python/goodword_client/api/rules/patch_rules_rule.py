from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.rule_read import RuleRead
from ...models.rule_update import RuleUpdate
from typing import cast



def _get_kwargs(
    rule_id: str,
    *,
    body: RuleUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/rules/{rule_id}".format(rule_id=quote(str(rule_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | RuleRead:
    if response.status_code == 200:
        response_200 = RuleRead.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | RuleRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    rule_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RuleUpdate,

) -> Response[ErrorResponse | RuleRead]:
    """ Edit a rule: appends a version (earlier ones stay readable). `active: false` disables
    it; a change that changes nothing appends nothing.

    Args:
        rule_id (str):
        body (RuleUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RuleRead]
     """


    kwargs = _get_kwargs(
        rule_id=rule_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    rule_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RuleUpdate,

) -> ErrorResponse | RuleRead | None:
    """ Edit a rule: appends a version (earlier ones stay readable). `active: false` disables
    it; a change that changes nothing appends nothing.

    Args:
        rule_id (str):
        body (RuleUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RuleRead
     """


    return sync_detailed(
        rule_id=rule_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    rule_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RuleUpdate,

) -> Response[ErrorResponse | RuleRead]:
    """ Edit a rule: appends a version (earlier ones stay readable). `active: false` disables
    it; a change that changes nothing appends nothing.

    Args:
        rule_id (str):
        body (RuleUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RuleRead]
     """


    kwargs = _get_kwargs(
        rule_id=rule_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    rule_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RuleUpdate,

) -> ErrorResponse | RuleRead | None:
    """ Edit a rule: appends a version (earlier ones stay readable). `active: false` disables
    it; a change that changes nothing appends nothing.

    Args:
        rule_id (str):
        body (RuleUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RuleRead
     """


    return (await asyncio_detailed(
        rule_id=rule_id,
client=client,
body=body,

    )).parsed
