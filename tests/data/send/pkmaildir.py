"""pkmaildir.py: an aiosmtpd handler for pepkit's send tests (/usr/bin/aiosmtpd -c pkmaildir.Maildir).

    aiosmtpd -n -c pkmaildir.Maildir -l 127.0.0.1:PORT [--tlscert C --tlskey K] -- MAILDIR

Every accepted message goes into the Maildir MAILDIR (one file each, as received) and the final
reply names its key ("250 2.0.0 Ok: queued as KEY"). Every EHLO/HELO appends a line to
MAILDIR/../connections, so a test can tell whether pepkit connected at all. A message to a
recipient whose local part starts with "drop" makes the server close the connection after the
data and before its reply the first time it sees that recipient and Message-ID (the client
cannot tell whether it was taken); a later attempt with the same Message-ID is accepted.
"""
import mailbox
import os


class Maildir:
    def __init__(self, path):
        self.path = path
        self.md = mailbox.Maildir(path, create=True)
        self.dropped = set()
        self.log = os.path.join(os.path.dirname(os.path.abspath(path)), "connections")

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("give the Maildir folder")
        return cls(args[0])

    def _note(self, what):
        with open(self.log, "a") as f:
            f.write(what + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self._note("EHLO " + hostname)
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self._note("HELO " + hostname)
        session.host_name = hostname
        return "250 {}".format(server.hostname)

    async def handle_DATA(self, server, session, envelope):
        drop = [r for r in envelope.rcpt_tos if r.startswith("drop")]
        mid = b""
        for line in envelope.original_content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                mid = line
            if not line:
                break
        if drop and (drop[0], mid) not in self.dropped:
            self.dropped.add((drop[0], mid))
            server.transport.close()
            return "421 4.3.0 closing"
        key = self.md.add(envelope.original_content)
        return "250 2.0.0 Ok: queued as " + key
