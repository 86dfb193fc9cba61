//! Decoding tests of the core models: entities, relationships and reference expansion,
//! envelopes, localized strings, manga, chapter, author, group, cover, tag, user, list.

use asyncdex::model::{
    Author, Chapter, CollectionResponse, ContentRating, CoverArt, CustomList, CustomListVisibility,
    Demographic, EntityResponse, Language, Manga, MangaRelationType, MangaState, PublicationStatus,
    RelatedAttributes, RelationshipType, ScanlationGroup, Tag, TagGroup, User, UserRole,
};
use time::macros::datetime;
use uuid::{Uuid, uuid};

fn manga_entity() -> Manga {
    serde_json::from_str::<EntityResponse<Manga>>(include_str!("data/manga_entity.json"))
        .expect("manga entity decodes")
        .data
}

#[test]
fn manga_attributes_decode() {
    let manga = manga_entity();
    assert_eq!(manga.id, uuid!("a1c7c817-4e59-43b7-9365-09675a149a6f"));
    assert_eq!(manga.kind, RelationshipType::Manga);
    let a = &manga.attributes;
    assert_eq!(a.title.get(&Language::English), Some("One Piece"));
    assert_eq!(a.alt_titles.len(), 4);
    assert_eq!(
        a.description.get(&Language::PortugueseBrazil),
        Some("Gol D. Roger era conhecido como o Rei dos Piratas.")
    );
    assert!(a.is_locked);
    assert_eq!(a.links.get("mal").map(String::as_str), Some("13"));
    assert!(a.official_links.is_empty());
    assert_eq!(a.original_language, Language::Japanese);
    assert_eq!(a.last_volume.as_deref(), Some(""));
    assert_eq!(a.publication_demographic, Some(Demographic::Shounen));
    assert_eq!(a.status, PublicationStatus::Ongoing);
    assert_eq!(a.year, Some(1997));
    assert_eq!(a.content_rating, ContentRating::Safe);
    assert!(!a.chapter_numbers_reset_on_new_volume);
    assert_eq!(
        a.available_translated_languages,
        [
            Language::English,
            Language::PortugueseBrazil,
            Language::SpanishLatinAmerica,
            Language::French
        ]
    );
    assert_eq!(
        a.latest_uploaded_chapter,
        Some(uuid!("04a5b5d2-1c4c-4b52-b2a7-2f5d8d7b3d1e"))
    );
    assert_eq!(a.state, Some(MangaState::Published));
    assert_eq!(a.version, 42);
    assert_eq!(a.created_at, datetime!(2018-01-18 20:02:57 UTC));
    assert_eq!(a.updated_at, datetime!(2024-03-02 11:35:21 UTC));
    // Tags are full entities; `description: []` is an empty map.
    assert_eq!(a.tags.len(), 2);
    assert_eq!(a.tags[1].attributes.group, TagGroup::Genre);
    assert!(a.tags[1].attributes.description.is_empty());
    let names: Vec<&str> = a.tag_names(&[]).collect();
    assert_eq!(names, ["Action", "Adventure"]);
}

#[test]
fn manga_reference_expansion() {
    let manga = manga_entity();
    let authors: Vec<_> = manga.authors().collect();
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].0, uuid!("f5a2c1b8-0b3e-4b8f-9a3c-6a7d7a2b1c01"));
    assert_eq!(authors[0].1.name, "Oda Eiichiro");
    assert_eq!(
        authors[0].1.twitter.as_deref(),
        Some("https://twitter.com/Eiichiro_Staff")
    );
    let artists: Vec<_> = manga.artists().collect();
    assert_eq!(artists.len(), 1);
    assert!(artists[0].1.biography.is_empty());
    assert_eq!(manga.author_ids().count(), 1);
    assert_eq!(manga.artist_ids().count(), 1);

    let cover = manga.cover_art().expect("cover expanded");
    assert_eq!(cover.volume.as_deref(), Some("107"));
    assert_eq!(cover.locale, Some(Language::Japanese));
    assert_eq!(
        manga.cover_art_id(),
        Some(uuid!("6c1b4c3e-1f2a-4d8e-9c0b-5e4d3c2b1a00"))
    );
    assert_eq!(
        manga.cover_url().as_deref(),
        Some(
            "https://uploads.mangadex.org/covers/a1c7c817-4e59-43b7-9365-09675a149a6f/d1b7f0a4-8c4d-4c5f-8a41-0f1c3b6e5e10.jpg"
        )
    );

    let related: Vec<_> = manga.related_manga().collect();
    assert_eq!(
        related,
        [(
            uuid!("8f3e1a5e-6f0d-4a59-8f34-0c7ed0c1d0a1"),
            Some(&MangaRelationType::SpinOff)
        )]
    );
    // Not expanded: no attributes.
    let creator = manga.first_related(RelationshipType::Creator).unwrap();
    assert!(creator.attributes.is_none());
    assert!(creator.user().is_none());
}

