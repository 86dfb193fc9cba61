//! Compile-time proof that the client and its error are `Send + Sync + 'static`, and that the
//! futures the facade returns are `Send + 'static`: a change that breaks it fails this crate's
//! build, not a user's `tokio::spawn`. The endpoint builders' `send()` futures are checked
//! where the `endpoint!` macro declares them.
//!
//! The futures are not `Sync`, and need not be (a future is polled through `&mut`, by one
//! thread at a time): each holds the boxed `dyn Future + Send` of the tower stack's call
//! (`BoxCloneSyncService`'s future).
//!
//! The series futures (`SeriesJob::plan`, `PlanDownload::run`) are asserted too: the plan
//! locks the library's store for one statement at a time instead of holding it across an
//! await, and the download collects its work list before it starts.

use http::Method;

use crate::api::cover::UploadCover;
use crate::api::follows::IsFollowingGroup;
use crate::api::infrastructure::Ping;
use crate::api::upload::UploadFiles;
use crate::{Error, MangadexClient};

/// Compiles only for a `Send + Sync + 'static` value.
fn send_sync_static<T: Send + Sync + 'static>(_: &T) {}

/// Compiles only for a `Send + 'static` value.
pub(crate) fn send_static<T: Send + 'static>(_: &T) {}

/// Compiles only for a `Send` value.
fn send<T: Send>(_: &T) {}

// A client borrowed for `'static` makes the futures of its `&self` methods `'static` too.
const _: fn(&'static MangadexClient, Error) = |client, error| {
    send_sync_static(client);
    send_sync_static(&error);
    send_static(&client.login(None));
    send_static(&client.logout());
    send_static(&client.get_session_token());
    send_static(&client.request(Method::GET, "/ping").send());
    send_static(
        &client
            .request(Method::GET, "/ping")
            .send_json::<serde_json::Value>(),
    );
    send_static(&client.manga().search().stream());
};

#[cfg(feature = "download")]
const _: fn(&'static MangadexClient) = |client| {
    send_static(&client.download(uuid::Uuid::nil()).run());
    send_static(&client.series(uuid::Uuid::nil()).plan());
};

#[cfg(feature = "download")]
const _: fn(&'static MangadexClient, crate::series::Plan) = |client, plan| {
    send_static(&plan.download(client).run());
};

// The builders whose `send()` is written by hand rather than by `endpoint!` (one of each
// kind: the follow checks share one macro).
const _: fn(Ping, IsFollowingGroup, UploadFiles, UploadCover) = |ping, check, files, cover| {
    send_static(&ping.send());
    send_static(&check.send());
    send_static(&files.send());
    send_static(&cover.send());
};

// `get_many` borrows the handle it is called on (`client.manga()`), so its future lives as
// long as that handle: `Send`, not `'static`.
const _: fn(&MangadexClient) = |client| {
    send(&client.manga().get_many(Vec::new()));
    send(&client.chapter().get_many(Vec::new()));
    send(&client.cover().get_many(Vec::new()));
    send(&client.author().get_many(Vec::new()));
    send(&client.group().get_many(Vec::new()));
    send(&client.user().get_many(Vec::new()));
};
