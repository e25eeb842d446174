"""The one boundary where asyncssh, socket and timeout errors become our CameraError types."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import asyncssh

from libs.common.adapters.camera.errors import (
    CameraAuthFailed,
    CameraError,
    CameraFileError,
    CameraTimeout,
    CameraUnreachable,
)
from libs.common.adapters.camera.shell_commands import RangeReadFailed, UnexpectedOutput
from libs.common.adapters.camera.target import CameraTarget

_CONNECTION_LOST = (
    asyncssh.ConnectionLost,
    asyncssh.SFTPConnectionLost,
    asyncssh.ChannelOpenError,
    BrokenPipeError,
    ConnectionResetError,
)


def is_connection_lost(error: BaseException) -> bool:
    """True when `error` means the SSH connection went away (worth one reconnect), not a failed request."""
    if isinstance(error, (asyncssh.PermissionDenied, asyncssh.HostKeyNotVerifiable)):
        return False
    return isinstance(error, (*_CONNECTION_LOST, asyncssh.DisconnectError))


def _process_failure(error: asyncssh.ProcessError) -> str:
    """Describe a failed shell command by its exit status and first stderr line."""
    stderr = error.stderr
    text = stderr.decode("utf-8", errors="replace") if isinstance(stderr, bytes) else str(stderr or "")
    first_line = text.strip().splitlines()[0] if text.strip() else "no error output"
    if error.exit_status == 127:
        return f"the camera has no such command ({first_line})"
    return f"command exited with status {error.exit_status}: {first_line}"


@contextmanager
def translate_errors(target: CameraTarget, action: str) -> Iterator[None]:
    """Re-raise library errors met while doing `action` on `target` as CameraError subclasses."""
    with _unlisted_unreachable_alike(target):
        yield from _translated(target, action)


@contextmanager
def _unlisted_unreachable_alike(target: CameraTarget) -> Iterator[None]:
    """For an id reached by name, every way of not reaching it reads the same: a name that does not resolve, a
    refused or dropped connection (no lookup oracle for names on the service's network)."""
    try:
        yield
    except CameraUnreachable as error:
        if not target.by_name:
            raise
        raise CameraUnreachable(f"cannot reach camera {target.camera_id}: nothing answered as {target.host[:80]} "
                                "(a camera not in the cameras file is reached by SDB_CAMERA_HOST_TEMPLATE)") from error


def _translated(target: CameraTarget, action: str) -> Iterator[None]:
    """The translation itself, as a generator for translate_errors."""
    where = f"camera {target.camera_id} at {target.host}:{target.port}"
    try:
        yield
    except CameraError:
        raise
    except asyncssh.PermissionDenied as error:
        raise CameraAuthFailed(
            f"{where} refused the login of user {target.user!r}: check the camera user/password "
            "(CAMUSERID/CAMPASSWORD) or the key file"
        ) from error
    except asyncssh.HostKeyNotVerifiable as error:
        raise CameraError(
            f"{where} presented a host key that is not in the known_hosts file: {error.reason}"
        ) from error
    except TimeoutError as error:
        raise CameraTimeout(f"{where} did not answer in time while {action}") from error
    except socket.gaierror as error:
        raise CameraUnreachable(
            f"cannot reach {where}: host name does not resolve ({error.strerror})"
        ) from error
    except asyncssh.ProcessError as error:
        raise CameraFileError(f"{where}: {action} failed: {_process_failure(error)}") from error
    except RangeReadFailed as error:
        raise CameraFileError(f"{where}: {action} failed: {error}") from error
    except (asyncssh.SFTPConnectionLost, asyncssh.ConnectionLost) as error:
        raise CameraUnreachable(f"cannot reach {where}: connection lost ({error.reason})") from error
    except asyncssh.SFTPError as error:
        raise CameraFileError(f"{where}: {action} failed: {error.reason}") from error
    except (asyncssh.DisconnectError, asyncssh.ChannelOpenError) as error:
        raise CameraUnreachable(f"cannot reach {where}: {error.reason}") from error
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise CameraUnreachable(f"cannot reach {where}: {reason}") from error
    except (UnexpectedOutput, UnicodeDecodeError) as error:
        raise CameraFileError(f"{where}: {action} gave output we cannot read: {error}") from error
    except UnicodeError as error:  # the IDNA codec refusing the host name (a label over 63 characters, say)
        raise CameraUnreachable(f"cannot reach {where}: {target.host[:80]!r} is not a valid host name "
                                f"({error})") from error
