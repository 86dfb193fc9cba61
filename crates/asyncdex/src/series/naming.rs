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

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest component [`sanitize_component`] returns, in bytes: file systems allow 255,
/// and this leaves room for an extension, a ` (2)` suffix and a `.part` while downloading.
const MAX_COMPONENT_BYTES: usize = 180;

/// The widest padding a field takes: chapter numbers beyond a million do not exist.
const MAX_PADDING: usize = 6;

/// What `{oneshot}` renders for a chapter without a number.
const ONESHOT: &str = "Oneshot";

/// The values a [`Template`] fills in: one chapter (or volume, or series) of one manga.
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
enum Field {
    Title,
    Volume,
    Chapter,
    ChapterTitle,
    Group,
    Lang,
    Oneshot,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Title,
        Field::Volume,
        Field::Chapter,
        Field::ChapterTitle,
        Field::Group,
        Field::Lang,
        Field::Oneshot,
    ];

    fn name(self) -> &'static str {
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

    fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// Only numbers are padded: padding a title would be meaningless.
    fn is_number(self) -> bool {
        matches!(self, Field::Volume | Field::Chapter)
    }

    fn value<'a>(self, fields: &NameFields<'a>) -> Option<&'a str> {
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

/// A piece of a template: text, or a field with its padding.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field { field: Field, width: usize },
}

impl Piece {
    fn render<'a>(&'a self, fields: &NameFields<'a>) -> Option<Cow<'a, str>> {
        match self {
            Piece::Text(text) => Some(Cow::Borrowed(text)),
            Piece::Field { field, width } => field.value(fields).map(|value| pad(value, *width)),
        }
    }
}

/// A top-level part of a template: a piece, or an optional section of pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Piece(Piece),
    Optional(Vec<Piece>),
}

/// Zero-pads the leading digits of `value` to `width` digits; other values are left as is.
fn pad(value: &str, width: usize) -> Cow<'_, str> {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits >= width {
        return Cow::Borrowed(value);
    }
    Cow::Owned(format!("{}{value}", "0".repeat(width - digits)))
}

/// A name template, parsed once and rendered per chapter (see the [module docs](self)).
///
/// It serializes as its source string and deserializes by parsing one, so a bad template in
/// a configuration file fails to load with the parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Template {
    /// Parses a template.
    ///
    /// # Errors
    ///
    /// A [`TemplateError`] for an unknown field, an unclosed `{` or `<`, a stray `}` or `>`,
    /// a nested `<`, or a bad padding.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let parts = Parser::default().run(source)?;
        Ok(Template {
            source: source.to_owned(),
            parts,
        })
    }

    /// The source the template was parsed from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Renders one path component: the fields filled in, empty optional sections dropped, the
    /// result passed through [`sanitize_component`].
    pub fn render(&self, fields: &NameFields<'_>) -> String {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Piece(piece) => name.push_str(&piece.render(fields).unwrap_or_default()),
                Part::Optional(pieces) => {
                    let rendered: Option<Vec<_>> =
                        pieces.iter().map(|piece| piece.render(fields)).collect();
                    name.extend(rendered.into_iter().flatten());
                }
            }
        }
        sanitize_component(&name)
    }
}

impl FromStr for Template {
    type Err = TemplateError;

    fn from_str(source: &str) -> Result<Template, TemplateError> {
        Template::parse(source)
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Template, D::Error> {
        let source = String::deserialize(deserializer)?;
        Template::parse(&source).map_err(serde::de::Error::custom)
    }
}

/// The template parser: a single pass over the characters, with at most one open section.
#[derive(Default)]
struct Parser {
    parts: Vec<Part>,
    /// The open optional section: its pieces and the column of its `<`.
    section: Option<(Vec<Piece>, usize)>,
    text: String,
}

impl Parser {
    fn run(mut self, source: &str) -> Result<Vec<Part>, TemplateError> {
        let chars: Vec<char> = source.chars().collect();
        let mut at = 0;
        while let Some(&c) = chars.get(at) {
            let column = at + 1;
            let next = chars.get(at + 1).copied();
            at += match (c, next) {
                ('{', Some('{')) | ('}', Some('}')) => self.literal(c),
                ('{', _) => self.field(&chars[at + 1..], column)?,
                ('}', _) => return Err(TemplateError::new(ErrorKind::StrayBrace, column)),
                ('<', _) => self.open(column)?,
                ('>', _) => self.close(column)?,
                _ => {
                    self.text.push(c);
                    1
                }
            };
        }
        if let Some((_, column)) = self.section {
            return Err(TemplateError::new(ErrorKind::UnclosedSection, column));
        }
        self.flush();
        Ok(self.parts)
    }

