//! The library store from the outside: one writer per root across processes, readers beside
//! the writer, crashes mid-write, files it must refuse (too new, damaged) and files it must
//! upgrade.
//!
//! Tests that need a second process run this test binary again, asking for the same test with
//! an environment variable that gives it a child's role; the child reports on its stdout with
//! lines starting `child: `, which the parent reads instead of sleeping.

use std::fs;
use std::io::{BufRead, BufReader, Lines, Read};
use std::path::{Path, PathBuf};
use std::process::{ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use asyncdex::series::store::{ChapterRecord, SeriesRecord, Store};
use time::OffsetDateTime;
use time::macros::datetime;
use uuid::Uuid;

/// The role a child process plays, when this binary runs as one.
const CHILD_ROLE: &str = "ASYNCDEX_STORE_TEST_CHILD";
/// The library root the child works on.
const CHILD_ROOT: &str = "ASYNCDEX_STORE_TEST_ROOT";
/// How many chapters the writing child records per transaction.
const BATCH: usize = 20;

/// Held while this process starts a child, and while a test closes a writer it opens again.
///
/// A child starts as a copy of this process, open files included; the copies close when it
/// runs its program, before `Command::spawn` returns. A writer's lock belongs to its open file,
/// so a writer closed while a child (of another test) is starting lingers in that child for a
/// moment, and opening the root again at once would find it locked.
static STARTING_CHILD: Mutex<()> = Mutex::new(());

/// Closes a writer so that no copy of its lock outlives it (see [`STARTING_CHILD`]).
fn close(store: Store) {
    let _no_child_starting = STARTING_CHILD
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    drop(store);
}

/// A fresh folder under the system's temp dir, removed when dropped.
struct TempRoot(PathBuf);

impl TempRoot {
    fn new() -> TempRoot {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("asyncdex-store-it-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        TempRoot(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join(".asyncdex").join("library.sqlite3")
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The root to work on when this process is a child playing `role`.
fn child_root(role: &str) -> Option<PathBuf> {
    if std::env::var_os(CHILD_ROLE)? != role {
        return None;
    }
    std::env::var_os(CHILD_ROOT).map(PathBuf::from)
}

/// This test binary, running `test` alone as a child playing `role` on `root`. Killed when
/// dropped, so a failing parent leaves nothing running.
struct Child {
    process: std::process::Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Child {
    fn spawn(test: &str, role: &str, root: &Path) -> Child {
        let _starting = STARTING_CHILD
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ROLE, role)
            .env(CHILD_ROOT, root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = BufReader::new(process.stdout.take().unwrap()).lines();
        Child { process, lines }
    }

    /// The child's next report, skipping the test harness's own output (which may share the
    /// line: the harness prints `test NAME ... ` before the test runs).
    fn report(&mut self) -> String {
        for line in &mut self.lines {
            if let Some((_, report)) = line.unwrap().split_once("child: ") {
                return report.to_owned();
            }
        }
        panic!("the child ended without reporting");
    }

    /// Reads reports until `expected`.
    fn wait_for(&mut self, expected: &str) {
        while self.report() != expected {}
    }

    /// Closes the child's stdin (its cue to finish) and checks that it finished well.
    fn finish(mut self) {
        drop(self.process.stdin.take());
        assert!(self.process.wait().unwrap().success());
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn chapter(n: usize, manga: u128, volume: Option<&str>, number: Option<&str>) -> ChapterRecord {
    ChapterRecord {
        id: Uuid::from_u128(n as u128 + 1),
        manga: Uuid::from_u128(manga),
        volume: volume.map(str::to_owned),
        chapter: number.map(str::to_owned),
        title: None,
        language: "en".to_owned(),
        groups: vec![Uuid::from_u128(7)],
        group_names: vec!["Group".to_owned()],
        uploader: None,
        pages: 20,
        bytes: 1_000_000,
        path: PathBuf::from(format!("Manga {manga}/{n}")),
        entry_prefix: None,
        publish_at: datetime!(2024-01-01 00:00 UTC),
        downloaded_at: OffsetDateTime::now_utc(),
    }
}

fn integrity(file: &Path) -> String {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.pragma_query_value(None, "integrity_check", |row| row.get(0))
        .unwrap()
}

fn pragma(file: &Path, name: &str) -> String {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
        .map(|value| format!("{value:?}"))
        .unwrap()
}

#[test]
fn a_second_writer_in_this_process_is_refused_and_readers_are_not() {
    let root = TempRoot::new();
    let writer = Store::open(&root.0).unwrap();
    assert_eq!(writer.root(), root.0);
    let err = Store::open(&root.0).unwrap_err();
    assert!(err.is_locked());
    assert_eq!(err.path(), root.file());
    let lock = root.0.join(".asyncdex").join("lock");
    assert_eq!(
        err.to_string(),
        format!(
            "another asyncdex is working on the library in {}: wait for it to finish (the lock \
             is {})",
            root.0.display(),
            lock.display()
        )
    );

    let reader = Store::open_read_only(&root.0).unwrap();
    writer
        .record_chapter(&chapter(1, 1, None, Some("1")))
        .unwrap();
    assert_eq!(reader.chapters().unwrap().len(), 1);

    close(writer);
    assert_eq!(reader.chapters().unwrap().len(), 1);
    let again = Store::open(&root.0).unwrap();
    assert_eq!(again.chapters().unwrap().len(), 1);
    close(again);
    // A reader opened with no writer around reads as well.
    assert_eq!(
        Store::open_read_only(&root.0)
            .unwrap()
            .chapters()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_writer_in_another_process_keeps_this_one_out_until_it_ends() {
    const TEST: &str = "a_writer_in_another_process_keeps_this_one_out_until_it_ends";
    if let Some(root) = child_root("hold") {
        let _store = Store::open(&root).unwrap();
        println!("child: ready");
        // Hold the lock until the parent closes our stdin.
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        return;
    }
    let root = TempRoot::new();
    let mut child = Child::spawn(TEST, "hold", &root.0);
    child.wait_for("ready");
    assert!(Store::open(&root.0).unwrap_err().is_locked());
    assert!(Store::open_read_only(&root.0).is_ok());
    child.finish();
    Store::open(&root.0).unwrap();
}

#[test]
fn a_writer_here_keeps_another_process_out() {
    const TEST: &str = "a_writer_here_keeps_another_process_out";
    if let Some(root) = child_root("try") {
        match Store::open(&root) {
            Ok(_) => println!("child: opened"),
            Err(err) if err.is_locked() => println!("child: locked"),
            Err(err) => println!("child: failed: {err}"),
        }
        return;
    }
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let mut child = Child::spawn(TEST, "try", &root.0);
    assert_eq!(child.report(), "locked");
    child.finish();
    close(store);
    let mut child = Child::spawn(TEST, "try", &root.0);
    assert_eq!(child.report(), "opened");
    child.finish();
}

#[test]
fn a_writer_killed_mid_write_leaves_a_store_that_opens_whole() {
    const TEST: &str = "a_writer_killed_mid_write_leaves_a_store_that_opens_whole";
    if let Some(root) = child_root("write") {
        let store = Store::open(&root).unwrap();
        println!("child: ready");
        // Writes until killed; if the parent is gone, the next report fails and ends us.
        for round in 0usize.. {
            let batch: Vec<ChapterRecord> = (round * BATCH..(round + 1) * BATCH)
                .map(|n| chapter(n, 1, Some("1"), Some(&n.to_string())))
                .collect();
            store.record_chapters(&batch).unwrap();
            store
                .set_mark("followed", OffsetDateTime::now_utc())
                .unwrap();
            println!("child: wrote {round}");
        }
        return;
    }
    let root = TempRoot::new();
    let mut child = Child::spawn(TEST, "write", &root.0);
    child.wait_for("ready");
    child.wait_for("wrote 5");
    // A reader beside the running writer sees whole transactions only.
    let seen = Store::open_read_only(&root.0)
        .unwrap()
        .chapters()
        .unwrap()
        .len();
    assert!(seen >= 6 * BATCH && seen.is_multiple_of(BATCH), "{seen}");
    child.wait_for("wrote 40");
    child.process.kill().unwrap();
    child.process.wait().unwrap();

    let store = Store::open(&root.0).unwrap();
    let kept = store.chapters().unwrap().len();
    // Every reported round was committed; a round cut short is absent, not half there.
    assert!(kept >= 41 * BATCH && kept.is_multiple_of(BATCH), "{kept}");
    assert!(store.mark("followed").unwrap().is_some());
    assert_eq!(integrity(&root.file()), "ok");
}

#[test]
fn a_store_from_a_newer_asyncdex_is_refused_untouched() {
    let root = TempRoot::new();
    close(Store::open(&root.0).unwrap());
    rusqlite::Connection::open(root.file())
        .unwrap()
        .pragma_update(None, "user_version", 7)
        .unwrap();
    let before = fs::read(root.file()).unwrap();
    let expected = format!(
        "the library store {} was written by a newer asyncdex (schema 7, this one knows up to \
         2): upgrade asyncdex",
        root.file().display()
    );
    let err = Store::open(&root.0).unwrap_err();
    assert!(err.is_too_new());
    assert_eq!(err.to_string(), expected);
    let err = Store::open_read_only(&root.0).unwrap_err();
    assert!(err.is_too_new());
    assert_eq!(err.to_string(), expected);
    assert_eq!(fs::read(root.file()).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_damaged_and_left_alone() {
    for garbage in [
        b"not sqlite".to_vec(),
        b"\x00\xffnot a database at all\n".repeat(400),
    ] {
        let root = TempRoot::new();
        fs::create_dir_all(root.0.join(".asyncdex")).unwrap();
        fs::write(root.file(), &garbage).unwrap();
        for err in [
            Store::open(&root.0).unwrap_err(),
            Store::open_read_only(&root.0).unwrap_err(),
        ] {
            assert!(err.is_corrupt(), "{err}");
            assert!(std::error::Error::source(&err).is_some());
            let message = err.to_string();
            let start = format!("the library store {} is damaged (", root.file().display());
            assert!(message.starts_with(&start), "{message}");
            assert!(
                message.ends_with("): move it away and run sync again to rebuild it"),
                "{message}"
            );
            assert!(!message.contains('\n'));
        }
        assert_eq!(fs::read(root.file()).unwrap(), garbage);
    }
}

#[test]
fn an_empty_file_is_migrated_to_the_current_schema() {
    let root = TempRoot::new();
    fs::create_dir_all(root.0.join(".asyncdex")).unwrap();
    fs::write(root.file(), b"").unwrap();
    // Nothing was ever recorded in it: for a reader, there is no library yet.
    assert!(Store::open_read_only(&root.0).unwrap_err().is_not_found());

    let store = Store::open(&root.0).unwrap();
    store.record_chapter(&chapter(1, 1, None, None)).unwrap();
    assert_eq!(pragma(&root.file(), "user_version"), "Integer(2)");
    assert_eq!(pragma(&root.file(), "journal_mode"), "Text(\"wal\")");
    close(store);
    // Opening again finds it current and keeps what it holds.
    assert_eq!(Store::open(&root.0).unwrap().chapters().unwrap().len(), 1);
}

#[test]
fn a_version_1_store_gains_series_metadata_and_keeps_its_rows() {
    let root = TempRoot::new();
    fs::create_dir_all(root.0.join(".asyncdex")).unwrap();
    // The series table as version 1 of the schema made it.
    let conn = rusqlite::Connection::open(root.file()).unwrap();
    conn.execute_batch(
        "CREATE TABLE series (manga TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, \
         folder TEXT NOT NULL, options TEXT NOT NULL, latest_uploaded_chapter TEXT, \
         added_at TEXT NOT NULL); \
         INSERT INTO series VALUES ('00000000-0000-0000-0000-000000000001', 'Old', 'Old', \
         '{}', NULL, '2024-06-01T10:00:00.000000000Z'); \
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&root.0).unwrap();
    assert_eq!(pragma(&root.file(), "user_version"), "Integer(2)");
    let old = store.series_record(Uuid::from_u128(1)).unwrap().unwrap();
    assert_eq!((old.title.as_str(), old.info.clone()), ("Old", None));
    let info = serde_json::json!({"title": "Old", "year": 2001});
    let updated = SeriesRecord {
        info: Some(info),
        ..old
    };
    store.record_series(&updated).unwrap();
    assert_eq!(store.series().unwrap(), vec![updated]);
}

#[test]
fn reading_a_root_without_a_library_says_so() {
    let root = TempRoot::new();
    let err = Store::open_read_only(&root.0).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.to_string(),
        format!(
            "no library in {} (no .asyncdex/library.sqlite3): download something into it first",
            root.0.display()
        )
    );
    // Reading created nothing.
    assert!(!root.0.exists());
}

#[test]
fn chapters_come_in_library_order() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let (a, b) = (1, 2);
    let expected = vec![
        chapter(0, a, Some("1"), Some("2")),
        chapter(1, a, Some("1"), Some("10")),
        chapter(2, a, Some("1"), Some("10.5")),
        chapter(3, a, Some("2"), Some("11")),
        chapter(4, a, Some("10"), Some("1")),
        chapter(5, a, None, Some("3")),
        chapter(6, a, None, None),
        chapter(7, b, Some("1"), Some("1")),
    ];
    let mut german = chapter(8, a, Some("1"), Some("2"));
    german.language = "de".to_owned();
    let mut shuffled = expected.clone();
    shuffled.reverse();
    shuffled.push(german.clone());
    store.record_chapters(&shuffled).unwrap();

    let mut with_german = expected.clone();
    with_german.insert(0, german);
    assert_eq!(store.chapters().unwrap(), with_german);
    assert_eq!(
        store.chapters_of(Uuid::from_u128(b)).unwrap(),
        expected[7..]
    );
}

#[test]
fn series_survive_a_reopen() {
    let root = TempRoot::new();
    let series = SeriesRecord {
        manga: Uuid::from_u128(1),
        title: "Some Manga".to_owned(),
        folder: PathBuf::from("Some Manga"),
        options: serde_json::json!({"languages": ["en"], "pack": "volume"}),
        latest_uploaded_chapter: None,
        added_at: datetime!(2024-06-01 10:00 UTC),
        info: Some(serde_json::json!({"title": "Some Manga", "year": 2019})),
    };
    let writer = Store::open(&root.0).unwrap();
    writer.record_series(&series).unwrap();
    let reader = Store::open_read_only(&root.0).unwrap();
    assert_eq!(reader.series().unwrap(), vec![series]);
    drop(writer);
}
