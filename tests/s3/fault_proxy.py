#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 proxy for the S3 retry tests (loopback only).

Usage: fault_proxy.py UPSTREAM_PORT [--fail-first N [--fail-status S] [--fail-code C] [--fail-path P]]
                      [--drop-after BYTES] [--drop-times N] [--delay-path P=MS]...
Prints "port=P" on stdout once listening, then serves until killed (or stdin closes).
  --fail-first N     the first N requests get "500 InternalError" (an S3 error document) without reaching upstream
  --fail-status S    that status instead of 500 (503 with --fail-code SlowDown: S3's request-rate error)
  --fail-code C      that S3 error code instead of InternalError
  --fail-path P      only requests whose request line contains P fail (and count towards N)
  --delay-path P=MS  requests whose request line contains P wait MS milliseconds before going upstream (repeatable:
                     objects then finish in another order than they were asked for)
  --drop-after B     the first --drop-times (default 1) GET responses with a body larger than B bytes are cut after
                     B body bytes: the connection is closed mid-body
Each request is forwarded on a fresh upstream connection with "Connection: close".
"""
import argparse
import os
import socket
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("upstream", type=int)
ap.add_argument("--fail-first", type=int, default=0)
ap.add_argument("--drop-after", type=int, default=-1)
ap.add_argument("--drop-times", type=int, default=1)
ap.add_argument("--fail-status", type=int, default=500)
ap.add_argument("--fail-code", default="InternalError")
ap.add_argument("--fail-path", default="")
ap.add_argument("--delay-path", action="append", default=[])
args = ap.parse_args()
delays = [(p.rsplit("=", 1)[0].encode(), float(p.rsplit("=", 1)[1]) / 1000.0) for p in args.delay_path]
lock = threading.Lock()
state = {"fails": args.fail_first, "drops": args.drop_times if args.drop_after >= 0 else 0}

ERROR_BODY = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code>'
              '<Message>injected by fault_proxy</Message></Error>' % args.fail_code).encode()
REASONS = {500: b"Internal Server Error", 503: b"Slow Down"}


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head, rest


def handle(client):
    try:
        head, rest = read_head(client)
        if head is None:
            return
        lines = head.split(b"\r\n")
        length = 0
        kept = [lines[0]]
        for line in lines[1:]:
            name = line.split(b":", 1)[0].strip().lower()
            if name == b"content-length":
                length = int(line.split(b":", 1)[1])
            if name in (b"connection", b"keep-alive"):
                continue
            kept.append(line)
        kept.append(b"Connection: close")
        while len(rest) < length:
            chunk = client.recv(65536)
            if not chunk:
                break
            rest += chunk
        fail = False
        if args.fail_path.encode() in lines[0]:
            with lock:
                fail = state["fails"] > 0
                if fail:
                    state["fails"] -= 1
        if fail:
            status = b"%d %s" % (args.fail_status, REASONS.get(args.fail_status, b"Error"))
            client.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/xml\r\n"
                           b"Content-Length: " + str(len(ERROR_BODY)).encode() + b"\r\nConnection: close\r\n\r\n"
                           + ERROR_BODY)
            return
        for path, seconds in delays:
            if path in lines[0]:
                time.sleep(seconds)
        up = socket.create_connection(("127.0.0.1", args.upstream))
        up.sendall(b"\r\n".join(kept) + b"\r\n\r\n" + rest)
        rhead, body = read_head(up)
        if rhead is None:
            return
        rlen = -1
        for line in rhead.split(b"\r\n")[1:]:
            if line.split(b":", 1)[0].strip().lower() == b"content-length":
                rlen = int(line.split(b":", 1)[1])
        drop = False
        if lines[0].startswith(b"GET ") and args.drop_after >= 0 and rlen > args.drop_after:
            with lock:
                drop = state["drops"] > 0
                if drop:
                    state["drops"] -= 1
        client.sendall(rhead + b"\r\n\r\n")
        sent = 0
        while True:
            if drop and sent + len(body) > args.drop_after:
                client.sendall(body[: args.drop_after - sent])
                client.shutdown(socket.SHUT_RDWR)
                return
            if body:
                client.sendall(body)
                sent += len(body)
            body = up.recv(65536)
            if not body:
                break
        up.close()
    except OSError:
        pass
    finally:
        client.close()


def main():
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
    print("port=%d" % srv.getsockname()[1], flush=True)
    # Exit when the parent closes our stdin (the test ended, even abnormally).
    # (closing the socket would not wake accept(): exit the process instead.)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        try:
            c, _ = srv.accept()
        except OSError:
            return
        threading.Thread(target=handle, args=(c,), daemon=True).start()


main()
