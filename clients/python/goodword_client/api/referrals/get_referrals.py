from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.get_referrals_expand_item import GetReferralsExpandItem
from ...models.get_referrals_status import GetReferralsStatus
from ...models.referral_list import ReferralList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    expand: list[GetReferralsExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    status: GetReferralsStatus | Unset = UNSET,
    promoter: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_expand: list[str] | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = []
        for expand_item_data in expand:
            expand_item = expand_item_data.value
            json_expand.append(expand_item)


    params["expand[]"] = json_expand

    params["limit"] = limit

    params["starting_after"] = starting_after

    params["ending_before"] = ending_before

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["promoter"] = promoter


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | ReferralList:
    if response.status_code == 200:
        response_200 = ReferralList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | ReferralList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    status: GetReferralsStatus | Unset = UNSET,
    promoter: str | Unset = UNSET,

) -> Response[ErrorResponse | ReferralList]:
    """ List referrals, newest first; filter by status (the review queue) or promoter.

    Args:
        expand (list[GetReferralsExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        status (GetReferralsStatus | Unset):
        promoter (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralList]
     """


    kwargs = _get_kwargs(
        expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
status=status,
promoter=promoter,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    status: GetReferralsStatus | Unset = UNSET,
    promoter: str | Unset = UNSET,

) -> ErrorResponse | ReferralList | None:
    """ List referrals, newest first; filter by status (the review queue) or promoter.

    Args:
        expand (list[GetReferralsExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        status (GetReferralsStatus | Unset):
        promoter (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralList
     """


    return sync_detailed(
        client=client,
expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
status=status,
promoter=promoter,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    status: GetReferralsStatus | Unset = UNSET,
    promoter: str | Unset = UNSET,

) -> Response[ErrorResponse | ReferralList]:
    """ List referrals, newest first; filter by status (the review queue) or promoter.

    Args:
        expand (list[GetReferralsExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        status (GetReferralsStatus | Unset):
        promoter (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReferralList]
     """


    kwargs = _get_kwargs(
        expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
status=status,
promoter=promoter,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetReferralsExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    status: GetReferralsStatus | Unset = UNSET,
    promoter: str | Unset = UNSET,

) -> ErrorResponse | ReferralList | None:
    """ List referrals, newest first; filter by status (the review queue) or promoter.

    Args:
        expand (list[GetReferralsExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        status (GetReferralsStatus | Unset):
        promoter (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReferralList
     """


    return (await asyncio_detailed(
        client=client,
expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
status=status,
promoter=promoter,

    )).parsed
