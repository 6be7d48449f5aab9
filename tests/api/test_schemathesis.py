"""Schema-driven property tests: schemathesis generates valid and invalid requests for every operation in the
OpenAPI schema and sends them, authenticated, to the live server. Every answer must be below 500, carry a
documented status code and content type, and match its documented schema (timestamps with an offset included)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import create_engine

from reachroom.db import unit_of_work
from reachroom.workspaces import service as auth

# Bounded so the whole run stays well under a minute on two cores (≈40 operations).
EXAMPLES_PER_OPERATION = 8
# Not negative_data_rejection: pydantic's lax mode deliberately reads 0 as false and false as 0.0 in JSON bodies.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def st_owner(factory):
    """The sole owner of a fresh workspace (so generated role changes can't take the last owner away)."""
    owner = factory.tenant("owner")
    factory.creator(workspace_id=owner.workspace_id)
    return owner


@pytest.fixture
def fresh_token(engine, st_owner):
    """A new API token of the owner for each generated case: a generated DELETE /tokens/{id} may revoke one."""
    def make() -> str:
        with unit_of_work(engine) as db:
            return auth.create_token(db, st_owner.ctx, "schemathesis")[1]
    return make


def _openapi() -> dict:
    """The app's OpenAPI document (it doesn't depend on the database, so an in-memory engine will do)."""
    from reachroom.app import create_app

    return create_app(create_engine("sqlite://")).openapi()


# Loaded eagerly: schemathesis' lazy fixture loader relies on a private pytest attribute that pytest 9 removed.
schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_documented(case, live_server, st_owner, fresh_token):
    case.call_and_validate(base_url=live_server, headers={"Authorization": f"Bearer {fresh_token()}"},
                           checks=CHECKS, timeout=30)
