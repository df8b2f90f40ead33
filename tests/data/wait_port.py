# wait_port.py PORT: exit 0 once something listens on 127.0.0.1:PORT, 1 after 20 s (a bounded
# poll: tests never sleep for a fixed time).
import socket, sys, time
end = time.time() + 20
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
