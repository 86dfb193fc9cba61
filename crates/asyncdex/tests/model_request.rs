//! Serialization tests of the request bodies: camelCase names, `None` left out, enums as
//! their wire strings.

use asyncdex::model::{
    AuthorRequest, ChapterRequest, ContentRating, CoverEdit, CustomListRequest,
    CustomListVisibility, Language, LocalizedString, MangaRequest, PublicationStatus,
    ScanlationGroupRequest,
};
use serde_json::json;
use uuid::uuid;

#[test]
fn manga_create_body() {
    let body = MangaRequest {
        title: Some([(Language::English, "New Manga")].into_iter().collect()),
        alt_titles: Some(vec![LocalizedString::from_iter([("ja-ro", "Atarashii")])]),
        original_language: Some(Language::Japanese),
        status: Some(PublicationStatus::Ongoing),
        content_rating: Some(ContentRating::Suggestive),
        authors: Some(vec![uuid!("f5a2c1b8-0b3e-4b8f-9a3c-6a7d7a2b1c01")]),
        year: Some(2024),
        chapter_numbers_reset_on_new_volume: Some(false),
        ..MangaRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({
            "title": {"en": "New Manga"},
            "altTitles": [{"ja-ro": "Atarashii"}],
            "originalLanguage": "ja",
            "status": "ongoing",
            "contentRating": "suggestive",
            "authors": ["f5a2c1b8-0b3e-4b8f-9a3c-6a7d7a2b1c01"],
            "year": 2024,
            "chapterNumbersResetOnNewVolume": false
        })
    );
    assert_eq!(
        serde_json::to_string(&MangaRequest::default()).unwrap(),
        "{}"
    );
}

#[test]
fn edit_bodies() {
    let chapter = ChapterRequest {
        chapter: Some("12.5".to_owned()),
        translated_language: Some(Language::PortugueseBrazil),
        version: Some(3),
        ..ChapterRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&chapter).unwrap(),
        json!({"chapter": "12.5", "translatedLanguage": "pt-br", "version": 3})
    );

    let author = AuthorRequest {
        name: Some("Someone".to_owned()),
        melon_book: Some("https://www.melonbooks.co.jp/x".to_owned()),
        ..AuthorRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&author).unwrap(),
        json!({"name": "Someone", "melonBook": "https://www.melonbooks.co.jp/x"})
    );

    let group = ScanlationGroupRequest {
        focused_languages: Some(vec![Language::English]),
        publish_delay: Some("P4D".to_owned()),
        version: Some(2),
        ..ScanlationGroupRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&group).unwrap(),
        json!({"focusedLanguages": ["en"], "publishDelay": "P4D", "version": 2})
    );

    // `volume` is required by the spec: always sent, `null` when none.
    let cover = CoverEdit {
        volume: None,
        version: 1,
        ..CoverEdit::default()
    };
    assert_eq!(
        serde_json::to_value(&cover).unwrap(),
        json!({"volume": null, "version": 1})
    );

    let list = CustomListRequest {
        name: Some("Favourites".to_owned()),
        visibility: Some(CustomListVisibility::Private),
        ..CustomListRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!({"name": "Favourites", "visibility": "private"})
    );
}