#[test]
fn manga_title_fallbacks() {
    let manga = manga_entity();
    // From title.
    assert_eq!(manga.title_in(&[Language::English]), Some("One Piece"));
    // From altTitles, in preference order.
    assert_eq!(
        manga.title_in(&[Language::German, Language::Korean]),
        Some("원피스")
    );
    assert_eq!(
        manga.title_in(&[Language::JapaneseRomanized]),
        Some("Wan Pīsu")
    );
    // No preferred language: English.
    assert_eq!(manga.title_in(&[Language::German]), Some("One Piece"));
}

#[test]
fn collection_envelope_and_tolerance() {
    let page: CollectionResponse<Manga> =
        serde_json::from_str(include_str!("data/manga_list_tolerant.json")).unwrap();
    assert_eq!((page.limit, page.offset, page.total), (2, 10, 57));
    assert_eq!(page.next_offset(), Some(12));
    assert_eq!(page.data.len(), 2);

    // Missing optional fields, nulls, `[]` for empty maps.
    let plain = &page.data[0].attributes;
    assert!(plain.alt_titles.is_empty());
    assert!(plain.description.is_empty());
    assert!(plain.links.is_empty());
    assert_eq!(plain.last_volume, None);
    assert_eq!(plain.year, None);
    assert_eq!(plain.publication_demographic, None);
    assert_eq!(plain.latest_uploaded_chapter, None);
    assert_eq!(plain.state, None);
    assert_eq!(plain.version, 0);
    assert!(!plain.is_locked);
    // Korean manga with only a Korean title: fallback gives it.
    assert_eq!(
        page.data[0].title_in(&[Language::English]),
        Some("나 혼자만 레벨업")
    );

    // Unknown enum values are kept.
    let odd = &page.data[1].attributes;
    assert_eq!(
        odd.status,
        PublicationStatus::Unknown("on_break".to_owned())
    );
    assert_eq!(
        odd.content_rating,
        ContentRating::Unknown("gore".to_owned())
    );
    assert_eq!(
        odd.publication_demographic,
        Some(Demographic::Unknown("kodomo".to_owned()))
    );
    assert_eq!(odd.state, Some(MangaState::Unknown("archived".to_owned())));
    assert_eq!(odd.original_language, Language::Unknown("zz".to_owned()));
    assert_eq!(
        odd.available_translated_languages[1],
        Language::Unknown("tlh".to_owned())
    );
    // `Z` offsets are fine too.
    assert_eq!(odd.updated_at, datetime!(2020-01-02 00:00:00 UTC));
    // Fallback to a romanized alt title, before any other title.
    assert_eq!(odd.title_in(&[Language::English]), Some("Mi Ti"));

    // Relationships: unknown type keeps attributes verbatim; mismatched attributes fall back
    // to Unknown instead of failing; unknown relation kept; null attributes are None.
    let rels = &page.data[1].relationships;
    assert_eq!(
        rels[0].kind,
        RelationshipType::Unknown("publisher".to_owned())
    );
    assert_eq!(
        rels[0].attributes,
        Some(RelatedAttributes::Unknown(
            serde_json::json!({"name": "Shueisha"})
        ))
    );
    assert_eq!(rels[1].kind, RelationshipType::Author);
    assert_eq!(
        rels[1].attributes,
        Some(RelatedAttributes::Unknown(serde_json::json!({"name": 42})))
    );
    assert!(rels[1].author().is_none());
    assert_eq!(page.data[1].authors().count(), 0);
    assert_eq!(page.data[1].author_ids().count(), 1);
    assert_eq!(
        rels[2].related,
        Some(MangaRelationType::Unknown("fan_fiction".to_owned()))
    );
    assert!(rels[3].attributes.is_none());
}