    /// An escaped brace: two characters in, one out.
    fn literal(&mut self, brace: char) -> usize {
        self.text.push(brace);
        2
    }

    /// Parses the field after a `{` at `column`; returns the characters consumed.
    fn field(&mut self, rest: &[char], column: usize) -> Result<usize, TemplateError> {
        // A field ends at the first `}`; any other brace or angle before it means the `}` is
        // missing, which is a clearer message than an unknown field spanning the rest.
        let end = rest.iter().position(|c| matches!(c, '{' | '}' | '<' | '>'));
        let Some(len) = end.filter(|&end| rest[end] == '}') else {
            return Err(TemplateError::new(ErrorKind::UnclosedField, column));
        };
        let spec: String = rest[..len].iter().collect();
        let piece = parse_field(&spec, column)?;
        self.flush();
        self.push(piece);
        Ok(len + 2)
    }

    fn open(&mut self, column: usize) -> Result<usize, TemplateError> {
        if self.section.is_some() {
            return Err(TemplateError::new(ErrorKind::NestedSection, column));
        }
        self.flush();
        self.section = Some((Vec::new(), column));
        Ok(1)
    }

    fn close(&mut self, column: usize) -> Result<usize, TemplateError> {
        self.flush();
        let Some((pieces, _)) = self.section.take() else {
            return Err(TemplateError::new(ErrorKind::StrayAngle, column));
        };
        self.parts.push(Part::Optional(pieces));
        Ok(1)
    }

    /// Ends the pending literal text, if any.
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.push(Piece::Text(text));
        }
    }

    fn push(&mut self, piece: Piece) {
        match &mut self.section {
            Some((pieces, _)) => pieces.push(piece),
            None => self.parts.push(Part::Piece(piece)),
        }
    }
}

/// Parses `name` or `name:N`, the inside of a `{...}` at `column`.
fn parse_field(spec: &str, column: usize) -> Result<Piece, TemplateError> {
    let (name, width) = match spec.split_once(':') {
        Some((name, width)) => (name, Some(width)),
        None => (spec, None),
    };
    let Some(field) = Field::from_name(name) else {
        let kind = ErrorKind::UnknownField(name.to_owned());
        return Err(TemplateError::new(kind, column));
    };
    let Some(width) = width else {
        return Ok(Piece::Field { field, width: 0 });
    };
    if !field.is_number() {
        return Err(TemplateError::new(ErrorKind::PaddingOnText(field), column));
    }
    match parse_width(width) {
        Some(width) => Ok(Piece::Field { field, width }),
        None => Err(TemplateError::new(
            ErrorKind::BadPadding(spec.to_owned()),
            column,
        )),
    }
}

/// A padding is 1 to [`MAX_PADDING`] digits wide, written with ASCII digits only.
fn parse_width(width: &str) -> Option<usize> {
    if width.is_empty() || !width.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    width
        .parse()
        .ok()
        .filter(|width| (1..=MAX_PADDING).contains(width))
}

/// Why a template did not parse, and where.
///
/// Its `Display` is one line naming the problem, the column (in characters, from 1) and the
/// fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    kind: ErrorKind,
    column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    UnknownField(String),
    UnclosedField,
    UnclosedSection,
    StrayBrace,
    StrayAngle,
    NestedSection,
    BadPadding(String),
    PaddingOnText(Field),
}

