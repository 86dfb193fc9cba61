//! Variables that go in pairs (username and password, client id and secret), and flags.

use super::*;

#[test]
fn environment_pairs_go_together_and_flags_are_checked() {
    for pairs in [
        &[("ASYNCDEX_USERNAME", "reader")][..],
        &[("ASYNCDEX_PASSWORD", "secret-secret")][..],
        &[("ASYNCDEX_CLIENT_ID", "id")][..],
        &[("ASYNCDEX_ANONYMOUS", "maybe")][..],
    ] {
        let pairs: &'static [(&'static str, &'static str)] = pairs;
        let error = ClientBuilder::default().read_vars(vars(pairs)).unwrap_err();
        assert!(error.is_invalid_input(), "{pairs:?}");
    }
    let anonymous = ClientBuilder::default()
        .read_vars(vars(&[
            ("ASYNCDEX_USERNAME", "reader"),
            ("ASYNCDEX_PASSWORD", "hunter2-hunter2"),
            ("ASYNCDEX_ANONYMOUS", "1"),
        ]))
        .unwrap()
        .build()
        .unwrap();
    assert!(anonymous.anonymous_mode());
    assert_eq!(anonymous.username(), None);
}

#[test]
fn half_set_pairs_do_not_break_an_anonymous_builder() {
    let builder = ClientBuilder::default()
        .anonymous(true)
        .read_vars(vars(&[
            ("ASYNCDEX_USERNAME", "reader"),
            ("ASYNCDEX_CLIENT_SECRET", "client-secret-value"),
        ]))
        .unwrap();
    assert!(builder.credentials.is_none() && builder.oauth_client.is_none());
    let error = ClientBuilder::default()
        .read_vars(vars(&[("ASYNCDEX_USERNAME", "reader")]))
        .unwrap_err();
    assert!(error.to_string().contains("set both or neither"), "{error}");
}
