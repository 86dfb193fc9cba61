//! [`PageInfo`] and [`PageKind`]: one page of a book, the schema's `Page`.

/// One page of a book, the schema's `Page`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// `Image`: the page's index in the archive, from 0. A page whose index does not fit an
    /// `xs:int` is omitted.
    pub image: u32,
    /// `Type`: what the page is; readers assume `Story` when absent.
    pub kind: Option<PageKind>,
    /// `ImageSize`: the image file's size in bytes.
    pub image_size: Option<u64>,
    /// `ImageWidth`: in pixels.
    pub image_width: Option<u32>,
    /// `ImageHeight`: in pixels.
    pub image_height: Option<u32>,
}

/// What a page is, the schema's `ComicPageType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The front cover, the one readers show as the book's thumbnail.
    FrontCover,
    /// A second cover inside the book.
    InnerCover,
    /// A summary of previous books.
    Roundup,
    /// A page of the story.
    Story,
    /// An advertisement.
    Advertisement,
    /// An editorial page.
    Editorial,
    /// Readers' letters.
    Letters,
    /// A preview of another book.
    Preview,
    /// The back cover.
    BackCover,
    /// Anything else.
    Other,
    /// A page readers should not show.
    Deleted,
}

impl PageKind {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::FrontCover => "FrontCover",
            PageKind::InnerCover => "InnerCover",
            PageKind::Roundup => "Roundup",
            PageKind::Story => "Story",
            PageKind::Advertisement => "Advertisement",
            PageKind::Editorial => "Editorial",
            PageKind::Letters => "Letters",
            PageKind::Preview => "Preview",
            PageKind::BackCover => "BackCover",
            PageKind::Other => "Other",
            PageKind::Deleted => "Deleted",
        }
    }
}