impl TemplateError {
    fn new(kind: ErrorKind, column: usize) -> TemplateError {
        TemplateError { kind, column }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = format!("in the name template at column {}", self.column);
        match &self.kind {
            ErrorKind::UnknownField(name) => {
                let known: Vec<String> = Field::ALL
                    .iter()
                    .map(|field| format!("{{{}}}", field.name()))
                    .collect();
                let known = known.join(", ");
                write!(f, "unknown field {{{name}}} {at}: known fields are {known}")
            }
            ErrorKind::UnclosedField => write!(
                f,
                "unclosed {{ {at}: end the field with }}, or write {{{{ for a literal {{"
            ),
            ErrorKind::UnclosedSection => {
                write!(f, "unclosed < {at}: end the optional section with >")
            }
            ErrorKind::StrayBrace => write!(f, "stray }} {at}: write }}}} for a literal }}"),
            ErrorKind::StrayAngle => write!(
                f,
                "stray > {at}: > only ends an optional section opened with <, and file names cannot contain it"
            ),
            ErrorKind::NestedSection => write!(
                f,
                "nested < {at}: optional sections cannot contain one another, end the open one with > first"
            ),
            ErrorKind::BadPadding(spec) => write!(
                f,
                "bad padding {{{spec}}} {at}: write {{field:N}} with N a number of digits from 1 to {MAX_PADDING}"
            ),
            ErrorKind::PaddingOnText(field) => write!(
                f,
                "padding on {{{}}} {at}: only {{volume}} and {{chapter}} are numbers, write {{{}}}",
                field.name(),
                field.name()
            ),
        }
    }
}

impl std::error::Error for TemplateError {}

/// A set of templates tuned for a library server (see the [module docs](self#presets)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// Names Komga orders right: `Title v01 c008.5 - Chapter title [Group]`.
    #[default]
    Komga,
    /// Names Kavita's file-name parser reads right: `Title Vol. 01 Ch. 008.5 - Chapter title
    /// [Group]`, oneshots as specials (`Title SP01 Oneshot`).
    Kavita,
    /// Short names for a file manager: `Vol.1 Ch.8.5 Chapter title [Group]`.
    Plain,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 3] = [Preset::Komga, Preset::Kavita, Preset::Plain];

    /// The preset's name: `komga`, `kavita` or `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Komga => "komga",
            Preset::Kavita => "kavita",
            Preset::Plain => "plain",
        }
    }

    /// The preset's templates: series folder, chapter, volume, single.
    fn sources(self) -> [&'static str; 4] {
        match self {
            Preset::Komga => [
                "{title}",
                "{title} <v{volume:2} ><c{chapter:3}><{oneshot}>< - {chapter_title}>< [{group}]>",
                "{title}< v{volume:2}>",
                "{title}",
            ],
            Preset::Kavita => [
                "{title}",
                "{title} <SP01 {oneshot} ><Vol. {volume:2} ><Ch. {chapter:3}>< - {chapter_title}>< [{group}]>",
                "{title}< Vol. {volume:2}>",
                "{title}",
            ],
            Preset::Plain => [
                "{title}",
                "<Vol.{volume} ><Ch.{chapter}><{oneshot}>< {chapter_title}>< [{group}]>",
                "Vol.{volume}",
                "{title}",
            ],
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Preset {
    type Err = PresetError;

    /// Parses `komga`, `kavita` or `plain`, in any ASCII case.
    fn from_str(name: &str) -> Result<Preset, PresetError> {
        Preset::ALL
            .into_iter()
            .find(|preset| preset.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| PresetError {
                name: name.to_owned(),
            })
    }
}

/// A preset name that is not `komga`, `kavita` or `plain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    name: String,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Preset::ALL.iter().map(|preset| preset.as_str()).collect();
        write!(
            f,
            "unknown naming preset {:?}: known presets are {}",
            self.name,
            known.join(", ")
        )
    }
}

impl std::error::Error for PresetError {}

/// The templates of a series download: one per kind of thing on disk.
///
/// The default is the Komga preset. When deserializing, a missing template is the Komga
/// preset's, so a configuration can override just one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Naming {
    /// The series folder.
    pub series: Template,
    /// A chapter's archive or folder, inside the series folder (without its extension).
    pub chapter: Template,
    /// A volume's archive, inside the series folder. The presets expect a volume: without
    /// one, Komga's and Kavita's render the title alone, Plain's renders `Vol`.
    pub volume: Template,
    /// The archive of a whole series.
    pub single: Template,
}

impl Naming {
    /// The templates of a preset.
    pub fn preset(preset: Preset) -> Naming {
        // The preset sources are constants that the tests parse: this cannot fail at run time.
        let [series, chapter, volume, single] = preset
            .sources()
            .map(|source| Template::parse(source).expect("preset templates parse"));
        Naming {
            series,
            chapter,
            volume,
            single,
        }
    }
}

