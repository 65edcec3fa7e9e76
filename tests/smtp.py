"""Mail servers for tests, on 127.0.0.1 and a random port: one that never answers, one that takes mail.

``HangingServer`` accepts connections and says nothing, as a mail server does whose disk is full or whose
process is stuck: a client waits for the greeting until its timeout. ``SmtpSink`` speaks just enough SMTP
for Django's backend, keeps every message it accepted, counts connections, and answers the end of DATA
with the codes a test gives it (``sink.data_replies = ["451 4.3.0 try later"]``) before it accepts.

A test module takes the fixtures at the end of this file by importing them (``from tests.smtp import
smtp_sink``).
"""

from __future__ import annotations

import email
import email.policy
import socket
import socketserver
import threading
from dataclasses import dataclass

import pytest


class HangingServer:
    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted.append(conn)  # held open, never written to

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self.accepted:
            conn.close()
        self.socket.close()


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()


class SmtpSink:
    def __init__(self) -> None:
        sink = self
        self.messages: list[Received] = []
        self.data_replies: list[str] = []
        self.rcpt_replies: list[str] = []
        self.connections = 0
        self._lock = threading.Lock()

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with sink._lock:
                    sink.connections += 1
                self.reply("220 sink.test ESMTP")
                sender, recipients = "", []
                while line := self.rfile.readline():
                    command = line.decode("ascii", "replace").strip()
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-sink.test", "250 8BITMIME")
                    elif verb in ("HELO", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "RSET":
                        sender, recipients = "", []
                        self.reply("250 OK")
                    elif verb == "MAIL":
                        sender = command.partition(":")[2].strip(" <>")
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        answer = sink._next(sink.rcpt_replies)
                        if answer.startswith("250"):
                            recipients.append(command.partition(":")[2].strip(" <>"))
                        self.reply(answer)
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        data = self.read_data()
                        answer = sink._next(sink.data_replies)
                        if answer.startswith("250"):
                            parsed = email.message_from_bytes(data, policy=email.policy.default)
                            with sink._lock:
                                sink.messages.append(Received(sender, recipients, parsed))
                        sender, recipients = "", []
                        self.reply(answer)
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not here")

            def read_data(self) -> bytes:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                return b"".join(lines)

            def reply(self, *lines: str) -> None:
                self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def _next(self, planned: list[str]) -> str:
        with self._lock:
            return planned.pop(0) if planned else "250 OK"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hanging_smtp():
    server = HangingServer()
    yield server
    server.close()


@pytest.fixture
def smtp_sink():
    server = SmtpSink()
    yield server
    server.close()


@pytest.fixture
def smtp_on(settings):
    """``smtp_on(port, timeout)``: e-mail goes through Django's SMTP backend to 127.0.0.1:port."""

    def point(port: int, timeout: float = 5) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, timeout
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""

    return point
