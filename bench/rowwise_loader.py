#!/usr/bin/env python3
"""Row-by-row loader in the style of the Udacity Sparkify seed's etl.py (sparkify-bench's path (d)).

    rowwise_loader.py --db URL --file EVENTS.json [--table staging_events]

Reads a file of JSON log events (one per line), and for each event runs one INSERT through psycopg2 on an
autocommit connection (the seed: `conn.set_session(autocommit=True)`, `cur.execute(insert_sql, row)` per row).
The values are converted as starshift's COPY with log_json_path.json does (userId "" -> NULL, ts epoch
milliseconds -> timestamp), so that sparkify-bench can check the loaded rows against db::copy_into of the same lines.

Prints one JSON object on stdout: rows, seconds, cpu_seconds (this process), server_cpu_seconds (its backend, from
/proc; -1 when unreadable), peak_rss_mb (ru_maxrss). Exit 3 when psycopg2 is missing (Debian: python3-psycopg2).
"""
import argparse
import json
import os
import resource
import sys
import time

try:
    import psycopg2
except ImportError:  # pragma: no cover
    print("rowwise_loader.py: psycopg2 is not installed (Debian: apt-get install python3-psycopg2)", file=sys.stderr)
    sys.exit(3)

INSERT = """INSERT INTO {table} (artist, auth, first_name, gender, item_in_session, last_name, length, level,
    location, method, page, registration, session_id, song, status, ts, user_agent, user_id)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
            timestamp 'epoch' + %s * interval '1 millisecond', %s, %s)"""


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return -1.0


def to_int(v):
    if v is None or v == "":
        return None
    return int(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="PostgreSQL URL")
    ap.add_argument("--file", required=True, help="JSON lines of Sparkify log events")
    ap.add_argument("--table", default="staging_events")
    a = ap.parse_args()

    conn = psycopg2.connect(a.db)
    conn.set_session(autocommit=True)
    cur = conn.cursor()
    cur.execute("SELECT pg_backend_pid()")
    backend = cur.fetchone()[0]
    sql = INSERT.format(table=a.table)

    cpu0 = time.process_time()
    server0 = proc_cpu_seconds(backend)
    t0 = time.perf_counter()
    rows = 0
    with open(a.file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            cur.execute(sql, (e.get("artist"), e.get("auth"), e.get("firstName"), e.get("gender"),
                              to_int(e.get("itemInSession")), e.get("lastName"), e.get("length"), e.get("level"),
                              e.get("location"), e.get("method"), e.get("page"), e.get("registration"),
                              to_int(e.get("sessionId")), e.get("song"), to_int(e.get("status")), e.get("ts"),
                              e.get("userAgent"), to_int(e.get("userId"))))
            rows += 1
    seconds = time.perf_counter() - t0
    server1 = proc_cpu_seconds(backend)
    cpu = time.process_time() - cpu0
    cur.close()
    conn.close()
    print(json.dumps({
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "server_cpu_seconds": (server1 - server0) if server0 >= 0 and server1 >= 0 else -1.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
