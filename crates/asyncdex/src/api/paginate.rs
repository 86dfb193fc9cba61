//! [`Paginated`]: a list endpoint as a lazy stream of items.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_util::Stream;
use futures_util::future::BoxFuture;
use serde::de::DeserializeOwned;

use super::RESULT_WINDOW;
use super::call::Call;
use crate::error::Result;
use crate::model::CollectionResponse;

/// Every item of a list endpoint, as a lazy [`Stream`] of `Result<T>`.
///
/// Pages are fetched one at a time, with the endpoint's largest page size (100; 500 for the
/// three chapter feeds), and only when the items fetched so far are used up: nothing is read
/// ahead. The stream starts at the builder's `offset` (0 by default; the builder's `limit` is
/// replaced by the largest page size) and ends:
/// - after the last item, when `offset` reaches the `total` the server reported (or a page
///   comes back empty);
/// - at the API's result window (`offset + limit <= 10000`): it never asks past it, and
///   [`is_truncated`](Self::is_truncated) then tells that `total` held more items than could be
///   read (narrow the filters, e.g. by `createdAtSince`, to read the rest);
/// - after the first failed page, whose error is its last item.
///
/// ```no_run
/// use asyncdex::MangadexClient;
/// use asyncdex::model::Language;
/// use futures_util::TryStreamExt;
///
/// # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
/// let client = MangadexClient::new()?;
/// let mut chapters = client
///     .manga()
///     .feed(manga_id)
///     .translated_language([Language::English])
///     .stream(); // 500 chapters per request
/// while let Some(chapter) = chapters.try_next().await? {
///     println!("{:?} {:?}", chapter.attributes.chapter, chapter.attributes.title);
/// }
/// assert!(!chapters.is_truncated());
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Paginated<T> {
    call: Call,
    page_size: u32,
    next_offset: u32,
    buffer: VecDeque<T>,
    pending: Option<BoxFuture<'static, Result<CollectionResponse<T>>>>,
    total: Option<u32>,
    truncated: bool,
    done: bool,
}

impl<T: DeserializeOwned + Send + 'static> Paginated<T> {
    pub(crate) fn new(call: Call) -> Self {
        let page_size = call.operation.page_limit().unwrap_or(100);
        let next_offset = call.offset.unwrap_or(0);
        Self {
            call,
            page_size,
            next_offset,
            buffer: VecDeque::new(),
            pending: None,
            total: None,
            truncated: false,
            done: false,
        }
    }

    /// The next page's request, or `None` when the window is used up.
    fn fetch(&mut self) -> Option<BoxFuture<'static, Result<CollectionResponse<T>>>> {
        let room = RESULT_WINDOW.saturating_sub(self.next_offset);
        if room == 0 {
            return None;
        }
        let mut call = self.call.clone();
        call.offset = Some(self.next_offset);
        call.limit = Some(self.page_size.min(room));
        Some(Box::pin(call.send_json()))
    }

    fn finish(&mut self) {
        self.done = true;
        self.truncated = self.total.is_some_and(|total| total > self.next_offset)
            && self.next_offset >= RESULT_WINDOW;
    }
}

// Items are only ever moved, never pinned: the stream is `Unpin` whatever `T` is.
impl<T> Unpin for Paginated<T> {}

impl<T> Paginated<T> {
    /// The `total` of the last page received (`None` before the first).
    pub fn total(&self) -> Option<u32> {
        self.total
    }

    /// True once the stream has ended at the 10,000-result window while `total` held more.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The offset of the next page to fetch.
    pub fn next_offset(&self) -> u32 {
        self.next_offset
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Paginated<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let pending = match this.pending.as_mut() {
                Some(pending) => pending,
                None => match this.fetch() {
                    Some(fetch) => this.pending.insert(fetch),
                    None => {
                        this.finish();
                        continue;
                    }
                },
            };
            let result = ready!(pending.as_mut().poll(cx));
            this.pending = None;
            match result {
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok(page) => {
                    this.total = Some(page.total);
                    let received = u32::try_from(page.data.len()).unwrap_or(u32::MAX);
                    this.next_offset = this.next_offset.saturating_add(received);
                    this.buffer.extend(page.data);
                    if received == 0 || this.next_offset >= page.total {
                        this.finish();
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let upper = self.total.map(|total| {
            let end = total.min(RESULT_WINDOW).saturating_sub(self.next_offset);
            self.buffer.len() + end as usize
        });
        (
            self.buffer.len(),
            if self.done {
                Some(self.buffer.len())
            } else {
                upper
            },
        )
    }
}

impl<T> fmt::Debug for Paginated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated")
            .field("operation", &self.call.operation)
            .field("page_size", &self.page_size)
            .field("next_offset", &self.next_offset)
            .field("buffered", &self.buffer.len())
            .field("in_flight", &self.pending.is_some())
            .field("total", &self.total)
            .field("truncated", &self.truncated)
            .field("done", &self.done)
            .finish()
    }
}
