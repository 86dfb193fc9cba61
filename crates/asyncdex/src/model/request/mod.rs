//! JSON request bodies of the create/edit operations (`MangaRequest`, `ChapterRequest`,
//! `AuthorCreate`/`AuthorEdit`, `CreateScanlationGroup`/`ScanlationGroupEdit`, `CoverEdit`,
//! `CustomListCreate`/`CustomListEdit`).
//!
//! Every field is optional and left out of the JSON when `None`, so one type serves both the
//! create and the edit operation; the spec's required fields are noted on each type (edits
//! need `version`). A field cannot be set to `null` through these types.

mod author;
mod chapter;
mod cover;
mod group;
mod list;
mod manga;

pub use self::author::AuthorRequest;
pub use self::chapter::ChapterRequest;
pub use self::cover::CoverEdit;
pub use self::group::ScanlationGroupRequest;
pub use self::list::CustomListRequest;
pub use self::manga::MangaRequest;
