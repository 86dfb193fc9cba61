//! Forum threads behind comments (spec tag `Forums`, 1 operation): `client.forums()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::ForumThreadType;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let thread = client.forums().create_thread(ForumThreadType::Manga, manga_id).send().await?;
//! println!("{}", thread.data.url());
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::{ForumsApi, Operation};
use crate::model::{ForumThreadRequest, ForumThreadResponse, ForumThreadType};

endpoint!(
    /// `POST /forums/thread`: the comment thread of a manga, group or chapter (created when
    /// missing).
    CreateForumThread: Post FORUMS_THREAD -> ForumThreadResponse, body ForumThreadRequest
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[CreateForumThread::OPERATION];

impl ForumsApi<'_> {
    /// `POST /forums/thread`: the comment thread of the entity `id` of `kind`.
    pub fn create_thread(&self, kind: ForumThreadType, id: Uuid) -> CreateForumThread {
        let body = ForumThreadRequest { kind, id };
        CreateForumThread(
            Call::new(self.client, CreateForumThread::OPERATION, &[]),
            body,
        )
    }
}
