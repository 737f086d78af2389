"""Property-based fuzzing of every operation in the OpenAPI document
(schemathesis): whatever the input, the API answers without a server error.

Requests carry an API token of an analyst and a case reference, so they reach
the routes' own checks rather than stopping at sign-in. The example count is
small (``SCHEMATHESIS_EXAMPLES``, default 8 per operation) to keep the suite
fast; raise it for a longer run. (Schemathesis' pytest plugin does not run
under this pytest, so the operations are walked here, one hypothesis run each.)
"""

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from crosscurrent.share import users

from .conftest import CASE, Api

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))


def test_no_input_makes_the_api_fail(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    token = users.create_token(api.con(), "nina")
    signed_in = {"Authorization": f"Bearer {token}", "X-Case-Reference": CASE}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20  # every route of the document, not a filtered few

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def answers(case: schemathesis.Case) -> None:
            headers = {**(case.headers or {}), **signed_in}
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        answers()
