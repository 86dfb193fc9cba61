//! The document being written: its root, its elements, and each page's `Page` element.

use std::fmt::Write as _;

use super::PageInfo;
use super::escape::escape;

/// The namespaces every ComicInfo.xml declares (ComicRack wrote them with .NET's serializer).
pub(super) const ROOT: &str = r#"<ComicInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;

/// The document being written: one element per line, indented by two spaces. (Writing to a
/// `String` cannot fail, hence the ignored `fmt::Result`s.)
pub(super) struct Xml {
    out: String,
}

impl Default for Xml {
    fn default() -> Xml {
        Xml {
            out: format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{ROOT}\n"),
        }
    }
}

impl Xml {
    /// A text element, omitted when absent or blank.
    pub(super) fn text(&mut self, name: &str, value: Option<&str>) {
        let Some(value) = value.map(escape).filter(|value| !value.trim().is_empty()) else {
            return;
        };
        let _ = writeln!(self.out, "  <{name}>{value}</{name}>");
    }

    /// A list joined with `, `; blank items are skipped.
    pub(super) fn list<S: AsRef<str>>(&mut self, name: &str, items: &[S]) {
        let items: Vec<&str> = items
            .iter()
            .map(|item| item.as_ref().trim())
            .filter(|item| !item.is_empty())
            .collect();
        self.text(name, Some(&items.join(", ")));
    }

    pub(super) fn int(&mut self, name: &str, value: Option<i32>) {
        if let Some(value) = value {
            let _ = writeln!(self.out, "  <{name}>{value}</{name}>");
        }
    }

    pub(super) fn pages(&mut self, pages: &[PageInfo]) {
        let pages: Vec<String> = pages.iter().filter_map(page).collect();
        if pages.is_empty() {
            return;
        }
        self.out.push_str("  <Pages>\n");
        for page in pages {
            let _ = writeln!(self.out, "    {page}");
        }
        self.out.push_str("  </Pages>\n");
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</ComicInfo>\n");
        self.out
    }
}

/// A `Page` element, or nothing when the index does not fit the schema's `xs:int`; the other
/// attributes are dropped when they do not fit theirs.
fn page(page: &PageInfo) -> Option<String> {
    let image = i32::try_from(page.image).ok()?;
    let mut element = format!("<Page Image=\"{image}\"");
    if let Some(kind) = page.kind {
        let _ = write!(element, " Type=\"{}\"", kind.as_str());
    }
    if let Some(size) = page.image_size.and_then(|size| i64::try_from(size).ok()) {
        let _ = write!(element, " ImageSize=\"{size}\"");
    }
    if let Some(width) = page.image_width.and_then(|width| i32::try_from(width).ok()) {
        let _ = write!(element, " ImageWidth=\"{width}\"");
    }
    if let Some(height) = page
        .image_height
        .and_then(|height| i32::try_from(height).ok())
    {
        let _ = write!(element, " ImageHeight=\"{height}\"");
    }
    element.push_str(" />");
    Some(element)
}
