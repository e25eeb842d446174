"""Which announced SSH servers get their exec channels one at a time: dropbear 2022.82 to 2024.85, and dropbear that
hides its release; never OpenSSH, older or newer dropbear, or a line that is not a version at all."""

from __future__ import annotations

import pytest

from libs.common.adapters.camera.exec_channel_limit import MAX_SHOWN_CHARS, exec_channel_limit


@pytest.mark.parametrize("version", [
    "SSH-2.0-dropbear_2022.82",
    "SSH-2.0-dropbear_2022.83",
    "SSH-2.0-dropbear_2024.85",
    "SSH-1.99-dropbear_2022.83",
    "SSH-2.0-Dropbear_2022.83",
    "SSH-2.0-dropbear_2022.83 vendor build 7",
    "SSH-2.0-dropbear_2022.83-p1\r",
])
def test_the_affected_dropbear_releases_get_one_exec_channel_at_a_time(version: str) -> None:
    limit = exec_channel_limit(version)
    assert limit is not None and limit.channels == 1
    assert "fixed in 2024.86" in limit.reason and limit.software.lower().startswith("dropbear_202")


@pytest.mark.parametrize("version", [
    "SSH-2.0-dropbear_2024.86",
    "SSH-2.0-dropbear_2025.88",
    "SSH-2.0-dropbear_2020.81",
    "SSH-2.0-dropbear_2019.78",
    "SSH-2.0-dropbear_0.52",
    "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
    "SSH-2.0-OpenSSH_8.0 dropbear_2022.83",
    "SSH-2.0-AsyncSSH_2.24.1",
    "SSH-2.0-",
])
def test_other_servers_and_releases_keep_their_parallelism(version: str) -> None:
    assert exec_channel_limit(version) is None


@pytest.mark.parametrize("version", [
    "SSH-2.0-dropbear",
    "SSH-2.0-dropbear_fw",
    "SSH-2.0-dropbear_2022",
    "SSH-2.0-dropbear_\u0662\u0660\u0662\u0662.\u0668\u0663",  # Arabic-Indic digits are not a release
    "SSH-2.0-dropbear_2022." + "9" * 5000,
])
def test_dropbear_without_a_readable_release_is_limited_as_it_may_be_affected(version: str) -> None:
    limit = exec_channel_limit(version)
    assert limit is not None and limit.channels == 1 and "readable release" in limit.reason


@pytest.mark.parametrize("version", [
    None, "", "garbage", "SSH-", "dropbear_2022.83", "\x00\xff\xfe", "SSH-2.0-dr\xf6pbear_2022.83",
    "SSH-2.0-\xe9dropbear_2022.83", "HTTP/1.1 400 Bad Request",
])
def test_lines_that_do_not_announce_dropbear_are_not_limited(version: str | None) -> None:
    assert exec_channel_limit(version) is None


def test_latin1_after_the_release_still_reads_the_release_and_shows_only_printable_ascii() -> None:
    limit = exec_channel_limit("SSH-2.0-dropbear_2022.83\xe9\x1b[31m")
    assert limit is not None and limit.software == "dropbear_2022.83??[31m"


@pytest.mark.parametrize("version", [
    "SSH-2.0-dropbear_2022.83" + "x" * 100_000,
    "SSH-2.0-dropbear" + "\x1b" * 100_000,
])
def test_a_very_long_banner_is_read_and_shown_cut_short(version: str) -> None:
    limit = exec_channel_limit(version)
    assert limit is not None and len(limit.software) == MAX_SHOWN_CHARS and limit.software.isprintable()


def test_a_very_long_banner_of_another_server_is_not_limited() -> None:
    assert exec_channel_limit("SSH-2.0-OpenSSH_9.2 " + "dropbear_2022.83 " * 10_000) is None
