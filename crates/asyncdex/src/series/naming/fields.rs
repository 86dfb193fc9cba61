//! The values a template fills in, and the fields that name them.

/// What `{oneshot}` renders for a chapter without a number.
const ONESHOT: &str = "Oneshot";

/// The values a [`Template`](super::Template) fills in: one chapter (or volume, or series) of
/// one manga.
///
/// Volume and chapter are MangaDex's strings (`"8.5"`, `"Extra"`); `None`, an empty or a
/// blank string means no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameFields<'a> {
    /// The manga's title, `{title}`.
    pub title: &'a str,
    /// The volume number, `{volume}`.
    pub volume: Option<&'a str>,
    /// The chapter number, `{chapter}`; none for a oneshot.
    pub chapter: Option<&'a str>,
    /// The chapter's own title, `{chapter_title}`.
    pub chapter_title: Option<&'a str>,
    /// The scanlation group (or groups, joined by the caller), `{group}`.
    pub group: Option<&'a str>,
    /// The translated language's code, `{lang}`.
    pub lang: &'a str,
}

/// A field a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Volume,
    Chapter,
    ChapterTitle,
    Group,
    Lang,
    Oneshot,
}

impl Field {
    pub(super) const ALL: [Field; 7] = [
        Field::Title,
        Field::Volume,
        Field::Chapter,
        Field::ChapterTitle,
        Field::Group,
        Field::Lang,
        Field::Oneshot,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Volume => "volume",
            Field::Chapter => "chapter",
            Field::ChapterTitle => "chapter_title",
            Field::Group => "group",
            Field::Lang => "lang",
            Field::Oneshot => "oneshot",
        }
    }

    pub(super) fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// Only numbers are padded: padding a title would be meaningless.
    pub(super) fn is_number(self) -> bool {
        matches!(self, Field::Volume | Field::Chapter)
    }

    pub(super) fn value<'a>(self, fields: &NameFields<'a>) -> Option<&'a str> {
        match self {
            Field::Title => present(Some(fields.title)),
            Field::Volume => present(fields.volume),
            Field::Chapter => present(fields.chapter),
            Field::ChapterTitle => present(fields.chapter_title),
            Field::Group => present(fields.group),
            Field::Lang => present(Some(fields.lang)),
            Field::Oneshot => match present(fields.chapter) {
                Some(_) => None,
                None => Some(ONESHOT),
            },
        }
    }
}

/// A blank value is no value, so that it drops its optional section.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.trim().is_empty())
}
