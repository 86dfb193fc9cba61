//! The early answers of the injected faults.

use bytes::Bytes;
use http::StatusCode;

use crate::faults::FaultKind;
use crate::response::{ApiError, HTML_400, HTML_403, HTML_502, Reply};

/// The early answer of an injected fault (`None`: answer normally, perhaps late or cut).
pub(super) fn fault_reply(kind: FaultKind) -> Option<Reply> {
    let api =
        |status, title| ApiError::new(status, title, Some("Injected fault".to_owned())).reply();
    let mut reply = match kind {
        FaultKind::ConnectionReset | FaultKind::Delay(_) | FaultKind::TruncatedBody => {
            return None;
        }
        FaultKind::InternalServerError => {
            api(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error")
        }
        FaultKind::BadGateway => Reply::html(StatusCode::BAD_GATEWAY, HTML_502),
        FaultKind::ServiceUnavailable => {
            api(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable")
        }
        FaultKind::MalformedJson => Reply::new(
            StatusCode::OK,
            "application/json",
            r#"{"result":"ok","response":"entity","data":{"id":"#,
        ),
        FaultKind::TooManyRequests => {
            Reply::new(StatusCode::TOO_MANY_REQUESTS, "text/plain", Bytes::new())
        }
        FaultKind::RetryAfter(wait) => api(StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
            .header("retry-after", &wait.as_secs_f64().ceil().to_string()),
        FaultKind::HtmlBadRequest => Reply::html(StatusCode::BAD_REQUEST, HTML_400),
        FaultKind::HtmlForbidden => Reply::html(StatusCode::FORBIDDEN, HTML_403),
        FaultKind::Captcha => ApiError::new(
            StatusCode::FORBIDDEN,
            "captcha_required_exception",
            Some("Captcha required".to_owned()),
        )
        .reply()
        .header(
            "x-captcha-sitekey",
            "6LdummySiteKeyAsyncdexMock000000000000",
        ),
    };
    reply.headers.remove(http::header::CONTENT_LENGTH);
    if kind == FaultKind::TooManyRequests {
        reply.headers.clear();
    }
    Some(reply)
}
