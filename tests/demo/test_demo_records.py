"""The demo camera goes on recording: a newcomer's first scan finds the clip being written and a pass for today."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from libs.common.contracts.settings import Settings
from services.embedded.demo_camera import start_demo_camera
from services.embedded.system import EmbeddedSystem
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client


async def test_a_first_scan_of_the_demo_finds_the_clip_being_written_and_a_pass_for_today(tmp_path: Path) -> None:
    demo = await start_demo_camera(tmp_path / "demo", width=160, height=96, fps=5, bitrate_kbps=40)
    try:
        settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid", demo_camera=False)
        async with EmbeddedSystem(settings, [demo.target]) as system, served_client(system.web_app) as web:
            scan = await scan_and_wait(web, "DEMO01", thumbnails=False, previews=False)
            assert scan["status"] == "completed"
            today = datetime.now(UTC).date().isoformat()
            clips = (await web.get("/api/v1/cameras/DEMO01/recordings", params={"date": today})).json()
            being_written = [clip for clip in clips if clip["status"] == "recording"]
            assert demo.recorder.current is not None
            assert [clip["path"] for clip in being_written] == [
                demo.recorder.current.relative_to(tmp_path / "demo" / "demo-camera" / "sdcard").as_posix()]
            checks = (await web.get("/api/v1/cameras/DEMO01/checks", params={"date": today})).json()
            assert (checks["verdict"], checks["issues"]) == ("pass", [])
            assert checks["days"][0]["judged_until"] == being_written[0]["start"] + "Z"
    finally:
        await demo.close()
