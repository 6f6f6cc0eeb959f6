#!/usr/bin/env python3
"""CURVE for Whistle clients in plain pyzmq.

Every socket of a suite started with keys (`whistle up`, `make run`) is a CURVE server: a client needs
its own key pair (its identity's secret file) and the public key of the server it connects to (the
server's certificate). Both are in the keys folder `whistle keys init` made:

    keys/public/<identity>.json   {"identity", "role", "publicKey", "topics", …}   the allow-list
    keys/secret/<identity>.json   {"identity", "publicKey", "secretKey", "apiKey"} yours only (mode 0600)

    from whistle_keys import Keys
    keys = Keys("data/keys", "cg")              # act as 城管
    socket = context.socket(zmq.REQ)
    keys.secure(socket, "dispatch-1")           # before connect(): dispatch's command endpoint
    keys.secure(sub, "bus")                     # the bus's subscribe side
    keys.api_key                                # for GET /cases, /stats: Authorization: Bearer <api_key>

Servers: `bus` (both sides of the bus), `intake-1` (ingest), `dispatch-1` (commands), `mediation-1`
(mediator commands), and each producer's own name for its replay endpoint.
"""
import json
from pathlib import Path


class Keys:
    def __init__(self, folder, identity):
        self.folder = Path(folder)
        self.identity = identity
        secret = json.loads((self.folder / "secret" / f"{identity}.json").read_text())
        self.public_key = secret["publicKey"].encode()
        self.secret_key = secret["secretKey"].encode()
        self.api_key = secret.get("apiKey")

    def server_key(self, server):
        return json.loads((self.folder / "public" / f"{server}.json").read_text())["publicKey"].encode()

    def secure(self, socket, server):
        """Makes `socket` a CURVE client of `server`, acting as this identity. Call before connect()."""
        socket.curve_publickey = self.public_key
        socket.curve_secretkey = self.secret_key
        socket.curve_serverkey = self.server_key(server)
        return socket


def secure(socket, keys, server):
    """`keys.secure(socket, server)` when `keys` is a Keys, else nothing (a plaintext suite)."""
    return keys.secure(socket, server) if keys else socket
