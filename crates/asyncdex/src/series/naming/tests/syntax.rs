//! Template errors and templates as text.

use super::*;

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
