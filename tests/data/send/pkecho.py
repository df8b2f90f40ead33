"""pkecho.py: pkmaildir.Maildir whose refusals echo the address, as many relays do, for t1005.

    aiosmtpd -n -c pkecho.Maildir -l 127.0.0.1:PORT --tlscert C --tlskey K -- MAILDIR

A recipient whose local part starts with "reject" is refused for good with the address in the
reply ("550 5.1.1 <ADDRESS>: Recipient address rejected: User unknown"); the others are taken
as by pkmaildir.Maildir.
"""
from pkmaildir import Maildir as Base


class Maildir(Base):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
