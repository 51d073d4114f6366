from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.decision_create import DecisionCreate
from ...models.error_response import ErrorResponse
from ...models.referral_read import ReferralRead
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    referral_id: str,
    *,
    body: DecisionCreate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals/{referral_id}/approve".format(referral_id=quote(str(referral_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | ReferralRead:
    if response.status_code == 200:
        response_200 = ReferralRead.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())



        return response_409

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | ReferralRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecisionCreate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ErrorResponse | ReferralRead]:
    """ Approve a referral held for review.

    Args:
        referral_id (str):
        idempotency_key (str | Unset):
        body (DecisionCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralRead]
     """


    kwargs = _get_kwargs(
        referral_id=referral_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecisionCreate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ErrorResponse | ReferralRead | None:
    """ Approve a referral held for review.

    Args:
        referral_id (str):
        idempotency_key (str | Unset):
        body (DecisionCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralRead
     """


    return sync_detailed(
        referral_id=referral_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecisionCreate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[ErrorResponse | ReferralRead]:
    """ Approve a referral held for review.

    Args:
        referral_id (str):
        idempotency_key (str | Unset):
        body (DecisionCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralRead]
     """


    kwargs = _get_kwargs(
        referral_id=referral_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecisionCreate | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> ErrorResponse | ReferralRead | None:
    """ Approve a referral held for review.

    Args:
        referral_id (str):
        idempotency_key (str | Unset):
        body (DecisionCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralRead
     """


    return (await asyncio_detailed(
        referral_id=referral_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
