//! Fetching one chapter into its staging folder, falling back to the data-saver images.

use uuid::Uuid;

use super::runner::{Fetched, Runner, Slot};
use crate::download::DownloadSummary;
use crate::error::{Error, Result};
use crate::model::ImageQuality;
use crate::series::events::SeriesEvent;
use crate::series::{finish, staging};

impl Runner<'_> {
    /// Fetches one chapter into its staging folder; the compressed images when the originals
    /// fail everywhere.
    pub(super) async fn fetch(&self, slot: Slot) -> Result<Fetched> {
        let (series, chapter) = self.chapter(slot);
        self.emit(SeriesEvent::ChapterStarted {
            manga: series.info.id,
            chapter: chapter.id,
            label: finish::label(series, chapter),
            pages: chapter.pages,
        });
        let first = if series.options.data_saver {
            ImageQuality::DataSaver
        } else {
            ImageQuality::Original
        };
        match self.download(chapter.id, first).await {
            Ok(summary) => Ok(Fetched {
                summary,
                data_saver: first == ImageQuality::DataSaver,
            }),
            Err(error) if first == ImageQuality::Original && is_node_trouble(&error) => {
                tracing::warn!(chapter = %chapter.id, %error, "originals failed on every node: taking the data-saver images");
                let summary = self.download(chapter.id, ImageQuality::DataSaver).await?;
                Ok(Fetched {
                    summary,
                    data_saver: true,
                })
            }
            Err(error) => Err(error),
        }
    }

    async fn download(&self, chapter: Uuid, quality: ImageQuality) -> Result<DownloadSummary> {
        let emitter = self.job.emitter.clone();
        self.job
            .client
            .download(chapter)
            .dir(staging::chapter_dir(&self.root, chapter, quality))
            .quality(quality)
            .concurrency(self.job.pages)
            .report_url(&self.job.report_url)
            .fsync(self.job.fsync)
            .with_reports(self.job.reports.clone())
            .progress(move |event| {
                emitter.emit(SeriesEvent::Chapter {
                    chapter,
                    event: event.clone(),
                });
            })
            .run()
            .await
    }
}

/// Whether another quality could help: the image nodes failed, not the API (an unknown or
/// external chapter, a rate limit, a login), the disk or the input.
fn is_node_trouble(error: &Error) -> bool {
    match error {
        http if http.is_http() => !http
            .path()
            .is_some_and(|path| path.starts_with("/at-home/")),
        other => {
            !(other.is_io()
                || other.is_invalid_input()
                || other.is_ratelimit()
                || other.is_unauthorized()
                || other.is_library()
                || other.is_locked())
        }
    }
}
