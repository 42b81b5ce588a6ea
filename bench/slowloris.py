#!/usr/bin/env python3
"""bench/slowloris.py -- hold N slow connections to 127.0.0.1:PORT.

usage: slowloris.py PORT N SECONDS

Opens N connections from 127.0.0.1 and sends the headers of a request one
byte every 2 s, never finishing them, for SECONDS; reopens a connection the
server closes.  Prints how many were closed by the server and how many
answered (503) at the end.  Loopback only.
"""
import socket
import sys
import time

port, n, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
req = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10000
socks, pos = [], []
closed = answered = 0


def opened():
    s = socket.socket()
    s.settimeout(0)
    try:
        s.connect_ex(("127.0.0.1", port))
    except OSError:
        pass
    return s


for _ in range(n):
    socks.append(opened())
    pos.append(0)
end = time.time() + seconds
while time.time() < end:
    time.sleep(2)
    for i, s in enumerate(socks):
        try:
            data = s.recv(4096)
            if data:
                answered += 1
            closed += 1
            s.close()
            socks[i], pos[i] = opened(), 0
            continue
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
            s.close()
            socks[i], pos[i] = opened(), 0
            continue
        try:
            s.send(req[pos[i]:pos[i] + 1])
            pos[i] += 1
        except OSError:
            pass
for s in socks:
    s.close()
print(f"slowloris: {n} slow connections for {seconds:.0f} s: {closed} closed by the server"
      f" ({answered} with an answer)")
