//! Files that are not valid TOML, or odd TOML: one-line errors, never a panic.

use super::{error_of, load_text};

/// TOML's own errors, on one line with their line number.
#[test]
fn a_syntax_error_is_an_error_with_its_line() {
    let message = error_of("preset = \"komga\"\nformat = \"cbz\n");
    assert!(
        message.contains(": TOML syntax error at line 2: "),
        "{message}"
    );
    assert!(message.ends_with(": fix that line"), "{message}");
    let message = error_of("cover = true\ncover = false\n");
    assert!(
        message.contains(": TOML syntax error at line 2: duplicate key"),
        "{message}"
    );
}

/// Edge cases of TOML load or fail with one line, without panicking.
#[test]
fn odd_files_do_not_panic() {
    let deep = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    for text in [
        "",
        "\u{FEFF}",
        "# only a comment",
        "\u{FEFF}preset = \"komga\"",
        "\0",
        "=",
        "\"\" = 1",
        "\"a\\nb\" = 1",
        "[[cover]]",
        "a.b.c.d = 1",
        &deep,
        "languages = [[\"en\"]]",
        "out = \"\"",
    ] {
        let (_file, config) = load_text(text, &[]);
        if let Err(error) = config {
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }
}
