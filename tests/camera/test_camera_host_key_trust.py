"""No credential before the camera's host key is verified: unknown and changed keys are refused during the key
exchange (the server gets no login attempt at all), and an operator's trust, a pin, known_hosts, a fleet CA or a
trust-on-first-use domain each make the real camera work."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import asyncssh
import pytest
from pydantic import SecretStr

from libs.camera_simulator.server import RunningSimulator
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.errors import CameraHostKeyChanged, CameraHostKeyUnknown
from libs.common.adapters.camera.host_key_probe import HostKeyMismatch
from libs.common.adapters.camera.registry import CameraRegistry, RegistryFileError
from libs.common.adapters.camera.target import CameraTarget
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.settings import Settings
from tests.fake_ssh_server import fake_camera

PASSWORD = "fleet-password-must-not-leak"
PINNED = asyncssh.generate_private_key("ssh-ed25519").get_fingerprint("sha256")


def fleet_target(port: int, camera_id: str = "ID-FAKE", host: str = "127.0.0.1",
                 pinned: str | None = None) -> CameraTarget:
    """A camera reached with the fleet's password and a client key, as any id not in the cameras file would be."""
    return CameraTarget(camera_id=camera_id, host=host, port=port, user="root", password=SecretStr(PASSWORD),
                        host_key_fingerprint=pinned)


def pool(folder: Path, **settings: object) -> CameraConnections:
    """A pool over folder's trust store with the given settings."""
    return make_camera_connections(Settings(data_dir=folder, camera_connect_timeout_s=5, **settings),
                                   LocalFolderStore(folder / "store"))


async def test_an_unknown_host_key_is_refused_before_any_login_attempt(tmp_path: Path) -> None:
    connections = pool(tmp_path)
    async with fake_camera() as fake:
        with pytest.raises(CameraHostKeyUnknown) as refused:
            await connections.session(fleet_target(fake.port))
    message = str(refused.value)
    assert fake.captured.connections == 1 and fake.captured.attempts == []
    assert fake.fingerprint in message and refused.value.presented_fingerprint == fake.fingerprint
    assert f"sdb camera trust-key ID-FAKE --fingerprint {fake.fingerprint}" in message
    assert "no password or key was sent" in message and PASSWORD not in message
    await connections.close()


async def test_a_changed_host_key_is_refused_before_any_login_attempt(tmp_path: Path) -> None:
    connections = pool(tmp_path)
    pinned = asyncssh.generate_private_key("ssh-ed25519").get_fingerprint("sha256")
    async with fake_camera() as fake:
        with pytest.raises(CameraHostKeyChanged, match=r"camera ID-FAKE at 127\.0\.0\.1:\d+ changed") as refused:
            await connections.session(fleet_target(fake.port, pinned=pinned))
    assert fake.captured.attempts == []
    assert fake.fingerprint in str(refused.value) and pinned in str(refused.value)
    await connections.close()


async def test_a_server_that_refuses_the_login_gets_nothing_on_any_later_scan_either(tmp_path: Path) -> None:
    connections = pool(tmp_path)
    async with fake_camera() as fake:
        for _ in range(3):
            with pytest.raises(CameraHostKeyUnknown):
                await connections.session(fleet_target(fake.port))
    assert fake.captured.connections == 3 and fake.captured.attempts == []
    await connections.close()


async def test_the_trust_action_trusts_only_the_presented_key_and_then_the_real_camera_works(
    simulator_sftp: RunningSimulator, tmp_path: Path
) -> None:
    connections = pool(tmp_path)
    target = replace(simulator_sftp.target("ID-TRUSTME"), host_key_fingerprint=None)
    probe = connections.host_key_probe
    with pytest.raises(CameraHostKeyUnknown):
        await connections.session(target)
    presented = await probe.presented(target)
    assert presented.fingerprint == simulator_sftp.host_key.get_fingerprint("sha256") and presented.source is None
    other = asyncssh.generate_private_key("ssh-ed25519").get_fingerprint("sha256")
    with pytest.raises(HostKeyMismatch, match="nothing was trusted"):
        await probe.trust(target, other)
    assert (await probe.presented(target)).source is None

    assert (await probe.trust(target, presented.fingerprint)).source == "operator"
    session = await connections.session(target)
    assert await session.list_files()
    await connections.close()
    later = pool(tmp_path)  # another process over the same store: a restart forgets nothing
    assert (await later.host_key_probe.presented(target)).source == "operator"
    assert await (await later.session(target)).list_files()
    await later.close()


