//! Steering a running server: its fault plan, held requests, the release time.

use time::OffsetDateTime;

use super::MockServer;
#[cfg(doc)]
use crate::catalogue::Catalogue;
use crate::faults::{FaultPlan, Hold, RequestMatch};

impl MockServer {
    /// Replaces the fault plan (rule hit counts start again from zero).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.state.set_faults(plan);
    }

    /// Holds the requests `which` names as they arrive (logged, not yet answered) until the
    /// [`Hold`] is released or dropped; then they are answered as if they had just arrived.
    /// For tests that must act while a client is in the middle of its work, with no timing
    /// assumption.
    ///
    /// ```
    /// use asyncdex_mock::{Listener, MockServer, RequestMatch};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// let hold = server.hold(RequestMatch::new().on(Listener::Api).route("/ping"));
    /// let addr = server.url().trim_start_matches("http://").to_owned();
    /// let ping = tokio::spawn(async move {
    ///     let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    ///     stream.write_all(b"GET /ping HTTP/1.1\r\nHost: mock\r\nUser-Agent: test/1\r\nConnection: close\r\n\r\n").await.unwrap();
    ///     let mut answer = String::new();
    ///     stream.read_to_string(&mut answer).await.unwrap();
    ///     answer
    /// });
    /// hold.wait_for_held(1).await;
    /// assert_eq!(server.requests()[0].status, None); // arrived, not answered
    /// hold.release();
    /// assert!(ping.await.unwrap().starts_with("HTTP/1.1 200"));
    /// # }
    /// ```
    pub fn hold(&self, which: RequestMatch) -> Hold {
        self.state.holds.add(which)
    }

    /// Sets the release time: from now on, chapters whose `publishAt` is after `t` do not
    /// exist yet. They are absent from `/manga/{id}/feed`, `/user/follows/manga/feed`,
    /// `/list/{id}/feed`, `/chapter` and `/manga/{id}/aggregate`; `/chapter/{id}`,
    /// `/at-home/server/{id}` and their pages on the image node answer 404, and so do the
    /// other routes taking a chapter id (statistics, `PUT /chapter/{id}`, `POST
    /// /upload/begin/{id}`, `POST /forums/thread`; read markers answer 400, as for a chapter
    /// of another manga). Each manga's `latestUploadedChapter` (and
    /// `order[latestUploadedChapter]`) is its newest chapter out by `t`, `null` when none is;
    /// its other attributes (`availableTranslatedLanguages`, `lastChapter` ...) stay those of
    /// the whole catalogue. `t` counts in whole seconds: a chapter published in `t`'s second
    /// is out.
    ///
    /// Moving the time forward makes chapters appear, as new uploads would; the showcase
    /// series' chapter 12 comes 30 days after its chapter 10 and after
    /// [`Catalogue::clock_end`] (see the [catalogue docs](crate::catalogue)).
    pub fn set_release_time(&self, t: OffsetDateTime) {
        self.state.set_release(Some(t.unix_timestamp()));
    }

    /// Clears the release time: every chapter is out again (the default).
    pub fn clear_release_time(&self) {
        self.state.set_release(None);
    }

    /// The release time, if one is set.
    pub fn release_time(&self) -> Option<OffsetDateTime> {
        self.state
            .release()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
    }
}
