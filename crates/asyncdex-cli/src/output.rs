//! Stdout: aligned tables with a header row, or one compact JSON object per line.

use std::io::{self, Write};

use serde::Serialize;

use crate::error::CliError;

/// Writes one line to stdout; a closed pipe ends the program quietly.
pub(crate) fn line(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{text}").map_err(|error| CliError::io(&error, "to stdout"))
}

/// Writes one value as a compact JSON line.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string(value)
        .map_err(|error| CliError::new(crate::error::EXIT_API, format!("JSON output: {error}")))?;
    line(&text)
}

/// The widest cell of a table or value of a record, in characters: far more than any real
/// title or path, short enough that hostile server text cannot flood the terminal.
const CELL_MAX: usize = 1000;

/// A table: a header row and rows, each column as wide as its widest cell, two spaces apart.
/// The last column is not padded, so lines carry no trailing spaces.
#[derive(Debug)]
pub(crate) struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&'static str]) -> Self {
        Self {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows
            .push(cells.iter().map(|cell| excerpt(cell, CELL_MAX)).collect());
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The lines of the table.
    pub(crate) fn render(&self) -> Vec<String> {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (width_of, cell) in widths.iter_mut().zip(row) {
                *width_of = (*width_of).max(width(cell));
            }
        }
        let header: Vec<String> = self.header.iter().map(|h| (*h).to_owned()).collect();
        std::iter::once(&header)
            .chain(&self.rows)
            .map(|row| {
                let mut out = String::new();
                for (i, cell) in row.iter().enumerate() {
                    out.push_str(cell);
                    if i + 1 < columns {
                        let pad = widths[i] - width(cell) + 2;
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                out.truncate(out.trim_end().len());
                out
            })
            .collect()
    }

    /// Prints the table to stdout.
    pub(crate) fn print(&self) -> Result<(), CliError> {
        for text in self.render() {
            line(&text)?;
        }
        Ok(())
    }
}

/// Prints `label  value` lines, labels aligned (a record rather than a list).
pub(crate) fn record(fields: &[(&str, String)]) -> Result<(), CliError> {
    let label_width = fields
        .iter()
        .map(|(label, _)| width(label))
        .max()
        .unwrap_or(0);
    for (label, value) in fields {
        let pad = label_width - width(label) + 2;
        line(&format!(
            "{label}{}{}",
            " ".repeat(pad),
            excerpt(value, CELL_MAX)
        ))?;
    }
    Ok(())
}

/// The number of terminal columns `text` takes: 2 for East Asian wide and full-width
/// characters (CJK, kana, hangul, full-width forms), 0 for combining marks, 1 otherwise.
pub(crate) fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// `1536` -> `1.5 KiB`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_on_display_width() {
        let mut table = Table::new(&["ID", "TITLE", "YEAR"]);
        table.row(vec!["a".into(), "葬送のフリーレン".into(), "2020".into()]);
        table.row(vec![
            "bbbb".into(),
            "Frieren\nat the Funeral".into(),
            String::new(),
        ]);
        let lines = table.render();
        assert_eq!(lines[0], format!("ID    TITLE{}YEAR", " ".repeat(19)));
        assert_eq!(
            lines[1],
            format!("a     葬送のフリーレン{}2020", " ".repeat(8))
        );
        assert_eq!(lines[2], "bbbb  Frieren at the Funeral");
        assert!(Table::new(&["X"]).is_empty());
    }

    #[test]
    fn sizes() {
        assert_eq!(bytes(10), "10 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}

/// Writes a note to stderr. A closed or full stderr loses the note, never the program (the
/// standard `eprintln!` panics then).
pub(crate) fn note(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// The most characters of echoed input or of one piece of server text that a message shows
/// (a 70 KB title or a 1 MB error `detail` would otherwise become one enormous line).
pub(crate) const ECHO_MAX: usize = 200;

/// The most characters of an error's text quoted in a progress line.
pub(crate) const LINE_MAX: usize = 500;

/// `text` made safe for a terminal ([`clean`]) and cut to `max` characters, saying how much
/// was left out.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let cleaned = clean(text);
    let count = cleaned.chars().count();
    if count <= max {
        return cleaned;
    }
    let kept: String = cleaned.chars().take(max).collect();
    format!("{kept}… ({} more characters)", count - max)
}

/// Server text made safe for a terminal: C0 and C1 control characters (escape sequences:
/// screen clearing, window titles, clipboard writes) and bidirectional overrides removed,
/// tabs and newlines turned into spaces.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod clean_tests {
    use super::clean;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_removed() {
        assert_eq!(clean("a\u{1b}]52;c;aGk=\u{7}b"), "a]52;c;aGk=b");
        assert_eq!(clean("\u{1b}[2Jtitle\u{9b}"), "[2Jtitle");
        assert_eq!(clean("abc\u{202E}fed\tx"), "abcfed x");
        assert_eq!(clean("Café ☕"), "Café ☕");
    }

    #[test]
    fn excerpts_are_clean_and_cut() {
        assert_eq!(super::excerpt("a\u{1b}[2Jb", 10), "a[2Jb");
        let long = "é".repeat(250);
        let cut = super::excerpt(&long, super::ECHO_MAX);
        assert!(cut.starts_with(&"é".repeat(200)), "{cut}");
        assert!(cut.ends_with("… (50 more characters)"), "{cut}");
    }
}