impl Default for Naming {
    fn default() -> Naming {
        Naming::preset(Preset::Komga)
    }
}

/// Makes `raw` a file or folder name valid on Windows, macOS and Linux.
///
/// In order:
///
/// - the characters Windows forbids, `< > : " / \ | ? *`, become their full-width look-alikes
///   `＜ ＞ ： ＂ ／ ＼ ｜ ？ ＊` (so `Re:Zero` stays readable as `Re：Zero`);
/// - bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are removed:
///   they can make a name display differently from what it is;
/// - every run of whitespace becomes one space; other control characters (C0, DEL, C1)
///   become `_`;
/// - leading spaces and trailing spaces and dots are trimmed (Windows drops trailing ones);
/// - leading dots become `．`, so the name is not hidden on macOS and Linux;
/// - a name Windows reserves (`CON`, `PRN`, `AUX`, `NUL`, `COM0`-`COM9`, `LPT0`-`LPT9`, also
///   with superscript digits, `CONIN$`, `CONOUT$`; in any case, with any extension) gets `_`
///   after its stem: `com1.cbz` becomes `com1_.cbz`;
/// - the name is cut to at most 180 bytes at a character boundary, leaving room for an
///   extension, a ` (2)` and a `.part`, then trimmed again;
/// - an empty result, `.` and `..` become `_`.
pub fn sanitize_component(raw: &str) -> String {
    let name = finish(replace_chars(raw));
    if name.len() <= MAX_COMPONENT_BYTES {
        return name;
    }
    let mut end = MAX_COMPONENT_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    finish(name[..end].to_owned())
}

/// Replaces forbidden characters, removes bidi controls and collapses whitespace.
fn replace_chars(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    for c in raw.chars() {
        let replacement = match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            c if c.is_whitespace() => ' ',
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => full_width(c),
            c if c.is_control() => '_',
            c => c,
        };
        // Checked on the output, so a removed bidi control between spaces leaves one space.
        if replacement == ' ' && name.ends_with(' ') {
            continue;
        }
        name.push(replacement);
    }
    name
}

/// The full-width form of an ASCII character: the same glyph, allowed in file names.
fn full_width(c: char) -> char {
    char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or('_')
}

/// Trims, unhides, defuses reserved names and fills an empty name.
fn finish(name: String) -> String {
    let trimmed = name.trim_start_matches(' ').trim_end_matches([' ', '.']);
    if trimmed.is_empty() {
        return "_".to_owned();
    }
    let dots = trimmed.len() - trimmed.trim_start_matches('.').len();
    let mut name = "．".repeat(dots) + &trimmed[dots..];
    let stem = reserved_stem(&name).map(str::len);
    if let Some(stem) = stem {
        name.insert(stem, '_');
    }
    name
}

/// The stem of `name` if Windows reserves it: a device name before the first dot, whatever
/// follows, and whatever spaces end it (Windows ignores them).
fn reserved_stem(name: &str) -> Option<&str> {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    is_device(stem).then_some(stem)
}

/// Whether `stem` names a Windows device, in any case.
fn is_device(stem: &str) -> bool {
    let upper = stem.to_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => ["COM", "LPT"].iter().any(|device| {
            upper.strip_prefix(device).is_some_and(|digit| {
                let mut chars = digit.chars();
                let only = chars.next().filter(|_| chars.next().is_none());
                only.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
            })
        }),
    }
}

/// Extensions [`unique_names`] keeps at the end of a name: what a series download writes.
/// A fixed list, because `Ch.Extra` or `c008.5` end in something that looks like one.
const EXTENSIONS: [&str; 18] = [
    "cbz", "cbr", "cb7", "zip", "rar", "7z", "pdf", "epub", "xml", "json", "jpg", "jpeg", "png",
    "gif", "webp", "avif", "jxl", "part",
];

