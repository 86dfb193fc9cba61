//! Errors inside a well-formed file: unknown keys and values of the wrong type.

use super::error_of;

/// A typo is reported with its line and the list of known settings.
#[test]
fn an_unknown_key_is_an_error_with_its_line() {
    let message = error_of("out = \"/srv\"\n\nlangs = [\"en\"]\n");
    assert!(
        message.ends_with(
            ": unknown setting `langs` at line 3: known settings are out, languages, preset, \
                 format, prefer_groups, block_groups, block_uploaders, data_saver, cover, \
                 comic_info, no_oneshots"
        ),
        "{message}"
    );
    // A table is a key too, and the first mistake in the file is the one reported.
    let message = error_of("[download]\nzzz = 1\n[aaa]\n");
    assert!(
        message.contains(": unknown setting `download` at line 1: "),
        "{message}"
    );
}

/// Each shape check names the setting, its line, what was found and a correct example.
#[test]
fn a_value_of_the_wrong_type_is_an_error_with_its_line() {
    let message = error_of("preset = \"komga\"\n\n\n\nformat = 5\n");
    assert!(
        message.ends_with(
            ": `format` must be a string (line 5), not an integer: for example format = \
                 \"cbz-volume\""
        ),
        "{message}"
    );
    let message = error_of("languages = \"en\"");
    assert!(
        message.ends_with(
            ": `languages` must be a list of strings (line 1), not a string: for example \
                 languages = [\"en\", \"fr\"]"
        ),
        "{message}"
    );
    let message = error_of("prefer_groups = [\n  \"Group A\",\n  7,\n]");
    assert!(
        message.ends_with(
            ": `prefer_groups` must be a list of strings (line 3), but item 2 is an integer: \
                 for example prefer_groups = [\"Group A\"]"
        ),
        "{message}"
    );
    let message = error_of("cover = \"yes\"");
    assert!(
        message.ends_with(
            ": `cover` must be true or false (line 1), not a string: for example cover = true"
        ),
        "{message}"
    );
    let message = error_of("out = 1979-05-27");
    assert!(
        message.contains("`out` must be a string (line 1), not a date"),
        "{message}"
    );
    let message = error_of("comic_info = { yes = true }");
    assert!(
        message.contains("`comic_info` must be true or false (line 1), not a table"),
        "{message}"
    );
}
