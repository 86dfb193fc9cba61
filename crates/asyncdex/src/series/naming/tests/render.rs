//! Rendering fields, padding and optional sections.

use super::*;

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