/// Makes the names of one folder distinct, ignoring case as macOS and Windows do.
///
/// The names come back in the same order. The first of several names equal but for case
/// keeps its name; each later one gets ` (2)`, ` (3)` ... (before a known extension such as
/// `.cbz`: `a (2).cbz`), skipping any suffixed name that is taken, including by a name later
/// in the list: `a`, `A`, `a (2)` become `a`, `A (3)`, `a (2)`.
pub fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut taken: HashSet<String> = names.iter().map(|name| fold(name)).collect();
    let mut kept = HashSet::new();
    let mut next_number: HashMap<String, u32> = HashMap::new();
    names
        .into_iter()
        .map(|name| {
            let key = fold(&name);
            if kept.insert(key.clone()) {
                return name;
            }
            let number = next_number.entry(key).or_insert(2);
            let (stem, extension) = split_extension(&name);
            loop {
                let candidate = format!("{stem} ({number}){extension}");
                *number += 1;
                if taken.insert(fold(&candidate)) {
                    return candidate;
                }
            }
        })
        .collect()
}

/// The key under which case-insensitive file systems compare names.
fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// Splits `name.cbz` into `name` and `.cbz`; a name without a known extension has none.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot)
            if dot > 0
                && EXTENSIONS
                    .iter()
                    .any(|extension| name[dot + 1..].eq_ignore_ascii_case(extension)) =>
        {
            name.split_at(dot)
        }
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> NameFields<'static> {
        NameFields {
            title: "Title",
            volume: Some("1"),
            chapter: Some("8.5"),
            chapter_title: Some("Extra"),
            group: Some("Team"),
            lang: "en",
        }
    }

    fn oneshot() -> NameFields<'static> {
        NameFields {
            volume: None,
            chapter: None,
            chapter_title: Some("Spring"),
            ..full()
        }
    }

    fn render(source: &str, fields: &NameFields<'_>) -> String {
        match Template::parse(source) {
            Ok(template) => template.render(fields),
            Err(error) => panic!("{source}: {error}"),
        }
    }

    fn error(source: &str) -> String {
        match Template::parse(source) {
            Ok(template) => panic!("{source} parsed as {template:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn every_field() {
        let source = "{title}|{volume}|{chapter}|{chapter_title}|{group}|{lang}|{oneshot}";
        // `|` is sanitized to its full-width form.
        assert_eq!(render(source, &full()), "Title｜1｜8.5｜Extra｜Team｜en｜");
        assert_eq!(
            render(source, &oneshot()),
            "Title｜｜｜Spring｜Team｜en｜Oneshot"
        );
    }

    #[test]
    fn padding() {
        let cases = [
            ("8", "008"),
            ("8.5", "008.5"),
            ("10", "010"),
            ("1234", "1234"),
            ("Extra", "Extra"),
        ];
        for (chapter, expected) in cases {
            let fields = NameFields {
                chapter: Some(chapter),
                ..full()
            };
            assert_eq!(render("{chapter:3}", &fields), expected, "{chapter}");
        }
        assert_eq!(render("v{volume:2}", &full()), "v01");
        assert_eq!(render("{volume:6}", &full()), "000001");
    }

    #[test]
    fn optional_sections() {
        let source = "{title}< v{volume:2}>< - {chapter_title}>< [{group}]>";
        assert_eq!(render(source, &full()), "Title v01 - Extra [Team]");
        let bare = NameFields {
            volume: None,
            chapter_title: Some("  "),
            group: Some(""),
            ..full()
        };
        assert_eq!(render(source, &bare), "Title");
        // One missing field drops the whole section, the others with it.
        assert_eq!(render("<{volume}-{chapter}>", &bare), "_");
        assert_eq!(render("<literal>{title}", &bare), "literalTitle");
        assert_eq!(render("{{{title}}}", &full()), "{Title}");
    }

    #[test]
    fn errors_name_the_problem_column_and_fix() {
        let cases = [
            (
                "{title} {foo}",
                "unknown field {foo} in the name template at column 9: known fields are {title}, {volume}, {chapter}, {chapter_title}, {group}, {lang}, {oneshot}",
            ),
            (
                "ab{title",
                "unclosed { in the name template at column 3: end the field with }, or write {{ for a literal {",
            ),
            (
                "<{chapter>",
                "unclosed { in the name template at column 2: end the field with }, or write {{ for a literal {",
            ),
            (
                "x <{title}",
                "unclosed < in the name template at column 3: end the optional section with >",
            ),
            (
                "a}b",
                "stray } in the name template at column 2: write }} for a literal }",
            ),
            (
                "a>",
                "stray > in the name template at column 2: > only ends an optional section opened with <, and file names cannot contain it",
            ),
            (
                "<a<b>>",
                "nested < in the name template at column 3: optional sections cannot contain one another, end the open one with > first",
            ),
            (
                "{chapter:x}",
                "bad padding {chapter:x} in the name template at column 1: write {field:N} with N a number of digits from 1 to 6",
            ),
            (
                "é{chapter:7}",
                "bad padding {chapter:7} in the name template at column 2: write {field:N} with N a number of digits from 1 to 6",
            ),
            (
                "{volume:}",
                "bad padding {volume:} in the name template at column 1: write {field:N} with N a number of digits from 1 to 6",
            ),
            (
                "{title:3}",
                "padding on {title} in the name template at column 1: only {volume} and {chapter} are numbers, write {title}",
            ),
        ];
        for (source, message) in cases {
            assert_eq!(error(source), message, "{source}");
        }
        for source in [
            "{chapter:0}",
            "{chapter:+3}",
            "{chapter:٣}",
            "{chapter:3:3}",
        ] {
            assert!(error(source).starts_with("bad padding"), "{source}");
        }
    }

    #[test]
    fn template_round_trips_as_its_source() {
        let template: Template = "{title}< v{volume:2}>".parse().unwrap();
        assert_eq!(template.as_str(), "{title}< v{volume:2}>");
        let json = serde_json::to_string(&template).unwrap();
        assert_eq!(json, r#""{title}< v{volume:2}>""#);
        assert_eq!(serde_json::from_str::<Template>(&json).unwrap(), template);
        let bad = serde_json::from_str::<Template>(r#""{nope}""#).unwrap_err();
        assert!(bad.to_string().starts_with("unknown field {nope}"), "{bad}");
    }

    #[test]
    fn render_is_one_component() {
        let fields = NameFields {
            title: "../etc/passwd",
            ..full()
        };
        assert_eq!(render("{title}", &fields), "．．／etc／passwd");
    }

    #[test]
    fn sanitize_forbidden_characters() {
        let cases = [
            ("a<b", "a＜b"),
            ("a>b", "a＞b"),
            ("Re:Zero", "Re：Zero"),
            ("say \"hi\"", "say ＂hi＂"),
            ("Fate/Zero", "Fate／Zero"),
            ("a\\b", "a＼b"),
            ("a|b", "a｜b"),
            ("why?", "why？"),
            ("a*b", "a＊b"),
            ("a\u{0}b\u{1f}c\u{7f}d\u{9f}e", "a_b_c_d_e"),
            ("tab\tnew\nline\r\n end", "tab new line end"),
            ("a \u{a0}\u{3000} b", "a b"),
        ];
        for (raw, expected) in cases {
            assert_eq!(sanitize_component(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn sanitize_bidi_controls() {
        assert_eq!(sanitize_component("evil\u{202E}fdp.exe"), "evilfdp.exe");
        assert_eq!(sanitize_component("a \u{2066}\u{2069} b\u{202A}"), "a b");
        // Right-to-left text itself stays.
        assert_eq!(sanitize_component("مرحبا"), "مرحبا");
    }

    #[test]
    fn sanitize_trims_and_unhides() {
        let cases = [
            ("  name  ", "name"),
            ("name...", "name"),
            ("name. . .", "name"),
            (".hack", "．hack"),
            ("..", "_"),
            (".", "_"),
            ("", "_"),
            (" \t ", "_"),
            ("\u{202E}", "_"),
        ];
        for (raw, expected) in cases {
            assert_eq!(sanitize_component(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn sanitize_reserved_names() {
        let cases = [
            ("CON", "CON_"),
            ("con", "con_"),
            ("Nul.txt", "Nul_.txt"),
            ("com1.cbz", "com1_.cbz"),
            ("LPT9", "LPT9_"),
            ("COM¹", "COM¹_"),
            ("aux.tar.gz", "aux_.tar.gz"),
            ("CON.", "CON_"),
            ("con .txt", "con_ .txt"),
            ("CONSOLE", "CONSOLE"),
            ("COM10", "COM10"),
            ("LPT", "LPT"),
            ("icon", "icon"),
        ];
        for (raw, expected) in cases {
            assert_eq!(sanitize_component(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn sanitize_cuts_on_a_char_boundary() {
        // 'é' is two bytes: 179 bytes of ASCII put the 180th inside the first 'é'.
        let raw = format!("{}éé", "a".repeat(179));
        let name = sanitize_component(&raw);
        assert_eq!(name, "a".repeat(179));
        let long = "漢".repeat(100);
        let name = sanitize_component(&long);
        assert_eq!(name, "漢".repeat(60));
        // A cut that ends in spaces and dots is trimmed again.
        let raw = format!("{}. x", "a".repeat(178));
        assert_eq!(sanitize_component(&raw), "a".repeat(178));
        let raw = format!("CON{}x", " .".repeat(100));
        assert_eq!(sanitize_component(&raw), "CON_");
    }

    #[test]
    fn unique_names_ignore_case() {
        let names =
            |list: &[&str]| unique_names(list.iter().map(|name| (*name).to_owned()).collect());
        assert_eq!(names(&["a", "b", "c"]), ["a", "b", "c"]);
        assert_eq!(names(&["a", "A", "a"]), ["a", "A (2)", "a (3)"]);
        assert_eq!(names(&["a", "A", "a (2)"]), ["a", "A (3)", "a (2)"]);
        assert_eq!(names(&["a (2)", "a", "a"]), ["a (2)", "a", "a (3)"]);
        assert_eq!(
            names(&["x.cbz", "X.CBZ", "x (2).cbz"]),
            ["x.cbz", "X (3).CBZ", "x (2).cbz"]
        );
        // Not extensions: a decimal chapter, a word after a dot.
        assert_eq!(names(&["c008.5", "c008.5"]), ["c008.5", "c008.5 (2)"]);
        assert_eq!(
            names(&["Ch.Extra", "ch.extra"]),
            ["Ch.Extra", "ch.extra (2)"]
        );
        assert_eq!(names(&[".cbz", ".cbz"]), [".cbz", ".cbz (2)"]);
        let many = names(&["a"; 50]);
        let distinct: HashSet<String> = many.iter().map(|name| fold(name)).collect();
        assert_eq!(distinct.len(), 50);
    }

    #[test]
    fn presets_parse_and_round_trip() {
        for preset in Preset::ALL {
            let naming = Naming::preset(preset);
            assert_eq!(preset.as_str().parse::<Preset>(), Ok(preset));
            assert_eq!(preset.to_string(), preset.as_str());
            let json = serde_json::to_string(&naming).unwrap();
            assert_eq!(serde_json::from_str::<Naming>(&json).unwrap(), naming);
            let name = serde_json::to_string(&preset).unwrap();
            assert_eq!(name, format!("\"{preset}\""));
        }
        assert_eq!("KAVITA".parse::<Preset>(), Ok(Preset::Kavita));
        let unknown = "calibre".parse::<Preset>().unwrap_err();
        assert_eq!(
            unknown.to_string(),
            r#"unknown naming preset "calibre": known presets are komga, kavita, plain"#
        );
        assert_eq!(Naming::default(), Naming::preset(Preset::Komga));
        let partial: Naming = serde_json::from_str(r#"{"chapter": "c{chapter:4}"}"#).unwrap();
        assert_eq!(partial.chapter.as_str(), "c{chapter:4}");
        assert_eq!(partial.series, Naming::default().series);
    }

    fn chapters(preset: Preset) -> [String; 5] {
        let naming = Naming::preset(preset);
        let whole = NameFields {
            chapter: Some("12"),
            chapter_title: None,
            group: None,
            ..full()
        };
        let no_volume = NameFields {
            volume: None,
            ..full()
        };
        let oneshot_in_volume = NameFields {
            volume: Some("2"),
            ..oneshot()
        };
        [&whole, &full(), &oneshot(), &no_volume, &oneshot_in_volume]
            .map(|fields| naming.chapter.render(fields))
    }

    #[test]
    fn komga_preset() {
        assert_eq!(
            chapters(Preset::Komga),
            [
                "Title v01 c012",
                "Title v01 c008.5 - Extra [Team]",
                "Title Oneshot - Spring [Team]",
                "Title c008.5 - Extra [Team]",
                "Title v02 Oneshot - Spring [Team]",
            ]
        );
        let naming = Naming::preset(Preset::Komga);
        assert_eq!(naming.series.render(&full()), "Title");
        assert_eq!(naming.volume.render(&full()), "Title v01");
        assert_eq!(naming.volume.render(&oneshot()), "Title");
        assert_eq!(naming.single.render(&full()), "Title");
    }

    #[test]
    fn kavita_preset() {
        assert_eq!(
            chapters(Preset::Kavita),
            [
                "Title Vol. 01 Ch. 012",
                "Title Vol. 01 Ch. 008.5 - Extra [Team]",
                "Title SP01 Oneshot - Spring [Team]",
                "Title Ch. 008.5 - Extra [Team]",
                "Title SP01 Oneshot Vol. 02 - Spring [Team]",
            ]
        );
        let naming = Naming::preset(Preset::Kavita);
        assert_eq!(naming.series.render(&full()), "Title");
        assert_eq!(naming.volume.render(&full()), "Title Vol. 01");
        assert_eq!(naming.single.render(&full()), "Title");
    }

    #[test]
    fn plain_preset() {
        assert_eq!(
            chapters(Preset::Plain),
            [
                "Vol.1 Ch.12",
                "Vol.1 Ch.8.5 Extra [Team]",
                "Oneshot Spring [Team]",
                "Ch.8.5 Extra [Team]",
                "Vol.2 Oneshot Spring [Team]",
            ]
        );
        let naming = Naming::preset(Preset::Plain);
        assert_eq!(naming.series.render(&full()), "Title");
        assert_eq!(naming.volume.render(&full()), "Vol.1");
        assert_eq!(naming.volume.render(&oneshot()), "Vol");
        assert_eq!(naming.single.render(&full()), "Title");
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            // The modulo bias is irrelevant for test inputs.
            (self.next() % n as u64) as usize
        }

        /// A string mixing the hard cases: forbidden, control, bidi, wide and multi-byte
        /// characters, spaces, dots and pieces of reserved names.
        fn text(&mut self) -> String {
            const PIECES: [&str; 24] = [
                "a", "Z", "0", " ", "  ", ".", "..", "<", ">", ":", "\"", "/", "\\", "|", "?", "*",
                "\u{0}", "\u{7f}", "\u{85}", "\u{202E}", "\u{2067}", "é", "漢", "😀",
            ];
            const NAMES: [&str; 6] = ["CON", "nul", "Com1", "LPT9", "aux.", "prn "];
            let mut text = String::new();
            if self.below(4) == 0 {
                text.push_str(NAMES[self.below(NAMES.len())]);
            }
            let len = match self.below(10) {
                0 => 0,
                1 => 200 + self.below(200),
                _ => self.below(12),
            };
            for _ in 0..len {
                text.push_str(PIECES[self.below(PIECES.len())]);
            }
            text
        }
    }

    fn assert_safe(name: &str) {
        assert!(!name.is_empty());
        assert!(name.len() <= MAX_COMPONENT_BYTES, "{} bytes", name.len());
        let bad = |c: char| {
            "<>:\"/\\|?*".contains(c)
                || c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        };
        assert!(!name.contains(bad), "{name:?}");
        assert!(reserved_stem(name).is_none(), "{name:?}");
        assert!(!name.starts_with([' ', '.']), "{name:?}");
        assert!(!name.ends_with([' ', '.']), "{name:?}");
        assert!(!name.contains("  "), "{name:?}");
    }

    #[test]
    fn rendered_names_are_always_safe() {
        let mut random = Random(0x2545_F491_4F6C_DD1D);
        let naming = Naming::preset(Preset::Kavita);
        let template = Template::parse("{title}{chapter:3}<{chapter_title}>{group}").unwrap();
        for _ in 0..3000 {
            let [title, volume, chapter, chapter_title, group, lang] =
                [(); 6].map(|()| random.text());
            let fields = NameFields {
                title: &title,
                volume: Some(&volume),
                chapter: Some(chapter.as_str()).filter(|_| random.below(3) > 0),
                chapter_title: Some(&chapter_title),
                group: Some(&group),
                lang: &lang,
            };
            for name in [
                template.render(&fields),
                naming.chapter.render(&fields),
                sanitize_component(&title),
            ] {
                assert_safe(&name);
            }
        }
    }
}
