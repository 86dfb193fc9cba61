//! The real `asyncdex` binary on whole series: the README's main job, `--dry-run`, a run
//! killed in the middle of a volume, `sync --every` stopped by SIGTERM, `library`, `config`,
//! and every bad input as one line with its exit code.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer};

/// The binary with a clean environment: no credentials, and a config dir of its own (so the
/// machine's `asyncdex.toml` never leaks into a test).
fn asyncdex(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_asyncdex"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("ASYNCDEX_") {
            command.env_remove(name);
        }
    }
    command.env("XDG_CONFIG_HOME", home.join("config"));
    command.env("HOME", home);
    command.env("RUST_BACKTRACE", "1");
    command.stdin(Stdio::null());
    command
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("asyncdex-series-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(!text(&output.stderr).contains("panicked"));
    text(&output.stdout)
}

/// Exit `code` and one `error: ` line on stderr containing `needle`.
fn fails(output: &Output, code: i32, needle: &str) {
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains(needle), "{needle:?} not in {err:?}");
}

/// The showcase series' id (the catalogue `--mock` serves is the default one).
fn showcase() -> String {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    server.catalogue().showcase_manga().id.to_string()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn series_folder(out: &Path) -> PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && !p.ends_with(".asyncdex"))
        .expect("a series folder")
}

fn archive_names(path: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect()
}

fn volume_one(out: &Path) -> PathBuf {
    let folder = series_folder(out);
    std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("v01.cbz"))
        .expect("volume 1")
}

