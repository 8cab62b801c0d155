"""N app processes behind Debian's nginx on one port: sticky sessions and websocket proxying.

Streamlit keeps each learner's session (settings, runs, results) inside the process that served
its websocket, so a proxy must send every request of one browser to the same process. nginx
(open source) has no sticky-cookie module; instead the first response sets a random
`torchplay_replica` cookie and the upstream is chosen by a consistent hash of it, so the page,
its websocket and any reconnect all land on the same replica. Each response names its replica in
an `X-Torchplay-Upstream` header, and nginx's access log records it per request.

The class boards (core.store) are shared by all replicas: unless TORCHPLAY_STORE is set, a local
redis-server (Debian's, append-only file on, in the run folder) starts beside nginx and every replica
points at it; without redis-server they share the SQLite file next to the models.

Usage: python -m deploy.replicas N [--port 8501] [--address 127.0.0.1]   (Ctrl-C stops everything)
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from core.pool import WORKERS_ENV, default_size

ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
REDIS_SERVER = "/usr/bin/redis-server"
STORE_ENV = "TORCHPLAY_STORE"
COOKIE = "torchplay_replica"
UPSTREAM_HEADER = "X-Torchplay-Upstream"
REPLICA_ENV = "TORCHPLAY_REPLICA"  # each app process knows its own name (the sidebar can show it)
UPLOAD_LIMIT_MB = 20  # .streamlit/config.toml's server.maxUploadSize; nginx must let such a body through

NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    log_format replicas '$remote_addr [$time_local] "$request" $status upstream=$upstream_addr sticky=$sticky';
    access_log {run}/access.log replicas;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size {body_mb}m;

    # A browser without the cookie gets a fresh random key; with it, it keeps its replica.
    map $cookie_{cookie} $sticky {{ "" $request_id; default $cookie_{cookie}; }}
    map $cookie_{cookie} $sticky_cookie {{ "" "{cookie}=$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}

    upstream torchplay {{
        hash $sticky consistent;
{servers}
    }}

    server {{
        listen {address}:{port};
        location / {{
            proxy_pass http://torchplay;
            proxy_http_version 1.1;
            # $http_host keeps the port: Streamlit compares the websocket's Origin with Host.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;  # a quiet websocket (a learner reading) must not be cut
            proxy_send_timeout 1h;
            proxy_request_buffering off;  # uploads stream to the app, which enforces the limit
            # Large responses (Plotly's script) pass through memory, never a temp file: started as root, nginx's
            # workers run as nobody and cannot write in a private run folder, and the browser got a cut-off file.
            proxy_max_temp_file_size 0;
            add_header Set-Cookie $sticky_cookie always;
            add_header {header} $upstream_addr always;
        }}
    }}
}}
"""


_HANDED_OUT: set[int] = set()  # ports this process was given: a port is free until its server binds it, and the
# OS may offer it again meanwhile (nginx's port, chosen first, came back as a replica's and nginx could not bind)


