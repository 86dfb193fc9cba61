//! The schema and its migrations: the ordered steps from an empty file to the current version.

use rusqlite::Connection;

/// The schema migrations, in order: entry `i` takes a store from version `i` to `i + 1`.
/// Append only: stores out there already ran the released entries, so those never change.
pub(super) const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2];

/// Version 1: chapters, followed series and sync watermarks.
const SCHEMA_V1: &str = "
CREATE TABLE chapter (
    id            TEXT PRIMARY KEY NOT NULL,
    manga         TEXT NOT NULL,
    volume        TEXT,
    chapter       TEXT,
    title         TEXT,
    language      TEXT NOT NULL,
    groups        TEXT NOT NULL,
    group_names   TEXT NOT NULL,
    uploader      TEXT,
    pages         INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    path          TEXT NOT NULL,
    entry_prefix  TEXT,
    publish_at    TEXT NOT NULL,
    downloaded_at TEXT NOT NULL
);
CREATE INDEX chapter_by_manga ON chapter (manga);
CREATE INDEX chapter_by_path ON chapter (path);
CREATE TABLE series (
    manga                   TEXT PRIMARY KEY NOT NULL,
    title                   TEXT NOT NULL,
    folder                  TEXT NOT NULL,
    options                 TEXT NOT NULL,
    latest_uploaded_chapter TEXT,
    added_at                TEXT NOT NULL
);
CREATE TABLE mark (
    key TEXT PRIMARY KEY NOT NULL,
    at  TEXT NOT NULL
);
";

/// Version 2: each series keeps its metadata as the last download planned it, so that a
/// re-run with nothing new asks only for the feed.
const SCHEMA_V2: &str = "ALTER TABLE series ADD COLUMN info TEXT;";

/// Sets what the writer's connection needs. WAL lets readers run beside the writer and
/// keeps the file whole across crashes; `synchronous=NORMAL` is durable enough under WAL (a
/// power cut may lose the last transactions, never the file).
pub(super) fn configure_writer(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")
}

/// The schema version that `migrations` lead to.
pub(super) fn latest(migrations: &[&str]) -> u32 {
    u32::try_from(migrations.len()).unwrap_or(u32::MAX)
}

/// Brings a store from schema `from` to the last of `migrations`, one transaction per step,
/// so that a crash between steps leaves a store at a version it can go on from.
pub(super) fn migrate(
    conn: &mut Connection,
    from: u32,
    migrations: &[&str],
) -> rusqlite::Result<()> {
    for (version, sql) in (1u32..)
        .zip(migrations)
        .filter(|(version, _)| *version > from)
    {
        let transaction = conn.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
    }
    Ok(())
}
