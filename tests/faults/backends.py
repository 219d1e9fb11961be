"""Mail backends that fail the way a dying worker or a flaky mail server does."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class DropsTheConnection(BaseEmailBackend):
    """The mail server hangs up in the middle of the conversation: nothing was delivered."""

    def send_messages(self, messages):
        raise ConnectionResetError("connection reset by the mail server during DATA")


class KilledBeforeSending(BaseEmailBackend):
    """The worker is killed (SIGTERM at a deploy) while it connects: nothing was delivered."""

    def send_messages(self, messages):
        raise SystemExit("worker killed")


class KilledAfterSending(BaseEmailBackend):
    """The mail server accepted the message, then the worker died before writing it down."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise SystemExit("worker killed")
