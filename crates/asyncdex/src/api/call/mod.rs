//! [`Call`]: what every endpoint builder holds (operation, path, query, body), its checks and
//! its sending; and the `endpoint!` macro that declares a builder around it.

use std::fmt::Display;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Operation;
use super::params::Query;
use crate::client::MangadexClient;
use crate::error::Result;
use crate::problem::FirstProblem;
use crate::query::segment;

mod checks;
mod endpoint;
mod fields;

pub(crate) use self::endpoint::endpoint;
pub(crate) use self::fields::fields;

#[derive(Clone, Debug)]
pub(crate) struct Call {
    client: MangadexClient,
    pub(crate) operation: Operation,
    path: String,
    pub(crate) query: Query,
    body: Option<(&'static str, Bytes)>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
    problem: FirstProblem,
}

impl Call {
    /// A call of `operation`, its `{...}` placeholders replaced by `args` in order.
    pub(crate) fn new(
        client: &MangadexClient,
        operation: Operation,
        args: &[&dyn Display],
    ) -> Self {
        let mut args = args.iter().peekable();
        let path = operation
            .template()
            .split('/')
            .map(|part| match args.next_if(|_| part.starts_with('{')) {
                Some(arg) => segment(&arg.to_string()),
                None => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        debug_assert!(
            args.next().is_none(),
            "too many path arguments for {operation}"
        );
        Self {
            client: client.clone(),
            operation,
            path,
            query: Query::default(),
            body: None,
            limit: None,
            offset: None,
            problem: FirstProblem::default(),
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(("application/json", Bytes::from(bytes))),
            Err(error) => self.fail(format!("the JSON body: {error}")),
        }
    }

    /// Sets a raw body (multipart uploads).
    pub(crate) fn body(&mut self, content_type: &'static str, body: Bytes) {
        self.body = Some((content_type, body));
    }

    /// Records a problem found while building; `send` returns it without sending.
    pub(crate) fn fail(&mut self, problem: impl Into<String>) {
        self.problem.record(problem);
    }

    pub(crate) async fn send(self) -> Result<crate::response::ApiResponse> {
        self.request()?.send().await
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.request()?.send_json().await
    }
}
