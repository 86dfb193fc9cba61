//! Every entry's header: stored, at the archive's time (as ZIP headers hold it), `rw-r--r--`.

use time::macros::datetime;
use time::{OffsetDateTime, PrimitiveDateTime};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System};

use super::PERMISSIONS;
#[cfg(doc)]
use super::spec::ArchiveSpec;

/// The earliest time a ZIP header can hold (MS-DOS, 2-second resolution).
const FIRST_DOS_TIME: PrimitiveDateTime = datetime!(1980-01-01 0:00);
/// The latest time a ZIP header can hold.
const LAST_DOS_TIME: PrimitiveDateTime = datetime!(2107-12-31 23:59:58);

/// The wall-clock time of `modified` as ZIP headers hold it (see [`ArchiveSpec::modified`]).
pub(super) fn zip_time(modified: OffsetDateTime) -> DateTime {
    let wall = PrimitiveDateTime::new(modified.date(), modified.time())
        .clamp(FIRST_DOS_TIME, LAST_DOS_TIME);
    DateTime::try_from(wall).unwrap_or_default()
}

/// Stored, at `time`, `rw-r--r--` on a Unix host whatever the platform, so the same pages
/// make the same archive anywhere.
pub(super) fn entry_options(time: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .system(System::Unix)
        .unix_permissions(PERMISSIONS)
}
