//! Credentials in the file are refused, and never echoed.

use super::{TempFile, env};
use crate::config::load::load_from;

/// Credential keys, at any depth and in any spelling, fail the load before anything else, and
/// the message names the key but never its value.
#[test]
fn credentials_are_refused_without_echoing_them() {
    for (text, key, line) in [
        ("password = \"hunter2\"", "password", 1),
        ("preset = \"komga\"\nusername = \"hunter2\"", "username", 2),
        ("client_secret = \"hunter2\"", "client_secret", 1),
        ("refresh_token = \"hunter2\"", "refresh_token", 1),
        ("token = \"hunter2\"", "token", 1),
        ("Client-Id = \"hunter2\"", "Client-Id", 1),
        ("api_token = \"hunter2\"", "api_token", 1),
        ("[auth]\npassword = \"hunter2\"", "password", 2),
        ("auth.token = \"hunter2\"", "token", 1),
        ("x = [{ secret = \"hunter2\" }]", "secret", 1),
        // Before any other mistake: the message must steer secrets out of the file.
        ("langs = 1\npassword = \"hunter2\"", "password", 2),
    ] {
        let file = TempFile::new(text.as_bytes());
        let result = load_from(Some(file.path()), &env(&[]));
        // No Config, so nothing to render: the secret cannot reach `asyncdex config`.
        let message = result
            .map(|config| config.render())
            .expect_err(text)
            .to_string();
        assert_eq!(
            message,
            format!(
                "the config file {}: `{key}` at line {line}: credentials don't belong in \
                     asyncdex.toml: use the ASYNCDEX_USERNAME / ASYNCDEX_PASSWORD environment \
                     variables (and ASYNCDEX_CLIENT_ID / ASYNCDEX_CLIENT_SECRET for a personal \
                     client)",
                file.path().display()
            ),
            "{text}"
        );
        assert!(!message.contains("hunter2"), "{message}");
    }
}
