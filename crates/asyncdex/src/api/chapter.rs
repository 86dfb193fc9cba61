//! Chapters (spec tag `Chapter`): `client.chapter()`.

use super::query::order_enum;

order_enum! {
    /// A field of `order[...]` for the chapter lists (`GET /chapter` and the feeds).
    ChapterOrder {
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
        PublishAt => "publishAt",
        ReadableAt => "readableAt",
        Volume => "volume",
        Chapter => "chapter",
    }
}
