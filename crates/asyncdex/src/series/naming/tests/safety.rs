//! Random names, rendered and sanitized, are always safe.

use crate::series::naming::reserved::reserved_stem;
use crate::series::naming::sanitize::MAX_COMPONENT_BYTES;

use super::*;

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
        let [title, volume, chapter, chapter_title, group, lang] = [(); 6].map(|()| random.text());
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