#[test]
fn the_readme_main_job_downloads_a_whole_series() {
    let home = temp_dir("main-job");
    let out = home.join("library");
    let id = showcase();
    let output = asyncdex(&home)
        .args(["--mock", "download", &id, "--out"])
        .arg(&out)
        .args(["--format", "cbz-volume", "--cover"])
        .output()
        .unwrap();
    let stdout = ok(&output);
    assert!(stdout.contains("13 chapter(s) on disk"), "{stdout}");
    let names = archive_names(&volume_one(&out));
    assert_eq!(names[0], "ComicInfo.xml");
    assert!(series_folder(&out).join("cover.jpg").is_file());

    let listing = asyncdex(&home).arg("library").arg(&out).output().unwrap();
    let listing = ok(&listing);
    assert!(
        listing.contains("Showcase: The Archivist's Lantern  13"),
        "{listing}"
    );

    // A second run fetches nothing.
    let again = asyncdex(&home)
        .args(["--mock", "--json", "download", &id, "--out"])
        .arg(&out)
        .args(["--format", "cbz-volume"])
        .output()
        .unwrap();
    let events = ok(&again);
    assert!(events.contains(r#""chapters":0"#), "{events}");
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let home = temp_dir("dry-run");
    let out = home.join("library");
    let id = showcase();
    let output = asyncdex(&home)
        .args(["--mock", "--json", "download", &id, "--dry-run", "--out"])
        .arg(&out)
        .args([
            "--lang",
            "fr,en",
            "--chapters",
            "1-4.5",
            "--preset",
            "kavita",
        ])
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_str(ok(&output).trim()).unwrap();
    let chapters = plan["series"][0]["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 5);
    assert_eq!(chapters[0]["language"], "fr");
    let target = chapters[0]["target"].as_str().unwrap();
    assert!(target.contains("Vol. 01 Ch. 001"), "{target}");
    assert!(!out.exists(), "a dry run writes nothing");
}

#[test]
fn a_run_killed_in_the_middle_of_a_volume_loses_nothing() {
    let home = temp_dir("killed");
    let out = home.join("library");
    let rt = runtime();
    let server = rt.block_on(MockServer::builder().global_limit(400).start());
    let id = server.catalogue().showcase_manga().id.to_string();
    let urls = [
        "--api-url",
        server.url(),
        "--report-url",
        &server.report_url(),
    ]
    .map(str::to_owned);
    let download = |chapters: &str| {
        let mut command = asyncdex(&home);
        command
            .args(&urls)
            .args(["--json", "download", &id, "--format", "cbz-volume"])
            .args(["--chapters", chapters, "--out"])
            .arg(&out);
        command
    };
    ok(&download("1-2").output().unwrap());
    let before = archive_names(&volume_one(&out));

    // Every page held back for an hour, so the kill lands while volume 1's new chapters are
    // being fetched however slow the machine, not within a window of real time. (The held
    // requests die with the killed program and end with the server.)
    server.set_faults(
        FaultPlan::new()
            .rule(FaultRule::new(FaultKind::Delay(Duration::from_secs(3600))).on(Listener::Image)),
    );
    let mut child = download("1-5").stdout(Stdio::piped()).spawn().unwrap();
    let mut events = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("chapter_started") {
        line.clear();
        assert!(
            events.read_line(&mut line).unwrap() > 0,
            "no chapter started"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        archive_names(&volume_one(&out)),
        before,
        "the old volume is whole"
    );

    server.set_faults(FaultPlan::new());
    ok(&download("1-5").output().unwrap());
    let after = archive_names(&volume_one(&out));
    assert_eq!(after.len(), 1 + 5 + 6 + 5 + 6 + 3, "{after:?}");
    for name in &before {
        assert!(after.contains(name), "{name}");
    }
    let listing = ok(&asyncdex(&home).arg("library").arg(&out).output().unwrap());
    assert!(
        listing.contains("  6  "),
        "chapters 1 to 5 with 4.5: {listing}"
    );
}

#[test]
fn sync_every_stops_cleanly_on_sigterm() {
    let home = temp_dir("every");
    let out = home.join("library");
    let id = showcase();
    ok(&asyncdex(&home)
        .args(["--mock", "download", &id, "--chapters", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap());
    let mut child = asyncdex(&home)
        .args(["--mock", "sync"])
        .arg(&out)
        .args(["--every", "30m"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut notes = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("next sync in 30 min") {
        line.clear();
        assert!(notes.read_line(&mut line).unwrap() > 0, "no sync finished");
    }
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn verify_fetches_again_what_was_deleted() {
    let home = temp_dir("verify");
    let out = home.join("library");
    let id = showcase();
    ok(&asyncdex(&home)
        .args([
            "--mock",
            "download",
            &id,
            "--chapters",
            "1-2",
            "--format",
            "cbz",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap());
    let folder = series_folder(&out);
    let first = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("c001"))
        .unwrap();
    std::fs::remove_file(&first).unwrap();
    let listing = ok(&asyncdex(&home).arg("library").arg(&out).output().unwrap());
    assert!(listing.contains("  2         "), "{listing}");
    let synced = asyncdex(&home)
        .args(["--mock", "sync", "--verify"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = ok(&synced);
    assert!(stdout.contains("1 chapter(s) on disk"), "{stdout}");
    assert!(first.is_file());
}

#[test]
fn bad_input_is_one_line_with_the_fix() {
    let home = temp_dir("bad-input");
    let out = home.join("library");
    let id = showcase();
    let run = |args: &[&str]| {
        asyncdex(&home)
            .args(["--mock", "download", &id, "--out"])
            .arg(&out)
            .args(args)
            .output()
            .unwrap()
    };
    fails(
        &run(&["--name", "{title} {chapterr}"]),
        2,
        "unknown field {chapterr}",
    );
    fails(&run(&["--chapters", "10-2"]), 2, "start is after the end");
    fails(
        &run(&["--format", "pdf"]),
        2,
        "use folder, cbz, cbz-volume or cbz-single",
    );
    fails(&run(&["--preset", "calibre"]), 2, "komga");
    fails(&run(&["--lang", "english"]), 2, "unknown language code");
    fails(&run(&["--rating", "gore"]), 2, "unknown content rating");
    let every = asyncdex(&home)
        .args(["--mock", "sync", "--every", "5s"])
        .arg(&out)
        .output()
        .unwrap();
    fails(&every, 2, "30m, 2h or 1d");
    assert!(!out.exists(), "nothing written");

    // A file where the library should be.
    std::fs::write(&out, b"not a folder").unwrap();
    fails(&run(&[]), 1, "library");
    assert_eq!(std::fs::read(&out).unwrap(), b"not a folder");
}

#[test]
fn a_busy_or_newer_library_is_refused_and_left_alone() {
    let home = temp_dir("locked");
    let out = home.join("library");
    let id = showcase();
    let download = || {
        asyncdex(&home)
            .args(["--mock", "download", &id, "--chapters", "1", "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    ok(&download());
    let lock = std::fs::File::open(out.join(".asyncdex/lock")).unwrap();
    lock.lock().unwrap();
    fails(&download(), 1, "another asyncdex is working on the library");
    lock.unlock().unwrap();

    let store = out.join(".asyncdex/library.sqlite3");
    let db = rusqlite::Connection::open(&store).unwrap();
    db.pragma_update(None, "user_version", 99).unwrap();
    drop(db);
    let before = std::fs::read(&store).unwrap();
    fails(&download(), 1, "newer asyncdex");
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

#[test]
fn config_shows_each_setting_and_where_it_comes_from() {
    let home = temp_dir("config");
    let dir = home.join("config/asyncdex");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("asyncdex.toml"),
        "languages = [\"fr\", \"en\"]\npreset = \"kavita\"\n",
    )
    .unwrap();
    let output = asyncdex(&home)
        .arg("config")
        .env("ASYNCDEX_FORMAT", "cbz")
        .output()
        .unwrap();
    let shown = ok(&output);
    assert!(
        shown.contains("preset") && shown.contains("kavita"),
        "{shown}"
    );
    assert!(shown.contains("env ASYNCDEX_FORMAT"), "{shown}");
    // The file's languages apply to a plan.
    let id = showcase();
    let plan = asyncdex(&home)
        .args([
            "--mock",
            "--json",
            "download",
            &id,
            "--dry-run",
            "--chapters",
            "1",
        ])
        .env("ASYNCDEX_FORMAT", "cbz")
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_str(ok(&plan).trim()).unwrap();
    assert_eq!(plan["series"][0]["chapters"][0]["language"], "fr");
    assert_eq!(plan["series"][0]["options"]["format"], "cbz");

    std::fs::write(dir.join("asyncdex.toml"), "password = \"hunter2\"\n").unwrap();
    let refused = asyncdex(&home).arg("config").output().unwrap();
    fails(&refused, 2, "credentials don't belong");
    assert!(!text(&refused.stderr).contains("hunter2"));
}

/// A small tmpfs mounted for one test, unmounted on drop: a disk that really fills up.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(path: PathBuf, size: &str) -> Self {
        std::fs::create_dir_all(&path).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .expect("the mount command runs");
        assert!(
            status.success(),
            "this test fills a small tmpfs, which needs root (CI runs as root)"
        );
        Self(path)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_one_line_and_the_library_stays_whole() {
    let home = temp_dir("full-disk");
    let disk = SmallDisk::mount(home.join("disk"), "1600k");
    let out = disk.0.join("library");
    let id = showcase();
    let download = |chapters: &str| {
        asyncdex(&home)
            .args([
                "--mock",
                "download",
                &id,
                "--format",
                "cbz-volume",
                "--chapters",
                chapters,
            ])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    ok(&download("1-2"));
    let volume = volume_one(&out);
    let before = std::fs::read(&volume).unwrap();
    fails(&download("1-8"), 1, "No space left on device");
    assert_eq!(
        std::fs::read(&volume).unwrap(),
        before,
        "the old volume is untouched"
    );
    let leftovers: Vec<String> = std::fs::read_dir(volume.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let listing = ok(&asyncdex(&home).arg("library").arg(&out).output().unwrap());
    assert!(
        listing.contains("Showcase"),
        "the store still opens: {listing}"
    );
}
