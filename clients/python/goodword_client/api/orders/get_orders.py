from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_response import ErrorResponse
from ...models.get_orders_expand_item import GetOrdersExpandItem
from ...models.order_detail_list import OrderDetailList
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    expand: list[GetOrdersExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    promoter: str | Unset = UNSET,
    customer_external_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
    stripe_payment_intent: str | Unset = UNSET,
    stripe_invoice: str | Unset = UNSET,

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

    params["promoter"] = promoter

    params["customer_external_id"] = customer_external_id

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["external_id"] = external_id

    params["stripe_payment_intent"] = stripe_payment_intent

    params["stripe_invoice"] = stripe_invoice


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorResponse | OrderDetailList:
    if response.status_code == 200:
        response_200 = OrderDetailList.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())



        return response_401

    response_default = ErrorResponse.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorResponse | OrderDetailList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetOrdersExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    promoter: str | Unset = UNSET,
    customer_external_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
    stripe_payment_intent: str | Unset = UNSET,
    stripe_invoice: str | Unset = UNSET,

) -> Response[ErrorResponse | OrderDetailList]:
    """ List orders, newest first; filter by promoter, customer or creation time, or find
    the order of your order id, a Stripe payment intent or a Stripe invoice.

    Args:
        expand (list[GetOrdersExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        promoter (str | Unset):
        customer_external_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        external_id (str | Unset):
        stripe_payment_intent (str | Unset):
        stripe_invoice (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OrderDetailList]
     """


    kwargs = _get_kwargs(
        expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
promoter=promoter,
customer_external_id=customer_external_id,
created_after=created_after,
created_before=created_before,
external_id=external_id,
stripe_payment_intent=stripe_payment_intent,
stripe_invoice=stripe_invoice,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetOrdersExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    promoter: str | Unset = UNSET,
    customer_external_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
    stripe_payment_intent: str | Unset = UNSET,
    stripe_invoice: str | Unset = UNSET,

) -> ErrorResponse | OrderDetailList | None:
    """ List orders, newest first; filter by promoter, customer or creation time, or find
    the order of your order id, a Stripe payment intent or a Stripe invoice.

    Args:
        expand (list[GetOrdersExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        promoter (str | Unset):
        customer_external_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        external_id (str | Unset):
        stripe_payment_intent (str | Unset):
        stripe_invoice (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OrderDetailList
     """


    return sync_detailed(
        client=client,
expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
promoter=promoter,
customer_external_id=customer_external_id,
created_after=created_after,
created_before=created_before,
external_id=external_id,
stripe_payment_intent=stripe_payment_intent,
stripe_invoice=stripe_invoice,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetOrdersExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    promoter: str | Unset = UNSET,
    customer_external_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
    stripe_payment_intent: str | Unset = UNSET,
    stripe_invoice: str | Unset = UNSET,

) -> Response[ErrorResponse | OrderDetailList]:
    """ List orders, newest first; filter by promoter, customer or creation time, or find
    the order of your order id, a Stripe payment intent or a Stripe invoice.

    Args:
        expand (list[GetOrdersExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        promoter (str | Unset):
        customer_external_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        external_id (str | Unset):
        stripe_payment_intent (str | Unset):
        stripe_invoice (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OrderDetailList]
     """


    kwargs = _get_kwargs(
        expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
promoter=promoter,
customer_external_id=customer_external_id,
created_after=created_after,
created_before=created_before,
external_id=external_id,
stripe_payment_intent=stripe_payment_intent,
stripe_invoice=stripe_invoice,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    expand: list[GetOrdersExpandItem] | Unset = UNSET,
    limit: int | Unset = 10,
    starting_after: str | Unset = UNSET,
    ending_before: str | Unset = UNSET,
    promoter: str | Unset = UNSET,
    customer_external_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
    stripe_payment_intent: str | Unset = UNSET,
    stripe_invoice: str | Unset = UNSET,

) -> ErrorResponse | OrderDetailList | None:
    """ List orders, newest first; filter by promoter, customer or creation time, or find
    the order of your order id, a Stripe payment intent or a Stripe invoice.

    Args:
        expand (list[GetOrdersExpandItem] | Unset):
        limit (int | Unset):  Default: 10.
        starting_after (str | Unset):
        ending_before (str | Unset):
        promoter (str | Unset):
        customer_external_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        external_id (str | Unset):
        stripe_payment_intent (str | Unset):
        stripe_invoice (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OrderDetailList
     """


    return (await asyncio_detailed(
        client=client,
expand=expand,
limit=limit,
starting_after=starting_after,
ending_before=ending_before,
promoter=promoter,
customer_external_id=customer_external_id,
created_after=created_after,
created_before=created_before,
external_id=external_id,
stripe_payment_intent=stripe_payment_intent,
stripe_invoice=stripe_invoice,

    )).parsed
