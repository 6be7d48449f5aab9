"""One email rule for CLI, API and pages: a real address shape, reserved test domains allowed.

email-validator rejects special-use domains (`.local`, `.test`, `.example`, `localhost`) by default, yet the demo
login is `demo@reachroom.local` and self-hosted teams use such domains on their own networks, so every place that
takes an email validates it here with `globally_deliverable=False` (and no DNS lookup).
"""

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator

MAX_EMAIL_LENGTH = 254


#: Reserved top-level domains (RFC 2606 / 6761 / 6762) that people use for test and on-premises addresses.
TEST_TLDS = ("local", "test", "example")


def normalise_email(value: str) -> str:
    """The address lower-cased and checked; ValueError with a plain reason when it isn't one."""
    text = (value or "").strip()
    if not text:
        raise ValueError("enter an email address")
    local, _, domain = text.rpartition("@")
    labels = domain.rstrip(".").split(".")
    tld = labels[-1].lower()
    # email-validator refuses special-use names outright; check the rest of the address with a neutral stand-in
    # TLD, then put the reserved one back (its list is module state shared with pydantic, so it isn't edited).
    probe = f"{local}@{'.'.join([*labels[:-1], 'example'])}" if local and tld in TEST_TLDS else text
    try:
        info = validate_email(probe, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as err:
        raise ValueError(f"{text!r} is not a valid email address: {err}") from None
    if "." not in info.domain:  # "anna@gmail" is a typo, not a host on the network
        raise ValueError(f"{text!r} is not a valid email address: the part after the @ needs a dot")
    normalised = info.normalized.lower()
    return normalised if probe is text else f"{normalised.rsplit('.', 1)[0]}.{tld}"


def is_email(value: str) -> bool:
    """True when `normalise_email` accepts the value."""
    try:
        normalise_email(value)
    except ValueError:
        return False
    return True


#: A pydantic field type that applies the same rule (use instead of EmailStr).
Email = Annotated[str, AfterValidator(normalise_email)]
