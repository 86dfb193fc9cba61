//! Chapter uploads (spec tag `Upload`, 9 operations): `client.upload()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::{ChapterDraft, Language};
//!
//! # async fn run(manga: uuid::Uuid, group: uuid::Uuid, pages: Vec<(String, Vec<u8>)>) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let session = client.upload().begin(manga, [group]).send().await?.into_inner();
//! let mut order = Vec::new();
//! for (name, bytes) in pages {
//!     let uploaded = client.upload().upload_files(session.id).file(name, bytes).send().await?;
//!     order.extend(uploaded.data.iter().map(|file| file.id));
//! }
//! let draft = ChapterDraft {
//!     volume: None,
//!     chapter: Some("1".into()),
//!     title: None,
//!     translated_language: Language::English,
//!     external_url: None,
//!     publish_at: None,
//! };
//! let chapter = client.upload().commit(session.id, draft, order).send().await?.into_inner();
//! println!("uploaded {}", chapter.id);
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use bytes::Bytes;
use uuid::Uuid;

use super::call::{Call, endpoint};
use super::multipart::{self, File, Multipart};
use asyncdex_tower::ratelimit::constants::routes;

use super::{Operation, UploadApi, Verb};
use crate::error::Result;
use crate::model::{
    ApprovalRequired, BeginEditSession, BeginUploadSession, Chapter, ChapterDraft,
    CommitUploadSession, DataOrBare, Language, ResultOk, UploadSession, UploadedFiles,
};

endpoint!(
    /// `GET /upload`: the user's current upload session.
    CurrentUploadSession: Get UPLOAD -> DataOrBare<UploadSession>
);
endpoint!(
    /// `POST /upload/begin`: start an upload session for a new chapter.
    BeginUpload: Post UPLOAD_BEGIN -> DataOrBare<UploadSession>, body BeginUploadSession
);
endpoint!(
    /// `POST /upload/begin/{chapterId}`: start an upload session to edit a chapter.
    BeginEdit: Post UPLOAD_BEGIN_CHAPTER_ID -> DataOrBare<UploadSession>, body BeginEditSession
);
endpoint!(
    /// `DELETE /upload/{uploadSessionId}`: abandon an upload session.
    AbandonUpload: Delete UPLOAD_UPLOAD_SESSION_ID -> ResultOk
);
endpoint!(
    /// `POST /upload/{uploadSessionId}/commit`: turn an upload session into a chapter.
    CommitUpload: Post UPLOAD_UPLOAD_SESSION_ID_COMMIT -> DataOrBare<Chapter>, body CommitUploadSession
);
endpoint!(
    /// `DELETE /upload/{uploadSessionId}/{uploadSessionFileId}`: remove an uploaded file.
    DeleteUploadedFile: Delete UPLOAD_UPLOAD_SESSION_ID_UPLOAD_SESSION_FILE_ID -> ResultOk
);
endpoint!(
    /// `DELETE /upload/{uploadSessionId}/batch`: remove several uploaded files.
    DeleteUploadedFiles: Delete UPLOAD_UPLOAD_SESSION_ID_BATCH -> ResultOk, body Vec<Uuid>
);
endpoint!(
    /// `POST /upload/check-approval-required`: whether uploads for a manga and language need
    /// a moderator's approval.
    CheckApprovalRequired: Post UPLOAD_CHECK_APPROVAL_REQUIRED -> ApprovalRequired
);

/// `POST /upload/{uploadSessionId}`: upload page images (`multipart/form-data`).
///
/// One file goes as the spec's `file` field; several go as `file1`, `file2`... (the API
/// takes up to 10 per request).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UploadFiles(Call, Vec<File>);

impl UploadFiles {
    /// The operation of the spec this builder calls.
    pub const OPERATION: Operation = Operation::new(Verb::Post, routes::UPLOAD_UPLOAD_SESSION_ID);

    /// Adds a file (its extension gives its content type).
    pub fn file(mut self, name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        self.1.push(File {
            name: name.into(),
            bytes: bytes.into(),
        });
        self
    }

