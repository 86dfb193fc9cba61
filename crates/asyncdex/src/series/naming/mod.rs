//! Folder and file names from a small template language, with presets that Komga and Kavita
//! parse.
//!
//! ```
//! use asyncdex::series::naming::{NameFields, Naming, Preset, Template, unique_names};
//!
//! let fields = NameFields {
//!     title: "Re:Zero",
//!     volume: Some("3"),
//!     chapter: Some("8.5"),
//!     chapter_title: Some("Extra"),
//!     group: Some("Scans/Team"),
//!     lang: "en",
//! };
//! let komga = Naming::preset(Preset::Komga);
//! assert_eq!(komga.series.render(&fields), "Re：Zero");
//! assert_eq!(komga.chapter.render(&fields), "Re：Zero v03 c008.5 - Extra [Scans／Team]");
//!
//! // A template of your own: `<...>` vanishes when a field inside it has no value.
//! let template: Template = "{chapter:4}< {chapter_title}> ({lang})".parse()?;
//! let untitled = NameFields { chapter_title: None, ..fields };
//! assert_eq!(template.render(&untitled), "0008.5 (en)");
//!
//! // Names in one folder must differ even on case-insensitive file systems.
//! let names = unique_names(vec!["a.cbz".to_owned(), "A.cbz".to_owned()]);
//! assert_eq!(names, ["a.cbz", "A (2).cbz"]);
//! # Ok::<(), asyncdex::series::naming::TemplateError>(())
//! ```
//!
//! # Template syntax
//!
//! - Literal text is copied as is.
//! - `{field}` is replaced by the field's value; `{field:N}` zero-pads the leading digits of a
//!   number to `N` digits (1 to 6): `{chapter:3}` of `8.5` is `008.5`, of `12` is `012`, of
//!   `1234` is `1234`; a value that does not start with a digit, such as `Extra`, is left as is.
//!   Only `{volume}` and `{chapter}` take padding.
//! - `<...>` is an optional section, dropped whole when any field inside it has no value (no
//!   volume, no chapter title, no group...). `<` and `>` are forbidden in Windows file names,
//!   so they are never wanted literally. Sections do not nest.
//! - `{{` and `}}` are literal braces.
//!
//! A value that is empty or only whitespace counts as no value. A field with no value outside
//! an optional section renders as nothing. Errors name the column (counted in characters from
//! 1) and say how to fix the template.
//!
//! # Fields
//!
//! `{title}` (the manga), `{volume}`, `{chapter}`, `{chapter_title}`, `{group}` (the
//! scanlation group), `{lang}` (the translated language) come from [`NameFields`].
//! `{oneshot}` is derived: it is `Oneshot` when the chapter has no number (MangaDex gives
//! oneshots none) and has no value otherwise, so `<c{chapter:3}><{oneshot}>` names a
//! numbered chapter by its number and a oneshot by the word.
//!
//! # Sanitizing
//!
//! [`Template::render`] returns one path component, passed through [`sanitize_component`]: a
//! `/` in a title never creates a directory, and the name is valid on Windows, macOS and
//! Linux. [`unique_names`] then keeps the names of one folder apart.
//!
//! # Presets
//!
//! | preset | series | chapter | volume | single |
//! |---|---|---|---|---|
//! | [`Preset::Komga`] | `{title}` | `{title} <v{volume:2} ><c{chapter:3}><{oneshot}>< - {chapter_title}>< [{group}]>` | `{title}< v{volume:2}>` | `{title}` |
//! | [`Preset::Kavita`] | `{title}` | `{title} <SP01 {oneshot} ><Vol. {volume:2} ><Ch. {chapter:3}>< - {chapter_title}>< [{group}]>` | `{title}< Vol. {volume:2}>` | `{title}` |
//! | [`Preset::Plain`] | `{title}` | `<Vol.{volume} ><Ch.{chapter}><{oneshot}>< {chapter_title}>< [{group}]>` | `Vol.{volume}` | `{title}` |
//!
//! Rendered chapter names, for volume 1 chapter 8.5 titled `Extra` by `Team`, and for a
//! oneshot titled `Spring` by `Team`:
//!
//! - Komga: `Title v01 c008.5 - Extra [Team]`, `Title Oneshot - Spring [Team]`
//! - Kavita: `Title Vol. 01 Ch. 008.5 - Extra [Team]`, `Title SP01 Oneshot - Spring [Team]`
//! - Plain: `Vol.1 Ch.8.5 Extra [Team]`, `Oneshot Spring [Team]`
//!
//! Why these parse right:
//!
//! - **Komga** makes every folder holding archives one series, named after the folder (a
//!   ComicInfo.xml `Series` overrides it), so the series folder is the title alone and all
//!   archives of a series go in it. Books are ordered by ComicInfo `Number`, else by file name:
//!   the zero padding (`v01`, `c008.5`) keeps name order equal to number order. Without
//!   ComicInfo.xml, chapters that have no volume yet sort before the volumes (`c` < `v`).
//! - **Kavita** reads series, volume and chapter from the file name, not the folder: the title
//!   leads, then its markers `Vol. 01` and `Ch. 008.5`. Kavita drops anything in `( )` from
//!   the series name, so the group goes in `[ ]`, which both servers ignore. A file without
//!   volume or chapter markers is a Special, and an `SP01` marker forces one wherever it
//!   stands, so a oneshot gets `SP01` right after the title: Kavita takes what precedes the
//!   marker as the series and lists the oneshot among the series' specials. The marker comes
//!   before the volume because Kavita's series name runs up to the `SP` marker.
//! - **Plain** is for reading with a file manager: short names inside the series folder.
//!
//! A oneshot stays distinct from the chapters (no chapter number, the word `Oneshot` instead)
//! and from other oneshots by its title and group; [`unique_names`] settles the rest.

mod field_spec;
mod fields;
mod layout;
mod parser;
mod pieces;
mod preset;
mod reserved;
mod sanitize;
mod template;
mod template_error;
#[cfg(test)]
mod tests;
mod unique;

pub use self::fields::NameFields;
pub use self::layout::Naming;
pub use self::preset::{Preset, PresetError};
pub use self::sanitize::sanitize_component;
pub use self::template::Template;
pub use self::template_error::TemplateError;
pub use self::unique::unique_names;
