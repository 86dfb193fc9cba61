//! Options read from the environment: what they set, non-UTF-8 and blank variables.

use super::*;

#[test]
fn environment_sets_the_asyncdex_options() {
    let builder = ClientBuilder::default()
        .read_vars(vars(&[
            ("ASYNCDEX_API_URL", "http://127.0.0.1:9/"),
            ("ASYNCDEX_REPORT_URL", "http://127.0.0.1:10/report"),
            ("ASYNCDEX_UPLOADS_URL", "http://127.0.0.1:11/"),
            ("ASYNCDEX_USERNAME", "reader"),
            ("ASYNCDEX_PASSWORD", "hunter2-hunter2"),
            ("ASYNCDEX_REFRESH_TOKEN", "refresh-me"),
            ("ASYNCDEX_CLIENT_ID", "personal-client"),
            ("ASYNCDEX_CLIENT_SECRET", "client-secret-value"),
            ("ASYNCDEX_SLEEP_ON_RATELIMIT", "false"),
            ("ASYNCDEX_USER_AGENT", "my-tracker/1.0"),
        ]))
        .unwrap();
    assert_eq!(builder.api_url, "http://127.0.0.1:9/");
    assert_eq!(builder.credentials.as_ref().unwrap().login(), "reader");
    assert_eq!(
        builder.refresh_token.as_ref().unwrap().expose(),
        "refresh-me"
    );
    assert_eq!(builder.oauth_client.as_ref().unwrap().0, "personal-client");
    assert!(!builder.sleep_on_ratelimit);
    assert_eq!(builder.user_agent, "my-tracker/1.0");
    let debug = format!("{builder:?}");
    for secret in ["hunter2-hunter2", "refresh-me", "client-secret-value"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    let client = builder.build().unwrap();
    assert_eq!(client.api_base(), "http://127.0.0.1:9");
    assert_eq!(client.report_url(), "http://127.0.0.1:10/report");
    assert_eq!(client.uploads_url(), "http://127.0.0.1:11");
    assert_eq!(client.username().as_deref(), Some("reader"));
    assert!(!client.sleep_on_ratelimit());
    assert!(!client.anonymous_mode());
}

#[cfg(unix)]
#[test]
fn a_variable_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStringExt;
    for name in [
        "ASYNCDEX_API_URL",
        "ASYNCDEX_PASSWORD",
        "ASYNCDEX_ANONYMOUS",
    ] {
        let error = ClientBuilder::default()
            .read_vars(|var| match var {
                _ if var == name => Some(OsString::from_vec(b"caf\xe9-hunter2".to_vec())),
                "ASYNCDEX_USERNAME" => Some(OsString::from("reader")),
                _ => None,
            })
            .unwrap_err();
        let message = error.to_string();
        assert!(error.is_invalid_input(), "{name}");
        assert!(message.contains(name), "{message}");
        assert!(message.contains("not valid UTF-8"), "{message}");
        assert!(!message.contains("hunter2"), "never quoted: {message}");
    }
}

#[test]
fn blank_variables_count_as_unset() {
    let builder = ClientBuilder::default()
        .read_vars(vars(&[
            ("ASYNCDEX_USERNAME", ""),
            ("ASYNCDEX_PASSWORD", "  "),
            ("ASYNCDEX_API_URL", ""),
        ]))
        .unwrap();
    assert!(builder.credentials.is_none());
    assert_eq!(builder.api_url, DEFAULT_API_URL);
}