#[test]
fn unknown_values_round_trip_through_serialize() {
    let page: CollectionResponse<Manga> =
        serde_json::from_str(include_str!("data/manga_list_tolerant.json")).unwrap();
    let json = serde_json::to_value(&page.data[1]).unwrap();
    assert_eq!(json["attributes"]["status"], "on_break");
    assert_eq!(json["attributes"]["contentRating"], "gore");
    assert_eq!(json["attributes"]["originalLanguage"], "zz");
    assert_eq!(json["relationships"][0]["type"], "publisher");
    assert_eq!(json["relationships"][0]["attributes"]["name"], "Shueisha");
    assert_eq!(json["relationships"][2]["related"], "fan_fiction");
    // And decodes back to the same value.
    let again: Manga = serde_json::from_value(json).unwrap();
    assert_eq!(again, page.data[1]);
}

#[test]
fn expanded_manga_round_trips() {
    let manga = manga_entity();
    let again: Manga = serde_json::from_value(serde_json::to_value(&manga).unwrap()).unwrap();
    assert_eq!(again, manga);
}

#[test]
fn chapter_list_with_expansion() {
    let page: CollectionResponse<Chapter> =
        serde_json::from_str(include_str!("data/chapter_list.json")).unwrap();
    assert_eq!(page.next_offset(), None);
    let ch = &page.data[0];
    let a = &ch.attributes;
    assert_eq!(a.volume.as_deref(), Some("1"));
    assert_eq!(a.chapter.as_deref(), Some("15.1"));
    assert_eq!(a.title.as_deref(), Some("Chapter title"));
    assert_eq!(a.pages, 24);
    assert_eq!(a.translated_language, Language::English);
    assert_eq!(a.publish_at, datetime!(2021-05-24 17:12:36 UTC));
    assert_eq!(a.readable_at, Some(datetime!(2021-05-24 17:12:36 UTC)));
    assert_eq!(a.created_at, datetime!(2021-05-24 17:12:35 UTC));
    assert!(!ch.is_external());

    assert_eq!(
        ch.manga_id(),
        Some(uuid!("439ea5a9-e922-44d1-b9c1-a3e1158bd55f"))
    );
    let manga = ch.manga().expect("manga expanded");
    assert_eq!(
        manga.title.get(&Language::English),
        Some("Kaguya-sama: Love is War")
    );
    assert_eq!(manga.publication_demographic, Some(Demographic::Seinen));
    assert!(manga.links.is_empty());

    let groups: Vec<_> = ch.groups().collect();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].1.name, "Galaxy Degen Scans");
    assert_eq!(groups[0].1.focused_language, [Language::English]);
    assert!(groups[0].1.verified);

    let uploader = ch.uploader().expect("user expanded");
    assert_eq!(uploader.username, "uploader01");
    assert_eq!(
        uploader.roles[2],
        UserRole::Unknown("ROLE_CHAMPION".to_owned())
    );
    assert_eq!(
        ch.uploader_id(),
        Some(uuid!("23d52040-3a77-4ffe-84dd-6dbf259e32ed"))
    );

    // The second chapter: nulls, external, not expanded (`attributes: []`).
    let ext = &page.data[1];
    assert_eq!(ext.attributes.volume, None);
    assert_eq!(ext.attributes.chapter, None);
    assert_eq!(ext.attributes.title, None);
    assert_eq!(ext.attributes.readable_at, None);
    assert!(!ext.attributes.is_unavailable);
    assert!(ext.is_external());
    assert_eq!(
        ext.attributes.translated_language,
        Language::PortugueseBrazil
    );
    assert!(ext.manga().is_none());
    assert_eq!(
        ext.group_ids().collect::<Vec<_>>(),
        [uuid!("cb4cf9ac-ee21-486f-ab0f-21b17ba0ab7f")]
    );
    assert!(ext.uploader().is_none());
    assert!(ext.relationships[2].attributes.is_none());
}

