//! Where a store lives, and the errors that name it.

use std::error::Error as StdError;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::error::{Kind, StoreError};
use super::{DIR, FILE};

/// Where a store lives; everything an error needs to say so.
#[derive(Debug, Clone)]
pub(super) struct Location {
    pub(super) root: PathBuf,
    pub(super) file: PathBuf,
}

impl Location {
    pub(super) fn new(root: &Path) -> Location {
        Location {
            root: root.to_path_buf(),
            file: root.join(DIR).join(FILE),
        }
    }

    pub(super) fn error(
        &self,
        kind: Kind,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> StoreError {
        StoreError {
            at: self.clone(),
            kind,
            source,
        }
    }

    pub(super) fn io(&self, action: String, error: io::Error) -> StoreError {
        self.error(Kind::Io { action }, Some(Box::new(error)))
    }

    pub(super) fn invalid_record(&self, detail: String) -> StoreError {
        self.error(Kind::InvalidRecord { detail }, None)
    }

    /// A SQLite failure, told apart: a damaged file or a stored value that does not decode
    /// means the file needs rebuilding; anything else is the machine's trouble.
    pub(super) fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        let damaged = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => {
                matches!(
                    failure.code,
                    ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt
                )
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..) => true,
            _ => false,
        };
        let kind = if damaged {
            Kind::Corrupt {
                detail: error.to_string(),
            }
        } else {
            Kind::Sqlite
        };
        self.error(kind, Some(Box::new(error)))
    }
}
