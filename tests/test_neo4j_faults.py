"""`kg export neo4j` against servers that fail: none, one that refuses the password, one that
accepts and never replies, one that stops answering mid-load, and Ctrl-C while it waits.
Each ends with one line on stderr and a non-zero exit, never a traceback or a hang."""

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

from .bolt_server import bolt_server


def _listener():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    return srv, srv.getsockname()[1]


def _serve(srv, handle):
    def loop():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


def _silent(conn):
    """Accept, read, never answer."""
    with conn:
        while conn.recv(65536):
            pass


def _packstring(s: str) -> bytes:
    b = s.encode("utf-8")
    return bytes([0x80 + len(b)]) + b if len(b) < 16 else bytes([0xD0, len(b)]) + b


def _refuse_password(conn):
    """Bolt 5.0: agree the version, answer HELLO with the failure Neo4j sends for bad credentials."""
    with conn:
        conn.recv(20)
        conn.sendall(bytes([0, 0, 0, 5]))
        conn.recv(65536)
        body = (bytes([0xB1, 0x7F, 0xA2]) + _packstring("code") + _packstring("Neo.ClientError.Security.Unauthorized")
                + _packstring("message") + _packstring("The client is unauthorized due to authentication failure."))
        conn.sendall(struct.pack(">H", len(body)) + body + b"\0\0")
        while conn.recv(65536):
            pass


def _stalling_proxy(target_port: int, after: int):
    """Relay to the real server until the client has sent `after` bytes, then relay nothing more."""
    def handle(client):
        upstream = socket.create_connection(("127.0.0.1", target_port))
        sent = [0]

        def pump(src, dst, count):
            while True:
                try:
                    data = src.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                if count:
                    sent[0] += len(data)
                if sent[0] > after:
                    continue  # the server has stopped answering
                dst.sendall(data)

        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()
        pump(client, upstream, True)

    srv, port = _listener()
    _serve(srv, handle)
    return srv, port


def _kg(*args, wait=120, **kw):
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, **kw)


def _one_line_error(proc, wait=120):
    out, err = proc.communicate(timeout=wait)
    assert proc.returncode != 0, out
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_no_server(seed_build):
    srv, port = _listener()
    srv.close()  # nothing listens there now
    err = _one_line_error(_kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{port}"))
    assert err.startswith(f"Error: bolt://127.0.0.1:{port}: no Bolt server answers")


def test_bad_uri(seed_build):
    err = _one_line_error(_kg("export", "neo4j", str(seed_build[0]), "--uri", "http://127.0.0.1:1"))
    assert "not a Bolt URI" in err


def test_wrong_password(seed_build):
    srv, port = _listener()
    _serve(srv, _refuse_password)
    err = _one_line_error(_kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{port}",
                              "--password", "wrong"))
    assert "refused the credentials" in err and "wrong" not in err
    srv.close()


def test_server_that_accepts_and_never_replies(seed_build):
    srv, port = _listener()
    _serve(srv, _silent)
    err = _one_line_error(_kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{port}",
                              "--timeout", "1"))
    assert "no Bolt server answers" in err
    srv.close()


@pytest.fixture(scope="module")
def falkordb_port(tmp_path_factory):
    with bolt_server(tmp_path_factory.mktemp("bolt-faults")) as driver:
        yield driver.get_server_info().address.port


def test_server_that_stops_answering_mid_load(seed_build, falkordb_port):
    srv, port = _stalling_proxy(falkordb_port, after=6000)
    err = _one_line_error(_kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{port}",
                              "--timeout", "2", "-q"))
    assert "did not answer within 2 s" in err
    srv.close()


def test_ctrl_c_ends_an_export_that_waits(seed_build, falkordb_port):
    srv, port = _stalling_proxy(falkordb_port, after=6000)
    proc = _kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{port}", "--timeout", "600", "-q")
    time.sleep(8)  # connected, loading, then waiting on a server that no longer answers
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    err = _one_line_error(proc, wait=30)
    assert proc.returncode == 130 and "interrupted" in err
    srv.close()


def test_default_batches_fit_a_server_without_constraints(seed_build, falkordb_port):
    """No --batch-size: the exporter sees the server has no constraints and keeps batches small
    (FalkorDB's Bolt crashes on Neo4j-sized ones)."""
    proc = _kg("export", "neo4j", str(seed_build[0]), "--uri", f"bolt://127.0.0.1:{falkordb_port}",
               "--timeout", "20", "-q")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "batches: 20 rows, 2500 bytes" in out and out.strip().endswith("counts match the build")
