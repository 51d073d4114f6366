from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AttemptRead")



@_attrs_define
class AttemptRead:
    """ 
        Attributes:
            status_code (int | None):
            latency_ms (int):
            response (None | str):
            error (None | str):
            succeeded (bool):
            attempted_at (datetime.datetime):
     """

    status_code: int | None
    latency_ms: int
    response: None | str
    error: None | str
    succeeded: bool
    attempted_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        status_code: int | None
        status_code = self.status_code

        latency_ms = self.latency_ms

        response: None | str
        response = self.response

        error: None | str
        error = self.error

        succeeded = self.succeeded

        attempted_at = self.attempted_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "status_code": status_code,
            "latency_ms": latency_ms,
            "response": response,
            "error": error,
            "succeeded": succeeded,
            "attempted_at": attempted_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))


        latency_ms = d.pop("latency_ms")

        def _parse_response(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response = _parse_response(d.pop("response"))


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        succeeded = d.pop("succeeded")

        attempted_at = datetime.datetime.fromisoformat(d.pop("attempted_at"))




        attempt_read = cls(
            status_code=status_code,
            latency_ms=latency_ms,
            response=response,
            error=error,
            succeeded=succeeded,
            attempted_at=attempted_at,
        )

        return attempt_read

