//! The write operations whose mock answers used to be generic (no spec fields, so nothing to
//! decode) through the typed client: `POST /manga`, the draft get and commit, `PUT /chapter`,
//! cover upload and edit, upload commit, `POST /forums/thread`, and the user-follow check.

#[path = "api_support.rs"]
mod support;

use asyncdex::model::{
    ChapterDraft, ContentRating, Demographic, ForumThreadType, Language, LocalizedString,
    MangaState, PublicationStatus, RelationshipType,
};
use uuid::Uuid;

use support::{server, user};

fn localized(language: Language, text: &str) -> LocalizedString {
    let mut title = LocalizedString::new();
    title.insert(language, text);
    title
}

#[tokio::test]
async fn a_created_manga_is_a_draft_that_can_be_committed() {
    let server = server().await;
    let client = user(&server);
    let me = server.user_id(asyncdex_mock::DEFAULT_USERNAME).unwrap();
    let catalogue = server.catalogue();
    let (author, tag) = (catalogue.authors[2].id, catalogue.tags[5].id);

    let created = client
        .manga()
        .create()
        .title(localized(Language::English, "Typed Draft"))
        .alt_titles(vec![localized(Language::Japanese, "Draft JP")])
        .status(PublicationStatus::Hiatus)
        .original_language(Language::Korean)
        .content_rating(ContentRating::Suggestive)
        .publication_demographic(Demographic::Seinen)
        .year(2019u16)
        .authors(vec![author])
        .tags(vec![tag])
        .send()
        .await
        .unwrap()
        .data;
    let attrs = &created.attributes;
    assert_eq!(attrs.title_in(&[]), Some("Typed Draft"));
    assert_eq!(
        attrs.alt_titles[0].get(&Language::Japanese),
        Some("Draft JP")
    );
    assert_eq!(attrs.status, PublicationStatus::Hiatus);
    assert_eq!(attrs.original_language, Language::Korean);
    assert_eq!(attrs.content_rating, ContentRating::Suggestive);
    assert_eq!(attrs.publication_demographic, Some(Demographic::Seinen));
    assert_eq!(attrs.year, Some(2019));
    assert_eq!(attrs.state, Some(MangaState::Draft));
    assert_eq!(attrs.version, 1);
    assert_eq!(attrs.tags.len(), 1);
    assert_eq!(attrs.tags[0].id, tag);
    assert_eq!(created.author_ids().collect::<Vec<_>>(), [author]);
    assert_eq!(
        created
            .first_related(RelationshipType::Creator)
            .map(|r| r.id),
        Some(me)
    );
    assert!(catalogue.manga_by_id(&created.id).is_none(), "a new id");

    // The draft, as created; then submitted at its version.
    let draft = client.manga().draft(created.id).send().await.unwrap().data;
    assert_eq!(draft, created);
    let listed = client
        .manga()
        .drafts()
        .state(MangaState::Draft)
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.data.iter().map(|m| m.id).collect::<Vec<_>>(),
        [created.id]
    );

    let stale = client
        .manga()
        .commit_draft(created.id, 7)
        .send()
        .await
        .unwrap_err();
    assert_eq!(stale.status().map(|s| s.as_u16()), Some(409));
    let committed = client
        .manga()
        .commit_draft(created.id, 1)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(committed.id, created.id);
    assert_eq!(committed.attributes.state, Some(MangaState::Submitted));
    assert_eq!(committed.attributes.version, 2);
    assert_eq!(committed.attributes.title, created.attributes.title);
    let again = client.manga().draft(created.id).send().await.unwrap().data;
    assert_eq!(again.attributes.state, Some(MangaState::Submitted));

    let unknown = client
        .manga()
        .draft(Uuid::new_v4())
        .send()
        .await
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown:?}");
    let incomplete = client
        .manga()
        .create()
        .title(localized(Language::English, "No status"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(incomplete.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn chapter_and_cover_edits_answer_the_edited_entities() {
    let server = server().await;
    let client = user(&server);
    let catalogue = server.catalogue();
    let chapter = catalogue.chapter_with_pages();
    let group = catalogue.groups[4].id;

    let edited = client
        .chapter()
        .update(chapter.id, chapter.version)
        .title("Renamed")
        .chapter("99.5")
        .translated_language(Language::French)
        .groups(vec![group])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(edited.id, chapter.id);
    let attrs = &edited.attributes;
    assert_eq!(attrs.title.as_deref(), Some("Renamed"));
    assert_eq!(attrs.chapter.as_deref(), Some("99.5"));
    assert_eq!(attrs.volume, chapter.volume);
    assert_eq!(attrs.translated_language, Language::French);
    assert_eq!(attrs.pages, chapter.pages);
    assert_eq!(attrs.version, chapter.version + 1);
    assert_eq!(edited.group_ids().collect::<Vec<_>>(), [group]);
    assert_eq!(edited.manga_id(), Some(chapter.manga));
    // Not applied to the catalogue.
    let fetched = client.chapter().get(chapter.id).send().await.unwrap().data;
    assert_eq!(fetched.attributes.title, chapter.title);
    assert_eq!(fetched.attributes.version, chapter.version);

    let manga = &catalogue.manga[7];
    let uploaded = client
        .cover()
        .upload(manga.id, "volume-4.png", vec![0x89, b'P', b'N', b'G'])
        .volume("4")
        .description("the fourth")
        .locale(Language::English)
        .send()
        .await
        .unwrap()
        .data;
    let attrs = &uploaded.attributes;
    assert_eq!(attrs.volume.as_deref(), Some("4"));
    assert_eq!(attrs.description.as_deref(), Some("the fourth"));
    assert_eq!(attrs.locale, Some(Language::English));
    assert_eq!(attrs.version, 1);
    assert!(attrs.file_name.ends_with(".png"), "{}", attrs.file_name);
    assert_eq!(uploaded.manga_id(), Some(manga.id));
    assert!(catalogue.cover_by_id(&uploaded.id).is_none(), "a new id");

    let cover = &catalogue.covers[1];
    let updated = client
        .cover()
        .update(cover.id, 1, None)
        .description("no volume")
        .locale(Language::German)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(updated.id, cover.id);
    let attrs = &updated.attributes;
    assert_eq!(attrs.volume, None);
    assert_eq!(attrs.description.as_deref(), Some("no volume"));
    assert_eq!(attrs.locale, Some(Language::German));
    assert_eq!(attrs.version, 2);
    assert_eq!(attrs.file_name, cover.file_name);
    assert_eq!(updated.manga_id(), Some(cover.manga));
}

#[tokio::test]
async fn an_upload_commit_answers_the_chapter_of_the_session() {
    let server = server().await;
    let client = user(&server);
    let me = server.user_id(asyncdex_mock::DEFAULT_USERNAME).unwrap();
    let catalogue = server.catalogue();
    let (manga, group) = (catalogue.manga[9].id, catalogue.groups[1].id);

    let session = client
        .upload()
        .begin(manga, [group])
        .send()
        .await
        .unwrap()
        .into_inner();
    let pages = vec![Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
    let draft = ChapterDraft {
        volume: Some("3".into()),
        chapter: Some("21".into()),
        title: Some("Uploaded".into()),
        translated_language: Language::PortugueseBrazil,
        external_url: None,
        publish_at: None,
    };
    let chapter = client
        .upload()
        .commit(session.id, draft.clone(), pages.clone())
        .terms_accepted(true)
        .send()
        .await
        .unwrap()
        .into_inner();
    let attrs = &chapter.attributes;
    assert_eq!(attrs.chapter.as_deref(), Some("21"));
    assert_eq!(attrs.volume.as_deref(), Some("3"));
    assert_eq!(attrs.title.as_deref(), Some("Uploaded"));
    assert_eq!(attrs.translated_language, Language::PortugueseBrazil);
    assert_eq!(attrs.pages, 3);
    assert_eq!(attrs.version, 1);
    assert_eq!(attrs.uploader, Some(me));
    assert_eq!(chapter.manga_id(), Some(manga));
    assert_eq!(chapter.group_ids().collect::<Vec<_>>(), [group]);
    assert!(catalogue.chapter_by_id(&chapter.id).is_none(), "a new id");

    // A session commits once; an unknown one is a 404.
    let twice = client
        .upload()
        .commit(session.id, draft.clone(), pages.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(twice.status().map(|s| s.as_u16()), Some(400));
    let unknown = client
        .upload()
        .commit(Uuid::new_v4(), draft.clone(), pages.clone())
        .send()
        .await
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown:?}");

    // An edit session commits the edited chapter, version + 1.
    let existing = catalogue.chapter_with_pages();
    let edit = client
        .upload()
        .begin_edit(existing.id, existing.version)
        .send()
        .await
        .unwrap()
        .into_inner();
    let edited = client
        .upload()
        .commit(edit.id, draft, pages)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(edited.id, existing.id);
    assert_eq!(edited.attributes.version, existing.version + 1);
    assert_eq!(edited.manga_id(), Some(existing.manga));
}

#[tokio::test]
async fn forum_threads_have_integer_ids_and_user_follows_are_fixed() {
    let server = server().await;
    let client = user(&server);
    let catalogue = server.catalogue();
    let manga = catalogue.manga[0].id;

    // A manga whose statistics show a thread: `POST /forums/thread` answers that one.
    let mut with_comments = None;
    for m in &catalogue.manga[..8] {
        let statistics = client.statistics().manga(m.id).send().await.unwrap();
        if let Some(comments) = statistics.statistics[&m.id].comments {
            with_comments = Some((m.id, comments));
            break;
        }
    }
    let (commented, comments) = with_comments.expect("a manga with a thread among the first 8");
    let thread = client
        .forums()
        .create_thread(ForumThreadType::Manga, commented)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(thread.kind, "thread");
    assert_eq!(thread.id, comments.thread_id);
    assert_eq!(thread.attributes.replies_count, comments.replies_count);
    assert_eq!(
        thread.url(),
        format!("https://forums.mangadex.org/threads/{}", thread.id)
    );
    // The same thread each time.
    let again = client
        .forums()
        .create_thread(ForumThreadType::Manga, commented)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(again, thread);
    let chapter = client
        .forums()
        .create_thread(ForumThreadType::Chapter, catalogue.chapter_with_pages().id)
        .send()
        .await
        .unwrap()
        .data;
    assert!(chapter.id > 0 && chapter.id != thread.id, "{chapter:?}");
    let missing = client
        .forums()
        .create_thread(ForumThreadType::Chapter, manga)
        .send()
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");

    // Every account follows the catalogue's first three users, and no one else.
    let followed = client.follows().users().send().await.unwrap();
    let ids: Vec<Uuid> = followed.data.iter().map(|u| u.id).collect();
    let expected: Vec<Uuid> = catalogue.users[..3].iter().map(|u| u.id).collect();
    assert_eq!(ids, expected);
    for user in &catalogue.users[..3] {
        assert!(
            client
                .follows()
                .is_following_user(user.id)
                .send()
                .await
                .unwrap()
        );
    }
    for id in [catalogue.users[3].id, Uuid::new_v4()] {
        assert!(!client.follows().is_following_user(id).send().await.unwrap());
    }
}
