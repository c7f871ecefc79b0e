"""Database backup and restore: pg_dump/pg_restore for PostgreSQL, the online backup API
for SQLite. Uploaded files (MEDIA_ROOT) go into a tar.gz beside the database dump."""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    pass


@dataclass
class BackupFiles:
    database: Path
    media: Path | None


def _pg_env_and_args(alias: str) -> tuple[dict[str, str], list[str]]:
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    args = []
    if conf.get("HOST"):
        args += ["-h", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["-p", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["-U", str(conf["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（Debian 包 postgresql-client）。"
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()}")


def backup_database(target: Path, *, alias: str = "default") -> Path:
    connection = connections[alias]
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(alias)
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, name], env)
        return target
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while others keep writing.
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
        return target
    raise BackupError(f"不支持的数据库类型：{connection.vendor}")


def restore_database(source: Path, *, alias: str = "default") -> None:
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    connection = connections[alias]
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(alias)
        name = connection.settings_dict["NAME"]
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                name,
                *args,
                str(source),
            ],
            env,
        )
        return
    if connection.vendor == "sqlite":
        with sqlite3.connect(source) as snapshot:
            try:
                snapshot.execute("SELECT count(*) FROM django_migrations").fetchone()
            except sqlite3.DatabaseError:
                raise BackupError(f"{source} 不是本系统的 SQLite 备份。") from None
            connection.ensure_connection()
            snapshot.backup(connection.connection)
        snapshot.close()
        return
    raise BackupError(f"不支持的数据库类型：{connection.vendor}")


def backup_media(target: Path) -> Path | None:
    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir() or not any(media.iterdir()):
        return None
    with tarfile.open(target, "w:gz") as archive:
        archive.add(media, arcname="media")
    return target


def restore_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r:gz") as archive:
        members = [
            m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")
        ]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media, members=members, filter="data")


def backup(directory: Path, *, alias: str = "default") -> BackupFiles:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if connections[alias].vendor == "postgresql" else "sqlite3"
    database = backup_database(directory / f"xiushan-jobs-{stamp}.{suffix}", alias=alias)
    media = backup_media(directory / f"xiushan-jobs-{stamp}-media.tar.gz")
    return BackupFiles(database=database, media=media)