async def test_a_camera_in_known_hosts_or_pinned_is_trusted_with_its_source(
    simulator_sftp: RunningSimulator, tmp_path: Path
) -> None:
    known_hosts = tmp_path / "operator_known_hosts"
    line = simulator_sftp.host_key.export_public_key("openssh").decode().strip()
    known_hosts.write_text(f"[127.0.0.1]:{simulator_sftp.port} {line}\n")
    connections = pool(tmp_path, camera_known_hosts=known_hosts)
    listed = replace(simulator_sftp.target("ID-LISTED"), host_key_fingerprint=None)
    assert (await connections.host_key_probe.presented(listed)).source == "known_hosts"
    assert await (await connections.session(listed)).list_files()
    pinned = simulator_sftp.target("ID-PINNED")
    assert (await pool(tmp_path / "other").host_key_probe.presented(pinned)).source == "pinned"
    await connections.close()


async def test_first_use_is_trusted_only_in_a_named_domain_and_then_held_to_that_key(tmp_path: Path) -> None:
    outside = pool(tmp_path / "outside", camera_tofu_domains="lab.example")
    inside = pool(tmp_path / "inside", camera_tofu_domains="lab.example, localhost")
    async with fake_camera() as fake:
        with pytest.raises(CameraHostKeyUnknown):
            await outside.session(fleet_target(fake.port, host="localhost"))
        assert fake.captured.attempts == []
        with pytest.raises(Exception, match="refused the login"):
            await inside.session(fleet_target(fake.port, host="localhost"))
        assert f"password {PASSWORD}" in fake.captured.attempts  # the risk of first use, stated in the README
        first = await inside.host_key_probe.presented(fleet_target(fake.port, host="localhost"))
        assert first.source == "operator"
    async with fake_camera() as impostor:
        with pytest.raises(CameraHostKeyChanged):
            await inside.session(fleet_target(impostor.port, host="localhost"))
        assert impostor.captured.attempts == []
    await outside.close()
    await inside.close()


async def test_a_host_certificate_of_the_fleet_ca_is_trusted_and_a_plain_key_is_not(tmp_path: Path) -> None:
    ca = asyncssh.generate_private_key("ssh-ed25519")
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    certificate = ca.generate_host_certificate(host_key, "camera", principals=["127.0.0.1"])
    ca_file = tmp_path / "fleet_ca"
    ca_file.write_text(f"@cert-authority 127.0.0.1 {ca.export_public_key('openssh').decode().strip()}\n")
    acceptor = await asyncssh.listen("127.0.0.1", 0, server_host_keys=[(host_key, certificate)],
                                     server_factory=asyncssh.SSHServer)
    connections = pool(tmp_path, camera_ca_keys=ca_file)
    try:
        with pytest.raises(Exception, match="refused the login"):  # the key exchange passed: the login was tried
            await connections.session(fleet_target(acceptor.get_port()))
        async with fake_camera() as plain:
            with pytest.raises(CameraHostKeyChanged):
                await connections.session(fleet_target(plain.port))
            assert plain.captured.attempts == []
    finally:
        acceptor.close()
        await connections.close()


def test_a_cameras_file_pin_must_be_a_sha256_fingerprint(tmp_path: Path) -> None:
    cameras = tmp_path / "cameras.ini"
    cameras.write_text("[CAM01]\nhost = 127.0.0.1\nhost_key_fingerprint = MD5:12:34\n")
    with pytest.raises(RegistryFileError, match=r"section \[CAM01\]: 'MD5:12:34' is not a host key fingerprint"):
        CameraRegistry(Settings(cameras_file=cameras))
    cameras.write_text(f"[CAM01]\nhost = 127.0.0.1\nhost_key_fingerprint = {PINNED}=\n")
    assert CameraRegistry(Settings(cameras_file=cameras)).resolve("cam01").host_key_fingerprint == PINNED


def test_the_removed_accept_new_host_keys_setting_stops_the_service_with_a_pointer(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDB_CAMERA_ACCEPT_NEW_HOST_KEYS", "true")
    with pytest.raises(ValueError, match="sdb camera trust-key"):
        Settings()
