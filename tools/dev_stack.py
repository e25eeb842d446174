"""`make up-distributed`: SeaweedFS S3 + the four services as processes against the local RabbitMQ, with a demo camera.

Reuses the launchers the distributed tests use (tools/local_servers), so what a developer runs is what CI tests.
A service that dies is restarted (logged with its name); one that keeps dying stops the stack, naming it (exit 1).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import sys
import tempfile
from pathlib import Path

from libs.camera_simulator.camera_filesystem import DEFAULT_CONFIG_INI
from services.embedded.demo_camera import start_demo_camera
from tools.local_servers.ports import free_port
from tools.local_servers.seaweed import running_seaweed_s3
from tools.local_servers.service_processes import running_services


def _cameras_file(folder: Path, port: int, password: str, fingerprint: str) -> Path:
    """A cameras INI naming the demo camera on its loopback port, its host key pinned."""
    path = folder / "cameras.ini"
    path.write_text(f"[DEMO01]\nhost = 127.0.0.1\nport = {port}\nuser = demo\npassword = {password}\n"
                    f"model = DomePlus (simulated)\nconfig_ini = {DEFAULT_CONFIG_INI}\n"
                    f"host_key_fingerprint = {fingerprint}\n")
    path.chmod(0o600)
    return path


def api_token() -> tuple[str, bool]:
    """SDB_API_TOKEN from the environment, or one made now (and True: print it once)."""
    given = os.environ.get("SDB_API_TOKEN", "").strip()
    return (given, False) if given else (secrets.token_urlsafe(32), True)


async def main(web_port: int, thumbnailers: int, data_dir: Path) -> str | None:
    """Start everything, print where it is, and run until Ctrl-C (None) or a service keeps dying (the reason)."""
    demo = await start_demo_camera(data_dir)
    password = demo.target.password.get_secret_value()
    token, generated = api_token()
    with tempfile.TemporaryDirectory(prefix="sdb-stack-") as scratch, \
            running_seaweed_s3(Path(scratch)) as s3:
        gateway_port = free_port()
        env = {
            "SDB_MODE": "distributed",
            "SDB_AMQP_URL": os.environ.get("SDB_AMQP_URL", "amqp://guest:guest@127.0.0.1/"),
            "SDB_S3_ENDPOINT": s3.endpoint, "SDB_S3_ACCESS_KEY": s3.access_key, "SDB_S3_SECRET_KEY": s3.secret_key,
            "SDB_CAMERAS_FILE": str(_cameras_file(Path(scratch), demo.target.port, password,
                                                        demo.simulator.host_key.get_fingerprint("sha256"))),
            "SDB_GATEWAY_PORT": str(gateway_port), "SDB_GATEWAY_URL": f"http://127.0.0.1:{gateway_port}",
            "SDB_WEB_PORT": str(web_port), "SDB_DATA_DIR": str(data_dir), "SDB_API_TOKEN": token,
        }
        loop, stop, gave_up = asyncio.get_running_loop(), asyncio.Event(), []

        def give_up(reason: str) -> None:
            gave_up.append(reason)
            loop.call_soon_threadsafe(stop.set)

        with running_services(env, data_dir / "stack-logs", thumbnailers=thumbnailers, restart=True,
                              on_give_up=give_up):
            print(f"SD Card Browser (distributed) on http://127.0.0.1:{web_port}/ — S3 at {s3.endpoint}, "
                  f"logs in {data_dir / 'stack-logs'}; Ctrl-C stops")
            if generated:
                print(f"API token (made for this run, shown once): {token}\n"
                      f"open http://127.0.0.1:{web_port}/?token={token} — sdb takes it as SDB_API_TOKEN")
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
    await demo.close()
    return gave_up[0] if gave_up else None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("SDB_WEB_PORT", "8080")))
    parser.add_argument("--thumbnailers", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("SDB_DATA_DIR", "data")))
    arguments = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        failure = asyncio.run(main(arguments.web_port, arguments.thumbnailers, arguments.data_dir.resolve()))
        if failure is not None:
            sys.exit(f"make up-distributed stopped: {failure} (see {arguments.data_dir / 'stack-logs'})")