#[test]
fn author_entity() {
    let author: Author =
        serde_json::from_str::<EntityResponse<Author>>(include_str!("data/author_entity.json"))
            .unwrap()
            .into_data();
    let a = &author.attributes;
    assert_eq!(a.name, "Oda Eiichiro");
    assert_eq!(a.image_url.as_deref(), Some("https://example.org/oda.png"));
    assert_eq!(a.biography.get(&Language::Japanese), Some("漫画家。"));
    assert_eq!(a.pixiv.as_deref(), Some("https://www.pixiv.net/users/123"));
    assert_eq!(a.youtube.as_deref(), Some("https://www.youtube.com/@oda"));
    assert_eq!(a.twitter, None);
    assert_eq!(a.website.as_deref(), Some("https://one-piece.com"));
    assert_eq!(a.version, 3);
    let works: Vec<_> = author.related(RelationshipType::Manga).collect();
    assert_eq!(works.len(), 1);
    assert_eq!(works[0].manga().unwrap().status, PublicationStatus::Ongoing);
}

#[test]
fn group_entity_with_leader_and_members() {
    let group: ScanlationGroup = serde_json::from_str::<EntityResponse<ScanlationGroup>>(
        include_str!("data/group_entity.json"),
    )
    .unwrap()
    .data;
    let a = &group.attributes;
    assert_eq!(a.irc_channel.as_deref(), Some("#gds"));
    assert_eq!(a.contact_email.as_deref(), Some("gds@example.org"));
    assert_eq!(
        a.focused_language,
        [Language::English, Language::SpanishLatinAmerica]
    );
    assert!(a.official && a.inactive && a.ex_licensed && !a.verified && !a.locked);
    assert_eq!(a.publish_delay.as_deref(), Some("P4D"));
    assert!(a.alt_names.is_empty());
    assert_eq!(group.leader().unwrap().username, "boss");
    assert_eq!(
        group.leader_id(),
        Some(uuid!("11111111-2222-4333-8444-555555555555"))
    );
    let members: Vec<&str> = group.members().map(|(_, u)| u.username.as_str()).collect();
    assert_eq!(members, ["typesetter", "cleaner"]);
    assert_eq!(group.member_ids().count(), 2);
}

#[test]
fn cover_list() {
    let page: CollectionResponse<CoverArt> =
        serde_json::from_str(include_str!("data/cover_list.json")).unwrap();
    let first = &page.data[0];
    assert_eq!(first.attributes.volume.as_deref(), Some("1"));
    assert_eq!(
        first.attributes.description.as_deref(),
        Some("Volume 1 cover")
    );
    assert_eq!(
        first.url().as_deref(),
        Some(
            "https://uploads.mangadex.org/covers/a1c7c817-4e59-43b7-9365-09675a149a6f/26dd2770-d383-42e9-a42b-32765a4d99c8.png"
        )
    );
    assert_eq!(
        first
            .attributes
            .thumbnail_url_for_manga(first.manga_id().unwrap(), 256),
        "https://uploads.mangadex.org/covers/a1c7c817-4e59-43b7-9365-09675a149a6f/26dd2770-d383-42e9-a42b-32765a4d99c8.png.256.jpg"
    );
    let uploader = first
        .first_related(RelationshipType::User)
        .unwrap()
        .user()
        .unwrap();
    assert_eq!(uploader.roles, [UserRole::Unknown("ROLE_BOT".to_owned())]);
    let second = &page.data[1];
    assert_eq!(second.attributes.volume, None);
    assert_eq!(second.attributes.locale, None);
    assert_eq!(second.url(), None);
}

#[test]
fn tag_list() {
    let page: CollectionResponse<Tag> =
        serde_json::from_str(include_str!("data/tag_list.json")).unwrap();
    let groups: Vec<&TagGroup> = page.data.iter().map(|t| &t.attributes.group).collect();
    assert_eq!(
        groups,
        [
            &TagGroup::Genre,
            &TagGroup::Format,
            &TagGroup::Content,
            &TagGroup::Unknown("vibe".to_owned())
        ]
    );
    assert_eq!(
        page.data[1].attributes.description.get(&Language::English),
        Some("Self-published works.")
    );
    assert!(page.data[0].attributes.description.is_empty());
    assert_eq!(page.total, 4);
}

