//! Whole documents: every element in the schema's order, and what is left out.

use super::super::xml::ROOT;
use super::*;

#[test]
fn full_document_in_schema_order() {
    let expected = r#"<?xml version="1.0" encoding="utf-8"?>
<ComicInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Title>The Beginning</Title>
  <Series>Series</Series>
  <Number>8.5</Number>
  <Count>120</Count>
  <Volume>2</Volume>
  <Summary>Line one
line two</Summary>
  <Year>2024</Year>
  <Month>3</Month>
  <Day>31</Day>
  <Writer>Ann, Bo</Writer>
  <Penciller>Cy</Penciller>
  <Genre>Action, Drama, School Life</Genre>
  <Web>https://mangadex.org/chapter/1 https://mangadex.org/title/2</Web>
  <PageCount>2</PageCount>
  <LanguageISO>pt-br</LanguageISO>
  <BlackAndWhite>Yes</BlackAndWhite>
  <Manga>YesAndRightToLeft</Manga>
  <ScanInformation>Team A, Team B</ScanInformation>
  <AgeRating>Teen</AgeRating>
  <Pages>
    <Page Image="0" Type="FrontCover" ImageSize="1024" ImageWidth="800" ImageHeight="1200" />
    <Page Image="1" />
  </Pages>
</ComicInfo>
"#;
    assert_eq!(full().to_xml(), expected);
}

#[test]
fn absent_values_are_omitted() {
    let xml = ComicInfo::default().to_xml();
    assert_eq!(
        xml,
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{ROOT}\n</ComicInfo>\n")
    );
    let blank = ComicInfo {
        series: "S".to_owned(),
        title: Some("  ".to_owned()),
        summary: Some("\u{1}\u{2}".to_owned()),
        writer: strings(&["", " "]),
        web: strings(&[""]),
        black_and_white: Some(false),
        ..ComicInfo::default()
    };
    let xml = blank.to_xml();
    assert!(
        xml.contains("  <Series>S</Series>\n  <BlackAndWhite>No</BlackAndWhite>\n</ComicInfo>"),
        "{xml}"
    );
}

#[test]
fn localized_series_is_not_written() {
    assert!(!full().to_xml().contains("Серия"));
}