    /// Sends the files.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) without sending when there is no
    /// file; otherwise as [`RequestBuilder::send_json`](crate::RequestBuilder::send_json).
    pub async fn send(mut self) -> Result<UploadedFiles> {
        let mut form = Multipart::default();
        match self.1.as_slice() {
            [] => self.0.fail("an upload needs at least one file"),
            [one] => form.file("file", one),
            several => {
                for (i, file) in several.iter().enumerate() {
                    form.file(&format!("file{}", i + 1), file);
                }
            }
        }
        match form.finish() {
            Ok(body) => self.0.body(multipart::CONTENT_TYPE, body),
            Err(problem) => self.0.fail(problem),
        }
        self.0.send_json().await
    }
}

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    CurrentUploadSession::OPERATION,
    BeginUpload::OPERATION,
    BeginEdit::OPERATION,
    UploadFiles::OPERATION,
    AbandonUpload::OPERATION,
    CommitUpload::OPERATION,
    DeleteUploadedFile::OPERATION,
    DeleteUploadedFiles::OPERATION,
    CheckApprovalRequired::OPERATION,
];

impl UploadApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /upload`: the user's current upload session.
    pub fn current(&self) -> CurrentUploadSession {
        CurrentUploadSession(self.call(CurrentUploadSession::OPERATION, &[]))
    }

    /// `POST /upload/begin`: start an upload session for a chapter of `manga` by `groups`.
    pub fn begin(&self, manga: Uuid, groups: impl IntoIterator<Item = Uuid>) -> BeginUpload {
        let body = BeginUploadSession {
            groups: groups.into_iter().collect(),
            manga,
        };
        BeginUpload(self.call(BeginUpload::OPERATION, &[]), body)
    }

    /// `POST /upload/begin/{chapterId}`: start an upload session to edit a chapter at
    /// `version`.
    pub fn begin_edit(&self, chapter: Uuid, version: u32) -> BeginEdit {
        let body = BeginEditSession { version };
        BeginEdit(self.call(BeginEdit::OPERATION, &[&chapter]), body)
    }

    /// `POST /upload/{uploadSessionId}`: upload page images; add them with
    /// [`UploadFiles::file`].
    pub fn upload_files(&self, session: Uuid) -> UploadFiles {
        UploadFiles(self.call(UploadFiles::OPERATION, &[&session]), Vec::new())
    }

    /// `DELETE /upload/{uploadSessionId}`: abandon an upload session.
    pub fn abandon(&self, session: Uuid) -> AbandonUpload {
        AbandonUpload(self.call(AbandonUpload::OPERATION, &[&session]))
    }

    /// `POST /upload/{uploadSessionId}/commit`: turn the session into a chapter, its pages in
    /// `page_order` (uploaded file ids).
    pub fn commit(
        &self,
        session: Uuid,
        draft: ChapterDraft,
        page_order: Vec<Uuid>,
    ) -> CommitUpload {
        let body = CommitUploadSession {
            chapter_draft: draft,
            page_order,
            terms_accepted: None,
        };
        CommitUpload(self.call(CommitUpload::OPERATION, &[&session]), body)
    }

    /// `DELETE /upload/{uploadSessionId}/{uploadSessionFileId}`: remove an uploaded file.
    pub fn delete_file(&self, session: Uuid, file: Uuid) -> DeleteUploadedFile {
        DeleteUploadedFile(self.call(DeleteUploadedFile::OPERATION, &[&session, &file]))
    }

    /// `DELETE /upload/{uploadSessionId}/batch`: remove several uploaded files.
    pub fn delete_files(
        &self,
        session: Uuid,
        files: impl IntoIterator<Item = Uuid>,
    ) -> DeleteUploadedFiles {
        let files = files.into_iter().collect();
        DeleteUploadedFiles(
            self.call(DeleteUploadedFiles::OPERATION, &[&session]),
            files,
        )
    }

    /// `POST /upload/check-approval-required`: whether uploads for `manga` in `locale` need
    /// a moderator's approval.
    pub fn check_approval_required(&self, manga: Uuid, locale: Language) -> CheckApprovalRequired {
        let mut call = self.call(CheckApprovalRequired::OPERATION, &[]);
        call.json(&serde_json::json!({ "manga": manga, "locale": locale }));
        CheckApprovalRequired(call)
    }
}

impl CommitUpload {
    /// Sets `termsAccepted` in the body.
    pub fn terms_accepted(mut self, accepted: bool) -> Self {
        self.1.terms_accepted = Some(accepted);
        self
    }
}
