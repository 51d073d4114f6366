from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.get_referrals_referral_expand_item import GetReferralsReferralExpandItem
from ...models.referral_read import ReferralRead
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    referral_id: str,
    *,
    expand: list[GetReferralsReferralExpandItem] | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_expand: list[str] | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = []
        for expand_item_data in expand:
            expand_item = expand_item_data.value
            json_expand.append(expand_item)


    params["expand[]"] = json_expand


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals/{referral_id}".format(referral_id=quote(str(referral_id), safe=""),),
        "params": params,
    }


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
    expand: list[GetReferralsReferralExpandItem] | Unset = UNSET,

) -> Response[ErrorResponse | ReferralRead]:
    """ Retrieve a referral with its status and reasons.

    Args:
        referral_id (str):
        expand (list[GetReferralsReferralExpandItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralRead]
     """


    kwargs = _get_kwargs(
        referral_id=referral_id,
expand=expand,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsReferralExpandItem] | Unset = UNSET,

) -> ErrorResponse | ReferralRead | None:
    """ Retrieve a referral with its status and reasons.

    Args:
        referral_id (str):
        expand (list[GetReferralsReferralExpandItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralRead
     """


    return sync_detailed(
        referral_id=referral_id,
client=client,
expand=expand,

    ).parsed

async def asyncio_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsReferralExpandItem] | Unset = UNSET,

) -> Response[ErrorResponse | ReferralRead]:
    """ Retrieve a referral with its status and reasons.

    Args:
        referral_id (str):
        expand (list[GetReferralsReferralExpandItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralRead]
     """


    kwargs = _get_kwargs(
        referral_id=referral_id,
expand=expand,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    referral_id: str,
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsReferralExpandItem] | Unset = UNSET,

) -> ErrorResponse | ReferralRead | None:
    """ Retrieve a referral with its status and reasons.

    Args:
        referral_id (str):
        expand (list[GetReferralsReferralExpandItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralRead
     """


    return (await asyncio_detailed(
        referral_id=referral_id,
client=client,
expand=expand,

    )).parsed
