"""The building blocks of every content model: the base model, ids and required text.

Kept apart from :mod:`ilt_kit.content.models` so that each segment kind's content model
(:mod:`ilt_kit.content.segments`) and the kinds registry can use them without importing the scenario model.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64),
    Field(description="Lower-case letters, digits and dashes, e.g. 'shared-vision'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A required piece of text: it may not be empty or only spaces."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
