"""Dependencies every route uses, as Annotated aliases: state, validated camera id, camera target, date, hour."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request

from libs.common.adapters.broker.port import Broker
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.store.port import ObjectStore
from libs.common.domain.calendar_dates import checked_day
from libs.common.domain.camera_ids import InvalidCameraId, normalize_camera_id
from libs.common.domain.host_names import host_name_problem
from services.gateway.state import GatewayState


def get_state(request: Request) -> GatewayState:
    """The gateway's shared state."""
    state: GatewayState = request.app.state.gateway
    return state


def get_store(state: Annotated[GatewayState, Depends(get_state)]) -> ObjectStore:
    """The object store adapter."""
    return state.store


def get_broker(state: Annotated[GatewayState, Depends(get_state)]) -> Broker:
    """The broker adapter."""
    return state.broker


def camera_id_param(camera_id: Annotated[str, Path(alias="id", max_length=200)]) -> str:
    """The canonical camera id from the path, or 400 before anything is read or published."""
    try:
        return normalize_camera_id(camera_id)
    except InvalidCameraId as exc:
        raise HTTPException(400, f"invalid camera id: {exc}") from exc


def camera_target_param(camera_id: Annotated[str, Depends(camera_id_param)],
                        state: Annotated[GatewayState, Depends(get_state)]) -> CameraTarget:
    """Where the camera is reached, or 422 (before anything is published or connected) when the id does not
    make a valid host name, e.g. a label over 63 characters after SDB_CAMERA_HOST_TEMPLATE."""
    target = state.registry.resolve(camera_id)
    problem = host_name_problem(target.host)
    if problem is not None:
        raise HTTPException(422, f"camera {camera_id} cannot be reached by name: its host name "
                                 f"{target.host[:80]!r} is not valid: {problem}")
    return target


def check_date(value: str) -> str:
    """A real calendar date as YYYY-MM-DD, or 422."""
    try:
        return checked_day(value)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


def date_param(date: Annotated[str, Query(max_length=10, description="YYYY-MM-DD (UTC day folder)")]) -> str:
    """The required ?date= query parameter, validated."""
    return check_date(date)


def hour_param(hour: Annotated[int | None, Query(ge=0, le=23, description="UTC hour 0-23")] = None) -> int | None:
    """The optional ?hour= query parameter."""
    return hour


State = Annotated[GatewayState, Depends(get_state)]
Store = Annotated[ObjectStore, Depends(get_store)]
BrokerDep = Annotated[Broker, Depends(get_broker)]
CameraId = Annotated[str, Depends(camera_id_param)]
Camera = Annotated[CameraTarget, Depends(camera_target_param)]
DateParam = Annotated[str, Depends(date_param)]
HourParam = Annotated[int | None, Depends(hour_param)]
