use std::error::Error as _;

use super::*;

#[cfg(feature = "download")]
#[tokio::test]
async fn a_panicked_blocking_task_is_its_own_kind_not_a_transport_failure() {
    let error = run_blocking::<(), _>(|| panic!("a bug in file work"))
        .await
        .unwrap_err();
    assert!(error.is_blocking_task(), "{error:?}");
    assert!(!error.is_transport() && !error.is_io(), "{error:?}");
    let join = error
        .source()
        .and_then(|source| source.downcast_ref::<tokio::task::JoinError>())
        .expect("the JoinError");
    assert!(join.is_panic());
    assert!(error.to_string().contains("panicked"), "{error}");
}

#[cfg(feature = "download")]
#[tokio::test]
async fn a_blocking_tasks_own_error_comes_back_as_it_was() {
    let error = run_blocking::<(), _>(|| Err(Error::invalid("no")))
        .await
        .unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
}

#[test]
fn a_decode_error_quotes_the_body_but_never_an_auth_answer() {
    let source = serde_json::from_slice::<u8>(b"x").unwrap_err();
    let headers = http::HeaderMap::new();
    let error = Error::decode("/manga", source, b"<html>oops", &headers);
    assert!(
        error
            .to_string()
            .ends_with("body starts with \"<html>oops\""),
        "{error}"
    );
    let source = serde_json::from_slice::<u8>(b"x").unwrap_err();
    let error = Error::decode("/auth/login", source, b"{\"token\":\"t0k3n\"}", &headers);
    assert!(!format!("{error} {error:?}").contains("t0k3n"));
}
