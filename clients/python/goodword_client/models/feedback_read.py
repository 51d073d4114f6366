from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.feedback_read_object import FeedbackReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="FeedbackRead")



@_attrs_define
class FeedbackRead:
    """ 
        Attributes:
            id (str):
            object_ (FeedbackReadObject):  Default: FeedbackReadObject.WIDGET_FEEDBACK.
            score (int):
            text (None | str):
            order (None | str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: str
    score: int
    text: None | str
    order: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    object_: FeedbackReadObject = FeedbackReadObject.WIDGET_FEEDBACK





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        score = self.score

        text: None | str
        text = self.text

        order: None | str
        order = self.order

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "score": score,
            "text": text,
            "order": order,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = FeedbackReadObject(d.pop("object"))




        score = d.pop("score")

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))


        def _parse_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order = _parse_order(d.pop("order"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        feedback_read = cls(
            id=id,
            object_=object_,
            score=score,
            text=text,
            order=order,
            created_at=created_at,
            updated_at=updated_at,
        )

        return feedback_read

