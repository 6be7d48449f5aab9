"""Hand one outbox email to the configured SMTP server (smtplib), saying whether a failure is worth a retry."""

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from reachroom.config import Settings
from reachroom.models import OutboundEmail

_UNSUBSCRIBE = re.compile(r"https?://\S+/unsubscribe/[\w-]+")


class DeliveryError(Exception):
    """The server did not take the message; `permanent` when sending it again cannot help (5xx)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def build(email: OutboundEmail, domain: str) -> EmailMessage:
    """The MIME message, with List-Unsubscribe headers so mail clients offer a one-click unsubscribe."""
    msg = EmailMessage()
    msg["From"] = formataddr((email.from_name, email.from_address))
    msg["To"] = formataddr((email.to_name, email.to_address))
    msg["Subject"] = email.subject
    msg["Message-ID"] = make_msgid(idstring=f"rr{email.id}", domain=domain)
    if email.reply_to:
        msg["Reply-To"] = email.reply_to
    link = _UNSUBSCRIBE.search(email.body)
    if link:
        msg["List-Unsubscribe"] = f"<{link.group(0)}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    msg.set_content(email.body)
    return msg


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
                                context=ssl.create_default_context())
    server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
    if settings.smtp_security == "starttls":
        server.starttls(context=ssl.create_default_context())
    return server


def send(msg: EmailMessage, settings: Settings) -> None:
    """Deliver the message or raise DeliveryError (permanent for 5xx answers and refused recipients)."""
    try:
        with _connect(settings) as server:
            if settings.smtp_username:
                server.login(settings.smtp_username, settings.smtp_password)
            server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as err:
        codes = [code for code, _ in err.recipients.values()]
        raise DeliveryError(f"recipient refused: {err.recipients}", permanent=all(c >= 500 for c in codes)) from None
    except smtplib.SMTPResponseException as err:
        text = err.smtp_error.decode(errors="replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        raise DeliveryError(f"mail server answered {err.smtp_code}: {text}", permanent=err.smtp_code >= 500) from None
    except (OSError, smtplib.SMTPException) as err:  # refused connection, timeout, TLS trouble: try again later
        raise DeliveryError(f"could not reach the mail server: {err}") from None
