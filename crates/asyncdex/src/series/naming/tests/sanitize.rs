//! Sanitizing one path component.

use super::*;

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
