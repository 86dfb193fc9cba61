//! Migrations, readers meeting stores they cannot read, and damaged values.

use std::error::Error as StdError;
use std::path::Path;

use rusqlite::Connection;

use crate::series::store::location::Location;
use crate::series::store::schema::migrate;

use super::*;

#[test]
fn migrations_run_in_order_and_only_once() {
    let mut conn = Connection::open_in_memory().unwrap();
    let steps = ["CREATE TABLE one (a)", "CREATE TABLE two (b)"];
    migrate(&mut conn, 0, &steps[..1]).unwrap();
    let version = |conn: &Connection| -> u32 {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    };
    assert_eq!(version(&conn), 1);
    // A second run from version 1 applies only the new step (re-running the first fails).
    migrate(&mut conn, 1, &steps).unwrap();
    assert_eq!(version(&conn), 2);
    conn.execute_batch("SELECT a FROM one; SELECT b FROM two")
        .unwrap();
}

#[test]
fn a_failed_migration_leaves_the_previous_version_whole() {
    let mut conn = Connection::open_in_memory().unwrap();
    let steps = ["CREATE TABLE one (a)", "CREATE TABLE two (b); NOT SQL"];
    assert!(migrate(&mut conn, 0, &steps).is_err());
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
    assert!(conn.execute_batch("SELECT b FROM two").is_err());
}

#[test]
fn readers_refuse_what_they_cannot_read() {
    let at = Location::new(Path::new("/lib"));
    assert!(at.check_readable(2, 2).is_ok());
    assert!(at.check_readable(3, 2).unwrap_err().is_too_new());
    assert!(at.check_readable(0, 2).unwrap_err().is_not_found());
    let outdated = at.check_readable(1, 2).unwrap_err();
    assert_eq!(
        outdated.to_string(),
        format!(
            "the library store {} was written by an older asyncdex (schema 1, this one \
             reads 2): run sync on /lib to upgrade it",
            Path::new("/lib/.asyncdex/library.sqlite3").display()
        )
    );
}

#[test]
fn a_read_only_store_refuses_writes() {
    let root = TempRoot::new();
    drop(Store::open(&root.0).unwrap());
    let reader = Store::open_read_only(&root.0).unwrap();
    let err = reader
        .record_chapter(&chapter(1, 9, None, None))
        .unwrap_err();
    assert!(err.source().is_some());
    assert!(!err.is_corrupt());
    assert_eq!(
        format!("{reader:?}"),
        format!("Store {{ root: {:?}, read_only: true, .. }}", root.0)
    );
}

#[test]
fn a_hand_edited_bad_value_reads_as_damage() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    store.record_chapter(&chapter(1, 9, None, None)).unwrap();
    store
        .conn
        .execute("UPDATE chapter SET publish_at = 'yesterday'", [])
        .unwrap();
    let err = store.chapters().unwrap_err();
    assert!(err.is_corrupt(), "{err}");
    assert!(err.to_string().contains("column publish_at"), "{err}");
    store
        .conn
        .execute(
            "UPDATE chapter SET path = '/etc', publish_at = downloaded_at",
            [],
        )
        .unwrap();
    assert!(store.chapter(Uuid::from_u128(1)).unwrap_err().is_corrupt());
}
