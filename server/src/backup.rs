//! `xiaoneng backup --to FILE` and `xiaoneng restore --from FILE`.
//!
//! A backup is a consistent copy of the whole database as of the moment it
//! began — every write acknowledged before then, evidence included (files
//! live in the database) — taken while the server keeps serving:
//! - SQLite: `VACUUM INTO`, which reads one snapshot and writes a compact
//!   SQLite file (a plain copy of the live file may miss the last commits,
//!   which are still in the write-ahead log);
//! - PostgreSQL: `pg_dump --format=custom`, one snapshot too.
//!
//! A restore goes into an empty database of the same engine only (it
//! refuses one that holds anything), then applies this build's migrations
//! and checks the audit chain. The server's secret is not in a backup:
//! keep it with the backups, apart (the chain cannot be checked without it).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::db::{Pool, Store};

/// Writes a consistent copy of the database at `to` (which must not exist).
pub async fn backup(store: &Store, database_url: &str, to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        bail!("{} exists already: a backup never overwrites", to.display());
    }
    match store.pool() {
        Pool::Sqlite(pool) => {
            let target = to
                .to_str()
                .context("the backup's path is not UTF-8")?
                .replace('\'', "''");
            sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{target}'")))
                .execute(pool)
                .await
                .context("VACUUM INTO")?;
            // The copy is on the disk before we say it is made.
            std::fs::File::open(to)?.sync_all()?;
        }
        Pool::Pg(_) => {
            run(Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(to)
                .arg(database_url))
            .context("pg_dump (PostgreSQL's client tools must be installed)")?;
            std::fs::File::open(to)?.sync_all()?;
        }
    }
    Ok(())
}

/// Restores the backup at `from` into the empty database at `database_url`.
pub async fn restore(database_url: &str, from: &Path) -> anyhow::Result<()> {
    if !from.is_file() {
        bail!("no backup at {}", from.display());
    }
    if database_url.starts_with("sqlite:") {
        let options: sqlx::sqlite::SqliteConnectOptions =
            database_url.parse().context("reading the SQLite URL")?;
        let target = options.get_filename().to_path_buf();
        if target.exists() && std::fs::metadata(&target)?.len() > 0 {
            let probe = sqlx::SqlitePool::connect_with(options.clone()).await?;
            let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master")
                .fetch_one(&probe)
                .await?;
            probe.close().await;
            if tables > 0 {
                bail!(
                    "{} is not empty: a backup is restored only into an empty database",
                    target.display()
                );
            }
        }
        // Check the backup itself before it becomes the database.
        let backup = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(from)
            .read_only(true);
        let check = sqlx::SqlitePool::connect_with(backup).await?;
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&check)
            .await?;
        check.close().await;
        if verdict != "ok" {
            bail!("the backup is damaged: {verdict}");
        }
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        let partial = target.with_extension("restoring");
        std::fs::copy(from, &partial)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &target)?;
    } else {
        let pool = sqlx::PgPool::connect(database_url).await?;
        let tables: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_one(&pool)
        .await?;
        pool.close().await;
        if tables > 0 {
            bail!("the database is not empty: a backup is restored only into an empty database");
        }
        run(Command::new("pg_restore")
            .args([
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
            ])
            .arg(database_url)
            .arg(from))
        .context("pg_restore (PostgreSQL's client tools must be installed)")?;
    }
    Ok(())
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let out = command.output()?;
    if !out.status.success() {
        bail!(
            "{:?} failed: {}",
            command.get_program(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