#[test]
fn user_entity() {
    let user: User =
        serde_json::from_str::<EntityResponse<User>>(include_str!("data/user_entity.json"))
            .unwrap()
            .data;
    assert_eq!(user.attributes.username, "reader42");
    assert_eq!(
        user.attributes.roles,
        [
            UserRole::Member,
            UserRole::Supporter,
            UserRole::Unknown("ROLE_NEW_THING".to_owned())
        ]
    );
    assert_eq!(user.attributes.version, 12);
    assert_eq!(
        user.related_ids(RelationshipType::ScanlationGroup)
            .collect::<Vec<_>>(),
        [uuid!("cb4cf9ac-ee21-486f-ab0f-21b17ba0ab7f")]
    );
}

#[test]
fn custom_list_entity() {
    let list: CustomList = serde_json::from_str::<EntityResponse<CustomList>>(include_str!(
        "data/custom_list_entity.json"
    ))
    .unwrap()
    .data;
    assert_eq!(list.attributes.name, "Seasonal: Winter 2024");
    assert_eq!(list.attributes.visibility, CustomListVisibility::Public);
    assert_eq!(list.manga_ids().count(), 2);
    assert_eq!(
        list.owner_id(),
        Some(uuid!("23d52040-3a77-4ffe-84dd-6dbf259e32ed"))
    );
    assert_eq!(
        list.first_related(RelationshipType::User)
            .unwrap()
            .user()
            .unwrap()
            .username,
        "d8a959f7"
    );
}

#[test]
fn strict_where_the_api_guarantees() {
    let good = include_str!("data/chapter_list.json");
    assert!(serde_json::from_str::<CollectionResponse<Chapter>>(good).is_ok());

    // A bad entity id.
    let bad_id = good.replacen("a05de006-df86-4fe1-9d20-32664a78c1cc", "not-a-uuid", 1);
    let err = serde_json::from_str::<CollectionResponse<Chapter>>(&bad_id).unwrap_err();
    assert!(
        err.to_string().contains("UUID") || err.to_string().contains("uuid"),
        "{err}"
    );

    // A bad relationship id.
    let bad_rel = good.replacen(
        "\"cb4cf9ac-ee21-486f-ab0f-21b17ba0ab7f\"",
        "\"cb4cf9ac\"",
        1,
    );
    assert!(serde_json::from_str::<CollectionResponse<Chapter>>(&bad_rel).is_err());

    // A bad timestamp (not RFC 3339: no offset).
    let bad_time = good.replacen("2021-05-24T17:12:35+00:00", "2021-05-24T17:12:35", 1);
    assert!(serde_json::from_str::<CollectionResponse<Chapter>>(&bad_time).is_err());
    let garbage_time = good.replacen("2021-05-24T17:12:35+00:00", "yesterday", 1);
    assert!(serde_json::from_str::<CollectionResponse<Chapter>>(&garbage_time).is_err());

    // A missing required timestamp.
    let manga = include_str!("data/manga_entity.json").replacen(
        "\"createdAt\": \"2018-01-18T20:02:57+00:00\",",
        "",
        1,
    );
    assert!(serde_json::from_str::<EntityResponse<Manga>>(&manga).is_err());
}

#[test]
fn bad_expanded_attributes_do_not_fail_the_entity() {
    // An expanded cover with a bad timestamp inside a manga: the manga still decodes and the
    // cover attributes are kept raw.
    let body = include_str!("data/manga_entity.json").replacen(
        "2023-11-03T06:00:00+00:00",
        "not a time",
        1,
    );
    let manga = serde_json::from_str::<EntityResponse<Manga>>(&body)
        .unwrap()
        .data;
    assert!(manga.cover_art().is_none());
    let rel = manga.first_related(RelationshipType::CoverArt).unwrap();
    match &rel.attributes {
        Some(RelatedAttributes::Unknown(raw)) => assert_eq!(raw["createdAt"], "not a time"),
        other => panic!("expected raw attributes, got {other:?}"),
    }
    assert_eq!(
        manga.cover_art_id(),
        Some(Uuid::parse_str("6c1b4c3e-1f2a-4d8e-9c0b-5e4d3c2b1a00").unwrap())
    );
}
