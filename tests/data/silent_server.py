# silent_server.py PORT COUNTFILE: a server on 127.0.0.1:PORT that accepts every connection and
# never sends a byte (a stalled relay or WebDAV server, a firewall swallowing the traffic),
# writing the number of connections accepted so far to COUNTFILE. Runs until killed.
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(50)
held = []
n = 0
while True:
    c, _ = s.accept()
    held.append(c)            # never a byte
    n += 1
    with open(sys.argv[2], "w") as f:
        f.write("%d\n" % n)
