"""`sdb fleet [--json]`: the fleet table worst first; exit 0 also when a camera's verdict today is fail (API.md)."""

from __future__ import annotations

import json

import httpx

from libs.common.contracts.api.fleet import Fleet
from tests.cli.sdb_process import run_sdb
from tests.embedded_system import EmbeddedFactory
from tools.local_servers.asgi_server import serve_app


async def test_the_table_lists_the_worst_camera_first_and_exits_0_also_on_a_fail_today(
        fleet_web: httpx.AsyncClient) -> None:
    url = str(fleet_web.base_url)
    table = await run_sdb("fleet", url=url)
    assert table.code == 0, table.stderr
    header, first, second = (line.split("\t") for line in table.lines)  # tab-separated on a pipe
    assert header[:4] == ["camera", "state", "last scan", "today"] and header[-1] == "days"
    assert first[:2] == ["DOWN02", "unreachable"] and first[3] == "-"
    assert second[:2] == ["CAM01", "idle"] and second[3] == "fail" and "gap " in second[6]
    assert second[-1] == "......x", "seven days, today failed"

    as_json = await run_sdb("fleet", "--json", url=url)
    assert as_json.code == 0
    fleet = Fleet.model_validate(json.loads(as_json.stdout))
    assert [row.camera_id for row in fleet.cameras] == ["DOWN02", "CAM01"]


async def test_a_fleet_without_a_fail_today_exits_0(make_embedded: EmbeddedFactory) -> None:
    async with make_embedded([]) as system, serve_app(system.web_app) as url:
        answer = await run_sdb("fleet", "--json", url=url)
        assert answer.code == 0, answer.stderr
        assert json.loads(answer.stdout)["cameras"] == []


async def test_a_server_that_does_not_answer_exits_2() -> None:
    answer = await run_sdb("fleet", url="http://127.0.0.1:9")
    assert answer.code == 2 and "server" in answer.stderr
