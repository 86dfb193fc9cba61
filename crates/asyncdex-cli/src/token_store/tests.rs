//! The store's choice and fallback (with a scripted keyring: the real one is never touched),
//! and the token file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use asyncdex::Secret;

use super::file::FILE_NAME;
use super::*;

/// A keyring that works (holding what it is given) or fails as a blocked keyctl does, and
/// counts the calls made to it.
struct ScriptedKeyring {
    works: bool,
    calls: Arc<AtomicUsize>,
    held: Mutex<Option<Secret>>,
}

impl ScriptedKeyring {
    fn new(works: bool) -> (Self, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let keyring = Self {
            works,
            calls: Arc::clone(&calls),
            held: Mutex::new(None),
        };
        (keyring, calls)
    }

    fn called(&self) -> Result<(), StoreError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if self.works {
            Ok(())
        } else {
            Err(StoreError::Unavailable(
                "keyctl: Operation not permitted".to_owned(),
            ))
        }
    }
}

impl Backend for ScriptedKeyring {
    fn load(&self, _: &TokenKey) -> Result<Option<Secret>, StoreError> {
        self.called()?;
        Ok(self.held.lock().unwrap().clone())
    }

    fn save(&self, _: &TokenKey, token: &Secret) -> Result<(), StoreError> {
        self.called()?;
        *self.held.lock().unwrap() = Some(token.clone());
        Ok(())
    }

    fn delete(&self, _: &TokenKey) -> Result<bool, StoreError> {
        self.called()?;
        Ok(self.held.lock().unwrap().take().is_some())
    }

    fn place(&self) -> String {
        "the scripted keyring".to_owned()
    }
}

/// `auto` over a scripted keyring and the file in `dir`, and the keyring's call count.
fn keyring_or_file(
    keyring_works: bool,
    dir: &std::path::Path,
) -> (KeyringOrFile, Arc<AtomicUsize>) {
    let (keyring, calls) = ScriptedKeyring::new(keyring_works);
    let file = TokenFile::in_dir(Some(dir.to_owned()));
    (KeyringOrFile::new(Box::new(keyring), Box::new(file)), calls)
}

fn key(username: &str) -> TokenKey {
    TokenKey {
        server: "https://auth.example.org".to_owned(),
        username: username.to_owned(),
    }
}

/// A fresh directory of this test's own.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "asyncdex-token-store-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_store_variable_chooses_and_refuses_anything_else() {
    assert_eq!(StoreKind::parse(None).unwrap(), StoreKind::Auto);
    assert_eq!(StoreKind::parse(Some(" ")).unwrap(), StoreKind::Auto);
    assert_eq!(StoreKind::parse(Some("auto")).unwrap(), StoreKind::Auto);
    assert_eq!(
        StoreKind::parse(Some("keyring")).unwrap(),
        StoreKind::Keyring
    );
    assert_eq!(StoreKind::parse(Some(" file ")).unwrap(), StoreKind::File);
    assert_eq!(StoreKind::parse(Some("none")).unwrap(), StoreKind::None);
    let error = StoreKind::parse(Some("dbus")).unwrap_err();
    assert_eq!(error.code, crate::error::EXIT_USAGE);
    assert_eq!(
        error.message,
        "ASYNCDEX_TOKEN_STORE must be auto, keyring, file or none, not `dbus`"
    );
}

#[test]
fn auto_keeps_nothing_for_a_test_server_and_explicit_choices_are_kept() {
    let dir = temp_dir("choice");
    assert!(open(StoreKind::Auto, Some(dir.clone()), true).is_none());
    assert!(open(StoreKind::None, Some(dir.clone()), false).is_none());
    let auto = open(StoreKind::Auto, Some(dir.clone()), false).expect("a store");
    assert_eq!(auto.place(), "the OS keyring", "the keyring is tried first");
    // Asked for by name, the file is used for a loopback server too (the CLI's tests).
    let file = open(StoreKind::File, Some(dir.clone()), true).expect("a store");
    assert_eq!(file.place(), dir.join(FILE_NAME).display().to_string());
    assert!(!dir.exists(), "choosing writes nothing");
}

