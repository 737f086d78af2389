"""Sign-in and the signed-in user."""

from pydantic import BaseModel, Field


class LoginIn(BaseModel):
    name: str = Field(max_length=200, examples=["nina"])
    password: str = Field(max_length=1000, examples=["correct horse battery staple"])
    case_reference: str | None = Field(
        default=None,
        max_length=200,
        description="The case you are working on; every consultation is logged with it.",
        examples=["OP-TIDEWATER/2025-014"],
    )


class CaseIn(BaseModel):
    case_reference: str = Field(max_length=200, examples=["OP-TIDEWATER/2025-014"])


class MeOut(BaseModel):
    """The signed-in user."""

    name: str = Field(examples=["nina"])
    agency: str = Field(examples=["UK-NCA"])
    roles: list[str] = Field(examples=[["analyst"]])
    case_reference: str | None = Field(
        description="The session's case reference, if set.", examples=["OP-TIDEWATER/2025-014"]
    )
    csrf_token: str | None = Field(
        description="Send it back in the X-CSRF-Token header with every POST, PUT or "
        "DELETE of this session (absent for API tokens).",
        examples=["q8Jx0f3L2mKcWm1p8fz5cY0o3m8bC6sH1vQv9tZrK2A"],
    )
