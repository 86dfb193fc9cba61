//! [`MangaFormat`], the schema's `Manga`: whether a book is a manga, and its direction.

/// Whether a book is a manga, the schema's `Manga`; `YesAndRightToLeft` also sets the reading
/// direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum MangaFormat {
    /// Not said (omitted from the document).
    #[default]
    Unknown,
    /// Not a manga.
    No,
    /// A manga read left to right.
    Yes,
    /// A manga read right to left.
    YesAndRightToLeft,
}

impl MangaFormat {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MangaFormat::Unknown => "Unknown",
            MangaFormat::No => "No",
            MangaFormat::Yes => "Yes",
            MangaFormat::YesAndRightToLeft => "YesAndRightToLeft",
        }
    }
}
