//! Putting fetched chapters in place: a folder or a chapter archive at once; a shared
//! archive (a volume, the series) when its last chapter is settled, rebuilt around the
//! chapters it already holds. Every chapter is recorded once it is in place.

mod archive;
mod book;
mod comic_info;
mod label;
mod own_target;
mod recording;
mod shared;

pub(super) use self::book::Book;
pub(super) use self::label::label;
