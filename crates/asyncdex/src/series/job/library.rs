//! A sync's inputs: the library's series whose newest chapter changed, and the followed feed.

use std::sync::Mutex;

use uuid::Uuid;

use super::SeriesJob;
use super::followed::Followed;
use super::inputs::{Input, Inputs, options_of, stored_info};
use crate::error::{Error, Result};
use crate::series::plan::SeriesOptions;
use crate::series::source;
use crate::series::store::{SeriesRecord, Store};

impl SeriesJob {
    /// A sync: the library's series whose newest chapter changed, and the followed feed.
    /// One `GET /manga` per 100 series tells which changed.
    pub(super) async fn library(
        &self,
        store: Option<&Mutex<Store>>,
        records: &[SeriesRecord],
    ) -> Result<Inputs> {
        let Some(store) = store else {
            if self.followed {
                return self.followed_series(records).await;
            }
            return Err(Error::invalid(format!(
                "no library in {}: download a series into it first (or sync --followed)",
                self.root.display()
            )));
        };
        let Followed {
            by_manga: mut followed,
            mark: followed_mark,
            at_mark: followed_seen,
        } = self.new_followed(store, records).await?;
        let mut ids: Vec<Uuid> = records
            .iter()
            .filter(|r| !self.covered(&options_of(r)))
            .map(|r| r.manga)
            .collect();
        // A series of the library with new chapters in the followed feed is planned from the
        // library's copy of its metadata (asked again only if a chapter is to be fetched).
        let mut series = Vec::new();
        for (id, chapters) in std::mem::take(&mut followed) {
            match stored_info(records, id).filter(|_| !self.full && !ids.contains(&id)) {
                Some(info) => series.push(Input {
                    info,
                    stored: true,
                    chapters,
                    options: self.followed_options(records, id),
                }),
                None => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    followed.insert(id, chapters);
                }
            }
        }
        let manga = if ids.is_empty() {
            Vec::new()
        } else {
            source::manga(&self.client, ids).await?
        };
        for m in manga {
            let from_feed = followed.remove(&m.id);
            let options = match &from_feed {
                Some(_) => self.followed_options(records, m.id),
                None => records
                    .iter()
                    .find(|r| r.manga == m.id)
                    .map_or_else(|| self.options.clone(), options_of),
            };
            let mut chapters = from_feed.unwrap_or_default();
            let record = records.iter().find(|r| r.manga == m.id);
            if let Some(record) = record.filter(|_| !self.covered(&options)) {
                let feed = self.new_in_feed(store, &m, record, &options).await?;
                chapters.retain(|c| !feed.iter().any(|f| f.id == c.id));
                chapters.extend(feed);
            }
            series.push(Input::fetched(&m, chapters, options));
        }
        Ok(Inputs {
            series,
            followed_mark,
            followed_seen,
        })
    }

    /// Whether the followed feed covers a series with these options in this sync: then it
    /// needs no check of its own (unless the sync is full); new chapters of the others show
    /// in their `latestUploadedChapter`.
    fn covered(&self, options: &SeriesOptions) -> bool {
        self.followed && options.followed && !self.full
    }
}
