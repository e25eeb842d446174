"""Settings of every service, read from SDB_* environment variables (and the camera's CAM* ones)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from libs.common.domain.time_zones import camera_zone
from libs.common.domain.webhook_urls import webhook_url_problem


class Settings(BaseSettings):
    """One settings object for all services; each reads what it needs."""

    model_config = SettingsConfigDict(env_prefix="SDB_", extra="ignore")

    mode: Literal["embedded", "distributed"] = "embedded"
    log_level: str = "info"
    log_json: bool = False

    # Messaging and storage adapters
    amqp_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1/")
    publish_timeout_s: float = 10.0
    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: SecretStr = SecretStr("")
    s3_secret_key: SecretStr = SecretStr("")
    s3_bucket: str = "sdcard-browser"
    s3_secure: bool = False
    data_dir: Path = Path("./data")
    store_retry_deadline_s: float = 300.0  # workers wait out an S3 outage this long per call
    # the folder store keeps this much disk free for scan records, so a scan can end when the disk fills up
    store_reserve_bytes: int = Field(4 * 1024**2, ge=0)
    publish_retry_deadline_s: float = 300.0  # workers wait out a broker outage this long per work message

    # Cameras
    camera_host_template: str = "{id}.local"
    camera_port: int = 22
    cameras_file: Path | None = None
    camera_user: str = Field("root", validation_alias=AliasChoices("CAMUSERID", "SDB_CAMERA_USER"))
    camera_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("CAMPASSWORD", "SDB_CAMERA_PASSWORD")
    )
    camera_config_ini: str = Field(
        "/mnt/flash/config/camera.ini", validation_alias=AliasChoices("CONFIG_INI", "SDB_CAMERA_CONFIG_INI")
    )
    camera_sd_root: str = "/mnt/sdcard"
    camera_timezone: str = "UTC"
    camera_connect_timeout_s: float = 10.0
    camera_call_timeout_s: float = 20.0
    camera_max_parallel: int = 64
    camera_max_handshakes: int = Field(8, ge=1, le=1000)  # SSH handshakes in flight per process, over all cameras
    camera_known_hosts: Path | None = None  # an OpenSSH known_hosts file of trusted cameras (read, never written)
    camera_ca_keys: Path | None = None  # OpenSSH `@cert-authority` lines: host keys signed by the fleet CA
    camera_tofu_domains: str = ""  # comma-separated domains whose cameras are trusted on first use (opt-in)

    # Work
    scan_deadline_s: float = 30.0
    # Scans (and watch ticks) one collector runs at once: a watched fleet's ticks fall due together and a tick of an
    # unchanged card is a listing; SSH handshakes stay bounded by camera_max_handshakes whatever this is
    collector_max_scans: int = Field(16, ge=1, le=1000)
    scan_stall_deadline_s: float = Field(1800.0, gt=0)  # an open scan whose progress stays still this long fails
    thumbnail_concurrency: int = Field(0, ge=0)  # image worker processes per thumbnailer; 0: one per core
    thumbnail_prefetch: int = 4
    job_max_tries: int = 3
    preview_frames: int = 10
    image_read_budget_pct: float = 2.0
    image_read_budget_min_bytes: int = 64 * 1024
    render_deadline_s: float = 15.0
    # How many consumers each work queue should have; health says `degraded` while a queue has fewer
    expected_collectors: int = Field(1, ge=0)
    expected_thumbnailers: int = Field(1, ge=0)
    expected_renderers: int = Field(1, ge=0)
    export_max_bytes: int = 4 * 1024**3  # one range export (MP4 or zip) may read at most this much from a camera
    export_max_concurrent: int = Field(4, ge=1)  # exports streaming at once per gateway; one more answers 429
    retention_min_days: float = Field(7.0, ge=0, le=3650)  # the card check warns under this estimated retention

    # Watches and their alerts
    watch_min_every_s: float = Field(30.0, gt=0)  # test-only: tests lower it; the API never goes under it
    watch_scan_wait_s: float = Field(600.0, gt=0)  # a tick judges what is stored once its scan ended or after this
    webhook_urls: str = ""  # comma-separated http(s) URLs told of each new issue
    webhook_secret: SecretStr = SecretStr("")  # key of the X-SDB-Signature HMAC

    # HTTP
    gateway_url: str = "http://127.0.0.1:8081"
    gateway_port: int = 8081
    web_port: int = 8080
    bind_host: str = "127.0.0.1"
    api_token: SecretStr | None = None
    allowed_hosts: str = ""  # names the server is opened by (comma-separated; default: the bound address's names)

    # Embedded demo camera
    demo_camera: bool = True

    @property
    def webhook_url_list(self) -> list[str]:
        """SDB_WEBHOOK_URLS as a list, blanks dropped."""
        return [url.strip() for url in self.webhook_urls.split(",") if url.strip()]

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        """Refuse a distributed setup with no S3 credentials, a host template without {id}, an unknown time zone."""
        if "{id}" not in self.camera_host_template:
            raise ValueError("SDB_CAMERA_HOST_TEMPLATE must contain {id}, e.g. '{id}.umbocv.local'")
        camera_zone(self.camera_timezone)
        if "SDB_CAMERA_ACCEPT_NEW_HOST_KEYS" in os.environ:
            raise ValueError("SDB_CAMERA_ACCEPT_NEW_HOST_KEYS was removed: trust a camera's new key with "
                             "`sdb camera trust-key ID --fingerprint SHA256:...` (README, Security)")
        for url in self.webhook_url_list:
            if problem := webhook_url_problem(url):
                raise ValueError(f"SDB_WEBHOOK_URLS: {problem}")
        if self.mode == "distributed" and not self.s3_access_key.get_secret_value():
            raise ValueError("distributed mode needs SDB_S3_ACCESS_KEY and SDB_S3_SECRET_KEY")
        return self


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