#[test]
fn a_keyring_that_fails_at_run_time_hands_over_to_the_file() {
    let dir = temp_dir("fallback");
    let (store, calls) = keyring_or_file(false, &dir);
    assert_eq!(store.load(&key("reader")).unwrap(), None);
    assert_eq!(calls.load(Ordering::Relaxed), 1);
    assert_eq!(store.place(), dir.join(FILE_NAME).display().to_string());

    store.save(&key("reader"), &Secret::new("r1")).unwrap();
    let file = TokenFile::in_dir(Some(dir.clone()));
    assert_eq!(file.load(&key("reader")).unwrap(), Some(Secret::new("r1")));
    assert_eq!(store.load(&key("reader")).unwrap(), Some(Secret::new("r1")));
    assert!(store.delete(&key("reader")).unwrap());
    assert_eq!(
        calls.load(Ordering::Relaxed),
        1,
        "once failed, the keyring is not asked again in this run"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_working_keyring_is_used_and_the_file_never_written() {
    let dir = temp_dir("keyring-works");
    let (store, calls) = keyring_or_file(true, &dir);
    // Nothing kept yet is an answer, not a failure: no fallback.
    assert_eq!(store.load(&key("reader")).unwrap(), None);
    store.save(&key("reader"), &Secret::new("r1")).unwrap();
    assert_eq!(store.load(&key("reader")).unwrap(), Some(Secret::new("r1")));
    assert!(store.delete(&key("reader")).unwrap());
    assert!(!store.delete(&key("reader")).unwrap());
    assert_eq!(calls.load(Ordering::Relaxed), 5);
    assert_eq!(store.place(), "the scripted keyring");
    assert!(!dir.exists());
}

#[test]
fn the_file_keeps_one_token_per_server_and_user_privately() {
    let dir = temp_dir("file");
    let file = TokenFile::in_dir(Some(dir.join("nested")));
    file.save(&key("reader"), &Secret::new("r1")).unwrap();
    file.save(&key("writer"), &Secret::new("w1")).unwrap();
    file.save(&key("reader"), &Secret::new("r2")).unwrap();
    let other_server = TokenKey {
        server: "http://127.0.0.1:8080".to_owned(),
        username: "reader".to_owned(),
    };
    assert_eq!(file.load(&other_server).unwrap(), None);
    assert_eq!(file.load(&key("reader")).unwrap(), Some(Secret::new("r2")));
    assert_eq!(file.load(&key("writer")).unwrap(), Some(Secret::new("w1")));
    let path = dir.join("nested").join(FILE_NAME);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.join("nested")), 0o700);
    }
    let names: Vec<_> = std::fs::read_dir(dir.join("nested"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, [FILE_NAME], "no temporary file is left");

    assert!(file.delete(&key("reader")).unwrap());
    assert!(!file.delete(&key("reader")).unwrap());
    assert!(path.exists(), "the writer's token is still there");
    assert!(file.delete(&key("writer")).unwrap());
    assert!(!path.exists(), "an empty store leaves no file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_file_is_reported_without_its_text_and_replaced() {
    let dir = temp_dir("corrupt");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(FILE_NAME);
    // The right JSON in the wrong shape: serde's own message would quote the token.
    std::fs::write(&path, r#"{"https://auth.example.org": "eyJ-leaked-token"}"#).unwrap();
    let file = TokenFile::in_dir(Some(dir.clone()));
    let StoreError::Corrupt(message) = file.load(&key("reader")).unwrap_err() else {
        panic!("a corrupt file is Corrupt");
    };
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(!message.contains("eyJ"), "{message}");

    file.save(&key("reader"), &Secret::new("r1")).unwrap();
    assert_eq!(file.load(&key("reader")).unwrap(), Some(Secret::new("r1")));

    std::fs::write(&path, [0xff, 0xfe, b'{']).unwrap();
    assert!(matches!(
        file.load(&key("reader")),
        Err(StoreError::Corrupt(_))
    ));
    assert!(file.delete(&key("reader")).unwrap(), "garbage is deleted");
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_data_directory_the_file_says_what_to_set() {
    let file = TokenFile::in_dir(None);
    let error = file.save(&key("reader"), &Secret::new("r1")).unwrap_err();
    assert!(error.to_string().contains("ASYNCDEX_DATA_DIR"), "{error}");
    assert_eq!(file.place(), "no file (no home directory)");
}
