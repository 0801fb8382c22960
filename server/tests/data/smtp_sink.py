"""A real SMTP server for the tests (aiosmtpd): each message received is
written, decoded, as one JSON file in the folder given; while a file named
`refuse` is in that folder every message is refused with 451 (try later)."""
import asyncio
import email
import email.policy
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller

OUT = sys.argv[1]
PORT = int(sys.argv[2])


class Sink:
    n = 0

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(OUT, "refuse")):
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_subtype()] = part.get_content()
        Sink.n += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "text": parts.get("plain", ""),
            "html": parts.get("html", ""),
        }
        tmp = os.path.join(OUT, f".{Sink.n}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(OUT, f"{os.getpid()}-{Sink.n:06}.json"))
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=PORT)
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
