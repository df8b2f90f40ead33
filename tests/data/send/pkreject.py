"""pkreject.py: pkmaildir.Maildir that refuses some recipients, for t1004.

    aiosmtpd -n -c pkreject.Maildir -l 127.0.0.1:PORT --tlscert C --tlskey K -- MAILDIR

A recipient whose local part starts with "reject" is refused for good ("550 5.1.1 no such
user"), one starting with "busy" for now ("450 4.2.1 mailbox busy, try later"); the others
are taken as by pkmaildir.Maildir.
"""
from pkmaildir import Maildir as Base


class Maildir(Base):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 no such user"
        if address.startswith("busy"):
            return "450 4.2.1 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
