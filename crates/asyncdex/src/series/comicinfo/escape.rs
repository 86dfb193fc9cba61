//! Escaping text for XML 1.0, and removing the characters it cannot carry.

/// Escapes text for an element or attribute, removing what XML 1.0 cannot carry at all.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if forbidden_in_xml(c) => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Characters outside XML 1.0's `Char` production (a Rust string holds no surrogates).
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}
