#!/usr/bin/env python3
"""A latency-injecting TCP proxy for the S3 read benchmark (loopback only).

Usage: latency_proxy.py UPSTREAM_PORT --delay-ms D
Prints "port=P" on stdout once listening, then serves until killed (or stdin closes).
Every read of what a client sends is held D ms before it is forwarded upstream, as a round trip to a distant S3
endpoint would hold it: a GET or a listing request arrives in one read, so each request waits D ms (a large PUT
body would wait once per 64 KiB read; the benchmark sends none through the proxy). Responses flow back undelayed.
Connections are kept as the client keeps them (keep-alive works through the proxy), each one independent, so N
requests in flight on N connections each wait D ms at the same time.
"""
import argparse
import asyncio
import os
import sys
import threading

ap = argparse.ArgumentParser()
ap.add_argument("upstream", type=int)
ap.add_argument("--delay-ms", type=float, default=20.0)
args = ap.parse_args()
delay = args.delay_ms / 1000.0


async def pipe(reader, writer, hold):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if hold:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except OSError:
            pass


async def handle(client_reader, client_writer):
    try:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", args.upstream)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, up_writer, True), pipe(up_reader, client_writer, False))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
    print("port=%d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


# Exit when the parent closes our stdin (the benchmark ended, even abnormally).
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
asyncio.run(main())
