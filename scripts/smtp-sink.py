"""A mail server for `make bench`: aiosmtpd on loopback, accepting every message and printing its decoded subject, one
line each, as it arrives; `ready <port>` first. Stops when its standard input closes."""
import email
import email.policy
import socket
import sys

from aiosmtpd.controller import Controller


class Print:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        print(str(message["subject"]), flush=True)
        return "250 OK"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Print(), hostname="127.0.0.1", port=port)
controller.start()
print(f"ready {port}", flush=True)
sys.stdin.read()
controller.stop()