def free_port(address: str = "127.0.0.1") -> int:
    """A port nobody listens on, and not one this process was given before."""
    while True:
        with socket.socket() as sock:
            sock.bind((address, 0))
            port = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def nginx_config(run: Path, address: str, port: int, upstreams: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    return NGINX_CONF.format(run=run, address=address, port=port, servers=servers, cookie=COOKIE,
                             header=UPSTREAM_HEADER, body_mb=UPLOAD_LIMIT_MB + 1)


def start_redis(folder: Path, appendonly: bool, timeout: float = 60.0) -> tuple[subprocess.Popen, str]:
    """Debian's redis-server on a free loopback port, its files and log in `folder`: (process, redis:// URL)."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "yes" if appendonly else "no", "--dir", str(folder),
                               "--logfile", str(folder / "redis.log")])
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return server, f"redis://127.0.0.1:{port}/0"
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.terminate()
            raise RuntimeError(f"redis-server did not start on port {port}; see {folder / 'redis.log'}")
        time.sleep(0.05)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _python() -> str:
    python = ROOT / ".venv" / "bin" / "python"
    return str(python if python.exists() else sys.executable)


class Replicas:
    """Start N Streamlit processes and nginx in front of them; a context manager that stops them all."""

    def __init__(self, n: int, port: int | None = None, address: str = "127.0.0.1", run_dir: Path | None = None,
                 env: dict | None = None, streamlit_args: tuple[str, ...] = ()):
        if n < 1:
            raise ValueError(f"need at least one replica, got {n}")
        self.n, self.address = n, address
        self.port = port or free_port(address)
        # Logs, nginx's files and redis-server's data; one folder per port, so a restart finds its classes again.
        self.run = Path(run_dir or Path(tempfile.gettempdir()) / f"torchplay-replicas-{self.port}")
        self.env = {**os.environ, **(env or {})}
        # The cores are shared by all replicas: each gets its part of the training slots (at least one).
        self.env.setdefault(WORKERS_ENV, str(max(1, default_size() // n)))
        self.streamlit_args = streamlit_args
        self.upstreams: list[int] = []
        self.apps: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        self.redis: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 120.0) -> "Replicas":
        if not Path(NGINX).exists():
            raise RuntimeError(f"nginx is not installed at {NGINX}: apt-get install nginx (Debian)")
        self.run.mkdir(parents=True, exist_ok=True)
        try:
            if STORE_ENV not in self.env and Path(REDIS_SERVER).exists():
                self.env[STORE_ENV] = self._start_redis(timeout)
            # Models an earlier version saved as files join the shared store once (as `make run` does), from the
            # models folder of self.env ($TORCHPLAY_MODELS, else <repo>/models; tests point it at tmp).
            subprocess.run([_python(), "-m", "core.saved_models", "import-legacy"], cwd=ROOT, env=self.env,
                           check=False)
            for index in range(self.n):
                self.upstreams.append(free_port())
                self.apps.append(self._launch(index, "w"))
            conf = self.run / "nginx.conf"
            conf.write_text(nginx_config(self.run, self.address, self.port, self.upstreams))
            check = subprocess.run([NGINX, "-t", "-q", "-e", str(self.run / "error.log"), "-p", str(self.run),
                                    "-c", str(conf)], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"nginx refused {conf}: {check.stderr.strip()}")
            self.nginx = subprocess.Popen([NGINX, "-e", str(self.run / "error.log"), "-p", str(self.run), "-c",
                                           str(conf), "-g", "daemon off;"], stderr=subprocess.STDOUT,
                                          stdout=open(self.run / "nginx.out", "w"))
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, index: int, log_mode: str) -> subprocess.Popen:
        """Replica index+1's app process on its port (nginx's upstream), its output in replica-N.log."""
        with open(self.run / f"replica-{index + 1}.log", log_mode) as log:
            return subprocess.Popen(
                [_python(), "-m", "streamlit", "run", "app.py", "--server.port", str(self.upstreams[index]),
                 "--server.address", "127.0.0.1", "--server.headless", "true",
                 "--server.scriptHealthCheckEnabled", "true", "--server.fileWatcherType", "none",
                 *self.streamlit_args],
                cwd=ROOT, env={**self.env, REPLICA_ENV: f"replica-{index + 1}"}, stdout=log, stderr=subprocess.STDOUT)

    def restart(self, *indexes: int, timeout: float = 120.0) -> None:
        """Kill these replicas' processes (0 is replica-1), as a crash would, and start new ones on the same ports, so
        nginx sends their browsers there again; returns once all have run app.py. Their sessions are gone; the store
        keeps the classes."""
        for index in indexes:
            self.apps[index].kill()
            self.apps[index].wait()
        for index in indexes:
            self.apps[index] = self._launch(index, "a")
        self._wait_until_ready(timeout)

    def _start_redis(self, timeout: float) -> str:
        self.redis, url = start_redis(self.run / "redis", appendonly=True, timeout=timeout)
        return url

    def _wait_until_ready(self, timeout: float) -> None:
        from ui.warmup import warm_up

        deadline = time.monotonic() + timeout
        for index, (port, app) in enumerate(zip(self.upstreams, self.apps)):
            url = f"http://127.0.0.1:{port}"
            while not healthy(url):
                if app.poll() is not None or time.monotonic() > deadline:
                    log = (self.run / f"replica-{index + 1}.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"replica {index + 1} did not come up on port {port}:\n{log}")
                time.sleep(0.25)
            # Run app.py once per process, so its page routing is in place before a student arrives.
            if not warm_up(url, timeout=max(1.0, deadline - time.monotonic())):
                raise RuntimeError(f"replica {index + 1} could not run app.py")
        while not healthy(self.url):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not answer on {self.url}: {(self.run / 'error.log').read_text()}")
            time.sleep(0.1)

    def pids(self) -> list[int]:
        return [app.pid for app in self.apps]

    def upstream_names(self) -> dict[str, str]:
        """'127.0.0.1:port' (as X-Torchplay-Upstream says) -> replica name."""
        return {f"127.0.0.1:{port}": f"replica-{i + 1}" for i, port in enumerate(self.upstreams)}

    def stop(self) -> None:
        processes = ([self.nginx] if self.nginx else []) + self.apps + ([self.redis] if self.redis else [])
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> "Replicas":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many app processes (e.g. one per 2 cores)")
    parser.add_argument("--port", type=int, default=8501, help="the port students open (nginx)")
    parser.add_argument("--address", default="127.0.0.1", help="0.0.0.0 shares it on the LAN")
    args = parser.parse_args(argv)
    if shutil.which("nginx") is None and not Path(NGINX).exists():
        print("error: nginx is not installed; on Debian: apt-get install nginx", file=sys.stderr)
        return 1
    replicas = Replicas(args.n, port=args.port, address=args.address)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        replicas.start()
    except (RuntimeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        names = ", ".join(f"{name} on :{addr.split(':')[1]}" for addr, name in replicas.upstream_names().items())
        print(f"torchplay: {args.n} replicas ({names}) behind nginx at {replicas.url}, class boards in "
              f"{replicas.env.get(STORE_ENV, 'the SQLite file next to the models')}  (logs in {replicas.run}; "
              "Ctrl-C stops them)", flush=True)
        while all(p.poll() is None for p in replicas.apps + [replicas.nginx]):
            time.sleep(1)
        print("error: a replica or nginx exited; stopping the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        replicas.stop()


if __name__ == "__main__":
    sys.exit(main())
