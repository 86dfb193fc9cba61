//! Answers: the internal `Reply`, the API error body, and the hyper body type.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use http_body::{Body, Frame, SizeHint};
use serde_json::{Value, json};
use uuid::Uuid;

/// A complete answer, before it becomes a hyper response.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn new(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    pub(crate) fn json(status: StatusCode, value: &Value) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Self::new(status, "application/json", body)
    }

    pub(crate) fn ok(value: &Value) -> Self {
        Self::json(StatusCode::OK, value)
    }

    pub(crate) fn result_ok() -> Self {
        Self::ok(&json!({"result": "ok"}))
    }

    pub(crate) fn entity(data: Value) -> Self {
        Self::ok(&json!({"result": "ok", "response": "entity", "data": data}))
    }

    pub(crate) fn collection(data: Vec<Value>, limit: usize, offset: usize, total: usize) -> Self {
        Self::ok(&json!({
            "result": "ok", "response": "collection", "data": data,
            "limit": limit, "offset": offset, "total": total,
        }))
    }

    /// The `limit`/`offset` page of `items`, each made JSON by `render`, as a collection
    /// (its `total` counts them all).
    pub(crate) fn page<T>(
        items: Vec<T>,
        limit: usize,
        offset: usize,
        render: impl FnMut(T) -> Value,
    ) -> Handled {
        let total = items.len();
        let data = items
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(render)
            .collect();
        Ok(Self::collection(data, limit, offset, total))
    }

    /// A plain-text answer of `status` with its reason as the body (the file hosts' way).
    pub(crate) fn plain(status: StatusCode) -> Self {
        Self::new(
            status,
            "text/plain",
            status.canonical_reason().unwrap_or_default(),
        )
    }

    /// A file host's request path as its segments, or the 405 it gets unless it is a `GET`.
    pub(crate) fn file_path<'a>(method: &Method, path: &'a str) -> Result<Vec<&'a str>, Self> {
        if method != Method::GET {
            return Err(Self::plain(StatusCode::METHOD_NOT_ALLOWED));
        }
        Ok(path.split('/').filter(|s| !s.is_empty()).collect())
    }

    pub(crate) fn html(status: StatusCode, html: &'static str) -> Self {
        Self::new(status, "text/html", html)
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Self {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(name, v);
        }
        self
    }
}

/// An API error (`{"result":"error","errors":[...]}`).
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) title: String,
    pub(crate) detail: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, title: &str, detail: impl Into<Option<String>>) -> Self {
        Self {
            status,
            title: title.to_owned(),
            detail: detail.into(),
        }
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_exception",
            Some(detail.into()),
        )
    }

    pub(crate) fn not_found(what: &str, id: &impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found_http_exception",
            Some(format!("{what} with ID \"{id}\" could not be found")),
        )
    }

    pub(crate) fn unauthorized(detail: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized_http_exception",
            Some(detail.to_owned()),
        )
    }

    pub(crate) fn forbidden(detail: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden_http_exception",
            Some(detail.to_owned()),
        )
    }

    pub(crate) fn reply(&self) -> Reply {
        Reply::json(
            self.status,
            &error_body(self.status, &self.title, self.detail.as_deref()),
        )
    }
}

pub(crate) fn error_body(status: StatusCode, title: &str, detail: Option<&str>) -> Value {
    json!({
        "result": "error",
        "errors": [{
            "id": Uuid::new_v4(),
            "status": status.as_u16(),
            "title": title,
            "detail": detail,
            "context": null,
        }],
    })
}

pub(crate) type Handled = Result<Reply, ApiError>;

pub(crate) const HTML_400: &str = "<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n\
<center><h1>400 Bad Request</h1></center>\r\n<center>Your browser sent an invalid request.</center>\r\n\
<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
pub(crate) const HTML_403: &str = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n\
<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
pub(crate) const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The response body of every listener: a full body, or one cut short on purpose.
#[derive(Debug)]
pub(crate) enum MockBody {
    Full(Option<Bytes>),
    /// Sends the bytes, then fails, so hyper closes the connection mid-body.
    Truncated(Option<Bytes>, bool),
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.get_mut() {
            Self::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            Self::Truncated(data, failed) => {
                if let Some(d) = data.take() {
                    return Poll::Ready(Some(Ok(Frame::data(d))));
                }
                if *failed {
                    return Poll::Ready(None);
                }
                *failed = true;
                Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "injected truncated body",
                ))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Full(Some(d)) => SizeHint::with_exact(d.len() as u64),
            Self::Full(None) => SizeHint::with_exact(0),
            Self::Truncated(..) => SizeHint::default(),
        }
    }
}

impl Reply {
    pub(crate) fn into_response(self) -> http::Response<MockBody> {
        let mut res = http::Response::new(MockBody::Full(Some(self.body)));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers;
        res
    }

    /// Declares the full length but sends only about half of the body.
    pub(crate) fn into_truncated_response(self) -> http::Response<MockBody> {
        let full = self.body.len().max(2);
        let sent = self.body.slice(..self.body.len() / 2);
        let mut res = http::Response::new(MockBody::Truncated(Some(sent), false));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers;
        res.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(full as u64 + 16));
        res
    }
}
