#!/usr/bin/python3
"""A local SMTP sink for the notify tests: accepts every message on loopback
and writes it to DIR as N.eml (raw, with an X-Rcpt line first) and N.txt
(the decoded subject and body).

Usage: smtp_sink.py DIR [PORT]   (PORT 0 or absent: any free port, written to DIR/port)
Loopback only; it never relays anything.
"""
import asyncio
import email
import email.header
import email.policy
import os
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out_dir, str(self.count))
        raw = envelope.original_content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = "Subject: %s\nFrom: %s\nTo: %s\nRcpt: %s\n\n%s" % (
            msg["subject"], msg["from"], msg["to"], ",".join(envelope.rcpt_tos), msg.get_content().replace("\r\n", "\n"))
        with open(base + ".tmp", "wb") as f:
            f.write(b"X-Rcpt: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + raw)
        os.rename(base + ".tmp", base + ".eml")
        with open(base + ".ttmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.rename(base + ".ttmp", base + ".txt")
        return "250 OK"


async def main():
    out_dir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    handler = Handler(out_dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", port)
    bound = server.sockets[0].getsockname()[1]
    with open(os.path.join(out_dir, "port.tmp"), "w") as f:
        f.write(str(bound))
    os.rename(os.path.join(out_dir, "port.tmp"), os.path.join(out_dir, "port"))
    await server.serve_forever()


asyncio.run(main())
