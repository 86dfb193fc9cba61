//! [`RouteLimit`]: the per-route table, the MangaDex docs' one by default, and its scaling.

use std::time::Duration;

use http::Method;

/// One row of the per-route table: requests allowed per window for one or more routes that
/// share a bucket. Routes are `(method, path template)` pairs where any `{...}` segment matches
/// exactly one path segment; the most specific template (literal segments first) wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLimit {
    /// `(method, template)` pairs sharing this bucket.
    pub routes: Vec<(Method, String)>,
    /// Requests allowed per window.
    pub amount: u32,
    /// Window length.
    pub window: Duration,
}

impl RouteLimit {
    /// A row for one route.
    pub fn new(method: Method, route: &str, amount: u32, window: Duration) -> Self {
        Self {
            routes: vec![(method, route.to_owned())],
            amount,
            window,
        }
    }

    /// A row for several routes sharing one bucket.
    pub fn shared(routes: &[(Method, &str)], amount: u32, window: Duration) -> Self {
        Self {
            routes: routes
                .iter()
                .map(|(m, r)| (m.clone(), (*r).to_owned()))
                .collect(),
            amount,
            window,
        }
    }
}

/// The per-route table of the MangaDex docs (current), written independently of the client's.
pub fn default_route_limits() -> Vec<RouteLimit> {
    const MIN: u64 = 60;
    let m = |minutes: u64| Duration::from_secs(minutes * MIN);
    let (get, post, put, delete) = (Method::GET, Method::POST, Method::PUT, Method::DELETE);
    vec![
        RouteLimit::new(get.clone(), "/at-home/server/{id}", 40, m(1)),
        RouteLimit::new(post.clone(), "/auth/login", 30, m(60)),
        RouteLimit::new(post.clone(), "/auth/refresh", 60, m(60)),
        RouteLimit::new(post.clone(), "/author", 10, m(60)),
        RouteLimit::new(put.clone(), "/author/{id}", 10, m(1)),
        RouteLimit::new(delete.clone(), "/author/{id}", 10, m(10)),
        RouteLimit::new(post.clone(), "/captcha/solve", 10, m(10)),
        RouteLimit::new(post.clone(), "/cover/{id}", 100, m(10)),
        RouteLimit::new(put.clone(), "/cover/{id}", 100, m(10)),
        RouteLimit::new(delete.clone(), "/cover/{id}", 10, m(10)),
        RouteLimit::new(put.clone(), "/chapter/{id}", 10, m(1)),
        RouteLimit::new(delete.clone(), "/chapter/{id}", 10, m(1)),
        RouteLimit::new(post.clone(), "/forums/thread", 10, m(1)),
        RouteLimit::new(post.clone(), "/manga", 10, m(60)),
        RouteLimit::new(put.clone(), "/manga/{id}", 10, m(60)),
        RouteLimit::new(delete.clone(), "/manga/{id}", 10, m(10)),
        RouteLimit::new(post.clone(), "/manga/draft/{id}/commit", 10, m(60)),
        RouteLimit::new(get.clone(), "/manga/random", 60, m(1)),
        RouteLimit::new(post.clone(), "/report", 10, m(1)),
        RouteLimit::new(get.clone(), "/report", 10, m(1)),
        RouteLimit::new(post.clone(), "/group", 10, m(60)),
        RouteLimit::new(put, "/group/{id}", 10, m(1)),
        RouteLimit::new(delete.clone(), "/group/{id}", 10, m(10)),
        RouteLimit::new(get, "/upload", 30, m(1)),
        RouteLimit::shared(
            &[
                (post.clone(), "/upload/begin"),
                (post.clone(), "/upload/begin/{id}"),
            ],
            20,
            m(1),
        ),
        RouteLimit::new(post.clone(), "/upload/{id}/commit", 10, m(1)),
        RouteLimit::new(delete.clone(), "/upload/{id}", 30, m(1)),
        RouteLimit::shared(
            &[
                (post, "/upload/{id}"),
                (delete.clone(), "/upload/{id}/{id}"),
                (delete, "/upload/{id}/batch"),
            ],
            250,
            m(1),
        ),
    ]
}

/// Scales every amount of a table (at least 1 each).
pub(crate) fn scale(table: &mut [RouteLimit], factor: f64) {
    for row in table {
        let scaled = (f64::from(row.amount) * factor).round();
        row.amount = if scaled < 1.0 {
            1
        } else if scaled > f64::from(u32::MAX) {
            u32::MAX
        } else {
            scaled as u32
        };
    }
}
