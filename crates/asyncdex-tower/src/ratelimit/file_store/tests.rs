use std::sync::Arc;

use super::*;

fn dir(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("asyncdex-file-store-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn limit(name: &str, amount: u32, window: Duration) -> SharedLimit {
    SharedLimit {
        name: name.into(),
        amount,
        window,
    }
}

fn block_on<T>(future: StoreFuture<'_, T>) -> Result<T, StoreError> {
    // The file store's futures are ready when made.
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

#[test]
fn stores_on_one_file_never_hand_out_more_than_the_limit_between_them() {
    let path = dir("atomic").join("limits");
    let limits = [limit("route", 50, Duration::from_secs(3600))];
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            let limits = limits.clone();
            std::thread::spawn(move || {
                // Each thread opens the file itself, as another process would.
                let store = FileStore::new(path);
                (0..20)
                    .filter(|_| {
                        matches!(
                            block_on(store.reserve(&limits, false, Duration::ZERO)),
                            Ok(Reserved::Send(_))
                        )
                    })
                    .count()
            })
        })
        .collect();
    let sent: usize = threads.into_iter().map(|t| t.join().expect("thread")).sum();
    assert_eq!(sent, 50);
    let logs = format::read(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(logs.limits["route"].sends.len(), 50);
}

#[test]
fn a_pause_made_by_one_store_holds_back_another() {
    let path = dir("pause").join("limits");
    let limits = [limit("global", 5, Duration::from_secs(1))];
    let first = FileStore::new(&path);
    let second = FileStore::new(&path);
    block_on(first.pause(&limits, Duration::from_secs(30))).unwrap();
    match block_on(second.reserve(&limits, true, Duration::ZERO)).unwrap() {
        Reserved::Busy(wait) => assert!(wait > Duration::from_secs(29), "{wait:?}"),
        sent @ Reserved::Send(_) => panic!("sent through a pause: {sent:?}"),
    }
}

#[test]
fn paused_answers_the_pause_another_store_made_and_zero_without_one() {
    let path = dir("paused").join("limits");
    let limits = [limit("global", 5, Duration::from_secs(1))];
    let first = FileStore::new(&path);
    let second = FileStore::new(&path);
    assert_eq!(block_on(second.paused(&limits)).unwrap(), Duration::ZERO);
    let started = std::time::Instant::now();
    block_on(first.pause(&limits, Duration::from_secs(30))).unwrap();
    let left = block_on(second.paused(&limits)).unwrap();
    // The store's clock counts whole milliseconds: the two calls read it at most the time
    // they took, plus one, apart.
    let apart = started.elapsed() + Duration::from_millis(1);
    assert!(left <= Duration::from_secs(30), "{left:?}");
    assert!(
        left + apart >= Duration::from_secs(30),
        "{left:?} {apart:?}"
    );
}

#[test]
fn a_pause_check_reads_the_file_and_leaves_it_as_it_was() {
    let path = dir("look").join("limits");
    let limits = [limit("global", 5, Duration::from_secs(1))];
    let store = FileStore::new(&path);
    block_on(store.pause(&limits, Duration::from_secs(30))).unwrap();
    // Bytes past the length the header gives are ignored by a reader and cut by a writer:
    // they stay only if nothing was written.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"a tail no write would keep\n");
    std::fs::write(&path, &bytes).unwrap();
    assert!(block_on(store.paused(&limits)).unwrap() > Duration::from_secs(29));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_damaged_state_is_replaced_with_a_warning_not_an_error() {
    let dir = dir("damaged");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("limits");
    std::fs::write(&path, b"\x00\x01 not a state").unwrap();
    let store = FileStore::new(&path);
    let limits = [limit("global", 5, Duration::from_secs(1))];
    assert_eq!(
        block_on(store.reserve(&limits, true, Duration::ZERO)).unwrap(),
        Reserved::Send(Duration::ZERO)
    );
    let logs = format::read(&std::fs::read(&path).unwrap()).expect("rewritten whole");
    assert_eq!(logs.limits["global"].sends.len(), 1);
    assert!(store.warned.load(Ordering::Relaxed));
}

#[test]
fn peers_are_counted_by_process() {
    let path = dir("peers").join("limits");
    let mut other = FileStore::new(&path);
    other.pid = u32::MAX;
    let this = Arc::new(FileStore::new(&path));
    assert_eq!(block_on(this.peers()).unwrap(), 1);
    assert_eq!(block_on(other.peers()).unwrap(), 2);
}

#[test]
fn an_unusable_path_is_a_store_error_naming_it() {
    let dir = dir("unusable");
    std::fs::create_dir_all(&dir).unwrap();
    let blocker = dir.join("file");
    std::fs::write(&blocker, b"").unwrap();
    let store = FileStore::new(blocker.join("limits"));
    let error = block_on(store.peers()).unwrap_err();
    assert!(error.to_string().contains("file"), "{error}");
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn the_file_name_comes_from_the_host() {
    let store = FileStore::for_host("/tmp/x", "api.mangadex.org", None);
    assert_eq!(store.path(), Path::new("/tmp/x/api.mangadex.org.limits"));
    let store = FileStore::for_host("/tmp/x", "127.0.0.1", Some(8080));
    assert_eq!(store.path(), Path::new("/tmp/x/127.0.0.1_8080.limits"));
}
