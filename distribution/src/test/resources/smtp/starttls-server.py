#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""An SMTP server for the alert tests (Debian python3-aiosmtpd): STARTTLS required before
anything else, then AUTH (PLAIN or LOGIN) with one user, each mail kept in a maildir.

usage: starttls-server.py PORT CERT KEY MAILDIR USER PASSWORD
Prints "ready" once it listens; stops on SIGTERM.
"""
import signal
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, maildir, user, password = sys.argv[1:7]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
print("ready", flush=True)
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
while True:
    time.sleep(1)
