//! Decoding tests of the remaining models: statistics, ratings, read markers, reading
//! status, history, at-home, aggregate, auth, API clients, reports, forums, legacy mapping,
//! relations, recommendations, settings, uploads, captcha, envelopes.

use asyncdex::model::{
    ApiClient, ApiClientProfile, ApiClientSecret, ApiClientState, ApprovalRequired, AtHomeServer,
    AuthCheck, CaptchaSolveRequest, ChapterReadMarkerBatch, ChapterStatistics, CollectionResponse,
    DataOrBare, EntityResponse, ForumThreadRequest, ForumThreadResponse, ForumThreadType,
    GroupStatistics, ImageQuality, Language, LegacyLoginRequest, LegacyLoginResponse,
    LegacyMapping, LegacyMappingType, LegacyRefreshResponse, MangaAggregate, MangaReadMarkers,
    MangaReadingStatusResponse, MangaRecommendation, MangaRelation, MangaRelationCreate,
    MangaRelationType, MangaStatistics, OAuthErrorResponse, OAuthTokenResponse, RatingsResponse,
    ReadMarkers, ReadMarkersResponse, ReadingHistoryResponse, ReadingStatus,
    ReadingStatusesResponse, Report, ReportCategory, ReportReason, ReportStatus, ResultOk,
    ResultStatus, SettingsTemplate, StatisticsResponse, UpdateMangaStatus, UploadSession,
    UploadSource, UploadedFiles, UserRole, UserSettings, UserSettingsUpdate,
};
use serde_json::json;
use time::macros::datetime;
use uuid::uuid;

#[test]
fn manga_statistics_single_with_distribution() {
    let stats: StatisticsResponse<MangaStatistics> =
        serde_json::from_str(include_str!("data/statistics_manga_single.json")).unwrap();
    let s = stats
        .get(&uuid!("f9c33607-9180-4ba6-b85c-e4b5faee7192"))
        .unwrap();
    let comments = s.comments.unwrap();
    assert_eq!(
        (comments.thread_id, comments.replies_count),
        (4_756_728, 12)
    );
    let rating = s.rating.as_ref().unwrap();
    assert_eq!(rating.average, Some(7.5));
    assert_eq!(rating.bayesian, 6.47);
    assert_eq!(rating.distribution.len(), 10);
    assert_eq!(rating.distribution[&7], 2);
    assert_eq!(rating.distribution[&10], 0);
    assert_eq!(s.follows, 3);
    assert_eq!(s.unavailable_chapter_count, Some(1));
}

#[test]
fn manga_statistics_many_with_nulls() {
    let stats: StatisticsResponse<MangaStatistics> =
        serde_json::from_str(include_str!("data/statistics_manga_many.json")).unwrap();
    assert_eq!(stats.statistics.len(), 2);
    let second = stats
        .get(&uuid!("62bc0125-f1ba-4343-88d3-00a30f78e6b6"))
        .unwrap();
    assert_eq!(second.comments, None);
    let rating = second.rating.as_ref().unwrap();
    assert_eq!(rating.average, None);
    assert!(rating.distribution.is_empty());
    assert_eq!(second.follows, 35);
    assert_eq!(second.unavailable_chapter_count, None);
    let first = stats
        .get(&uuid!("f9c33607-9180-4ba6-b85c-e4b5faee7192"))
        .unwrap();
    assert!(first.rating.as_ref().unwrap().distribution.is_empty());
}

#[test]
fn chapter_and_group_statistics() {
    let body = include_str!("data/statistics_chapter.json");
    let stats: StatisticsResponse<ChapterStatistics> = serde_json::from_str(body).unwrap();
    let a = stats
        .get(&uuid!("a05de006-df86-4fe1-9d20-32664a78c1cc"))
        .unwrap();
    assert_eq!(a.comments.unwrap().replies_count, 12);
    let b = stats
        .get(&uuid!("b15de006-df86-4fe1-9d20-32664a78c1cc"))
        .unwrap();
    assert_eq!(b.comments, None);
    let groups: StatisticsResponse<GroupStatistics> = serde_json::from_str(body).unwrap();
    assert_eq!(groups.statistics.len(), 2);
    // An empty answer comes as `[]`.
    let empty: StatisticsResponse<GroupStatistics> =
        serde_json::from_str(r#"{"result":"ok","statistics":[]}"#).unwrap();
    assert!(empty.statistics.is_empty());
    // Keys are UUIDs: a bad key is an error.
    let bad = r#"{"result":"ok","statistics":{"nope":{"comments":null}}}"#;
    assert!(serde_json::from_str::<StatisticsResponse<GroupStatistics>>(bad).is_err());
}

#[test]
fn ratings_map() {
    let body = r#"{"result":"ok","ratings":{"f9c33607-9180-4ba6-b85c-e4b5faee7192":{"rating":7,"createdAt":"2021-12-27T08:47:37+00:00"}}}"#;
    let r: RatingsResponse = serde_json::from_str(body).unwrap();
    let rating = &r.ratings[&uuid!("f9c33607-9180-4ba6-b85c-e4b5faee7192")];
    assert_eq!(rating.rating, 7);
    assert_eq!(rating.created_at, datetime!(2021-12-27 08:47:37 UTC));
    let empty: RatingsResponse = serde_json::from_str(r#"{"result":"ok","ratings":[]}"#).unwrap();
    assert!(empty.ratings.is_empty());
    let bad = body.replace("2021-12-27T08:47:37+00:00", "2021-12-27");
    assert!(serde_json::from_str::<RatingsResponse>(&bad).is_err());
}

#[test]
fn read_markers_flat_and_grouped() {
    let flat = r#"{"result":"ok","data":["00057883-357b-4734-9469-52967e59ef4c","000b7978-d9bd-49ec-a8f6-a0737368415f","0015b621-a175-47f5-81fb-5976c88e18c4"]}"#;
    let one: MangaReadMarkers = serde_json::from_str(flat).unwrap();
    assert_eq!(one.data.len(), 3);
    assert_eq!(one.data[1], uuid!("000b7978-d9bd-49ec-a8f6-a0737368415f"));

    let r: ReadMarkersResponse = serde_json::from_str(flat).unwrap();
    assert!(matches!(&r.data, ReadMarkers::Ids(ids) if ids.len() == 3));
    assert_eq!(
        r.data
            .for_manga(&uuid!("40529c30-0d25-4da5-a25a-f71a961ab855")),
        None
    );

    let grouped = r#"{"result":"ok","data":{"40529c30-0d25-4da5-a25a-f71a961ab855":["00057883-357b-4734-9469-52967e59ef4c","000b7978-d9bd-49ec-a8f6-a0737368415f"]}}"#;
    let g: ReadMarkersResponse = serde_json::from_str(grouped).unwrap();
    let ids = g
        .data
        .for_manga(&uuid!("40529c30-0d25-4da5-a25a-f71a961ab855"))
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(g.data.chapter_ids().len(), 2);

    let batch = ChapterReadMarkerBatch {
        chapter_ids_read: vec![uuid!("00057883-357b-4734-9469-52967e59ef4c")],
        chapter_ids_unread: vec![],
    };
    assert_eq!(
        serde_json::to_value(&batch).unwrap(),
        json!({"chapterIdsRead": ["00057883-357b-4734-9469-52967e59ef4c"]})
    );
}

#[test]
fn reading_statuses() {
    let body = r#"{"result":"ok","statuses":{"b019ea5d-5fe6-44d4-abbc-f546f210884d":"reading","2394a5c7-1d2e-461f-acde-18726b9e37d6":"dropped","3394a5c7-1d2e-461f-acde-18726b9e37d6":"binging"}}"#;
    let s: ReadingStatusesResponse = serde_json::from_str(body).unwrap();
    assert_eq!(
        s.statuses[&uuid!("b019ea5d-5fe6-44d4-abbc-f546f210884d")],
        ReadingStatus::Reading
    );
    assert_eq!(
        s.statuses[&uuid!("2394a5c7-1d2e-461f-acde-18726b9e37d6")],
        ReadingStatus::Dropped
    );
    assert_eq!(
        s.statuses[&uuid!("3394a5c7-1d2e-461f-acde-18726b9e37d6")],
        ReadingStatus::Unknown("binging".to_owned())
    );
    let empty: ReadingStatusesResponse =
        serde_json::from_str(r#"{"result":"ok","statuses":[]}"#).unwrap();
    assert!(empty.statuses.is_empty());

    let one: MangaReadingStatusResponse =
        serde_json::from_str(r#"{"result":"ok","status":"re_reading"}"#).unwrap();
    assert_eq!(one.status, Some(ReadingStatus::ReReading));
    let none: MangaReadingStatusResponse =
        serde_json::from_str(r#"{"result":"ok","status":null}"#).unwrap();
    assert_eq!(none.status, None);

    let clear = UpdateMangaStatus { status: None };
    assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"status":null}"#);
    let set = UpdateMangaStatus {
        status: Some(ReadingStatus::PlanToRead),
    };
    assert_eq!(
        serde_json::to_string(&set).unwrap(),
        r#"{"status":"plan_to_read"}"#
    );
}

#[test]
fn reading_history() {
    let body = r#"{"result":"ok","ratings":[{"chapterId":"a05de006-df86-4fe1-9d20-32664a78c1cc","readDate":"2024-01-05T10:20:30+00:00"}]}"#;
    let h: ReadingHistoryResponse = serde_json::from_str(body).unwrap();
    assert_eq!(h.entries.len(), 1);
    assert_eq!(
        h.entries[0].chapter_id,
        uuid!("a05de006-df86-4fe1-9d20-32664a78c1cc")
    );
    assert_eq!(h.entries[0].read_date, datetime!(2024-01-05 10:20:30 UTC));
    let data = body.replace("\"ratings\"", "\"data\"");
    assert_eq!(
        serde_json::from_str::<ReadingHistoryResponse>(&data).unwrap(),
        h
    );
}

#[test]
fn at_home_server_and_page_urls() {
    let s: AtHomeServer = serde_json::from_str(include_str!("data/at_home_server.json")).unwrap();
    assert_eq!(s.chapter.hash, "d9786b687bc5f3fe1d4ae05ff05e0eb5");
    assert_eq!(s.chapter.data.len(), 3);
    assert_eq!(s.chapter.data_saver.len(), 3);
    let urls: Vec<String> = s.page_urls(ImageQuality::Original).collect();
    assert_eq!(
        urls[0],
        "https://abcdef.xyz123.mangadex.network:12345/some-temporary-access-token/data/d9786b687bc5f3fe1d4ae05ff05e0eb5/x1-b765e86d5ecbc932cf3f517a8604f6ac6d8a7f379b0277a117dc7c09c53d041e.png"
    );
    let saver: Vec<String> = s.page_urls(ImageQuality::DataSaver).collect();
    assert!(saver[2].contains("/data-saver/d9786b687bc5f3fe1d4ae05ff05e0eb5/x3-"));
    assert!(s.should_report());
    let uploads = AtHomeServer {
        base_url: "https://uploads.mangadex.org/".to_owned(),
        ..s
    };
    assert!(!uploads.should_report());
    assert!(
        uploads
            .page_urls(ImageQuality::Original)
            .next()
            .unwrap()
            .starts_with("https://uploads.mangadex.org/data/")
    );
}

#[test]
fn aggregate_map_and_array_shapes() {
    let a: MangaAggregate = serde_json::from_str(include_str!("data/aggregate.json")).unwrap();
    let volumes: Vec<&str> = a.volumes.iter().map(|v| v.volume.as_str()).collect();
    // Document order is kept (not sorted as strings).
    assert_eq!(volumes, ["none", "2", "1"]);
    let none = a.volume("none").unwrap();
    assert_eq!(none.count, 2);
    let ch = none.chapter("110").unwrap();
    assert_eq!(ch.others, [uuid!("c2222222-0000-4000-8000-000000000110")]);
    assert_eq!(ch.count, 2);
    let v2 = a.volume("2").unwrap();
    let numbers: Vec<&str> = v2.chapters.iter().map(|c| c.chapter.as_str()).collect();
    assert_eq!(numbers, ["10", "9.5", "9"]);
    assert!(v2.chapter("10").unwrap().is_unavailable);
    assert!(!v2.chapter("9").unwrap().is_unavailable);
    // The array-shaped volume (PHP list).
    let v1 = a.volume("1").unwrap();
    assert_eq!(v1.chapters.len(), 2);
    assert_eq!(
        v1.chapter("0").unwrap().id,
        uuid!("c1111111-0000-4000-8000-000000000000")
    );
    assert_eq!(a.chapters().count(), 6);

    // Round trip through serialize (as maps, in order; a `Value` would sort the keys).
    let again: MangaAggregate = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(again, a);
    // Empty aggregate as `[]`.
    let empty: MangaAggregate = serde_json::from_str(r#"{"result":"ok","volumes":[]}"#).unwrap();
    assert!(empty.volumes.is_empty());
    // Ids are strict.
    let bad =
        include_str!("data/aggregate.json").replace("c1111111-0000-4000-8000-000000000009", "9");
    assert!(serde_json::from_str::<MangaAggregate>(&bad).is_err());
}

#[test]
fn auth_check() {
    let body = r#"{"result":"ok","isAuthenticated":true,"roles":["ROLE_MEMBER","ROLE_GROUP_LEADER","ROLE_SOMETHING"],"permissions":["manga.view","chapter.list"]}"#;
    let c: AuthCheck = serde_json::from_str(body).unwrap();
    assert!(c.is_authenticated);
    assert_eq!(
        c.roles,
        [
            UserRole::Member,
            UserRole::GroupLeader,
            UserRole::Unknown("ROLE_SOMETHING".to_owned())
        ]
    );
    assert!(c.has_permission("chapter.list"));
    assert!(!c.has_permission("manga.edit"));
    let anon: AuthCheck =
        serde_json::from_str(r#"{"result":"ok","isAuthenticated":false,"roles":["ROLE_GUEST"]}"#)
            .unwrap();
    assert!(!anon.is_authenticated);
    assert!(anon.permissions.is_empty());
}

#[test]
fn legacy_login_and_refresh_redacted_in_debug() {
    let login: LegacyLoginResponse =
        serde_json::from_str(include_str!("data/legacy_login.json")).unwrap();
    assert_eq!(login.result, ResultStatus::Ok);
    assert_eq!(login.token.session, "SESSION-TOKEN-SECRET-111");
    assert_eq!(login.token.refresh, "REFRESH-TOKEN-SECRET-222");
    let debug = format!("{login:?} {login:#?}");
    assert!(!debug.contains("SESSION-TOKEN-SECRET-111"), "{debug}");
    assert!(!debug.contains("REFRESH-TOKEN-SECRET-222"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");

    let refresh: LegacyRefreshResponse = serde_json::from_str(
        r#"{"result":"ok","token":{"session":"NEW-SESSION-333","refresh":"NEW-REFRESH-444"},"message":"Token refreshed"}"#,
    )
    .unwrap();
    assert_eq!(refresh.token.as_ref().unwrap().refresh, "NEW-REFRESH-444");
    assert_eq!(refresh.message.as_deref(), Some("Token refreshed"));
    let debug = format!("{refresh:?}");
    assert!(
        !debug.contains("NEW-SESSION-333") && !debug.contains("NEW-REFRESH-444"),
        "{debug}"
    );
    assert!(debug.contains("Token refreshed"));

    let req = LegacyLoginRequest {
        username: Some("reader42".to_owned()),
        email: None,
        password: "hunter2hunter2".to_owned(),
    };
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"username": "reader42", "password": "hunter2hunter2"})
    );
    let debug = format!("{req:?}");
    assert!(
        !debug.contains("hunter2") && debug.contains("reader42"),
        "{debug}"
    );
}

#[test]
fn oauth_token_redacted_in_debug() {
    let t: OAuthTokenResponse =
        serde_json::from_str(include_str!("data/oauth_token.json")).unwrap();
    assert_eq!(
        t.access_token,
        "eyJhbGciOiJSUzI1NiJ9.ACCESS-SECRET-abc123.sig"
    );
    assert_eq!(
        t.refresh_token.as_deref(),
        Some("eyJhbGciOiJIUzI1NiJ9.REFRESH-SECRET-def456.sig")
    );
    assert_eq!(t.expires_in, 900);
    assert_eq!(t.refresh_expires_in, Some(7_776_000));
    assert_eq!(t.token_type.as_deref(), Some("Bearer"));
    let debug = format!("{t:?} {t:#?}");
    for secret in ["ACCESS-SECRET", "REFRESH-SECRET", "SESSION-STATE-SECRET"] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    assert!(debug.contains("900") && debug.contains("Bearer"), "{debug}");

    let err: OAuthErrorResponse = serde_json::from_str(
        r#"{"error":"invalid_grant","error_description":"Invalid user credentials"}"#,
    )
    .unwrap();
    assert!(err.is_invalid_grant());
    let other: OAuthErrorResponse =
        serde_json::from_str(r#"{"error":"temporarily_unavailable"}"#).unwrap();
    assert!(!other.is_invalid_grant());
}

#[test]
fn api_clients_and_secret() {
    let page: CollectionResponse<ApiClient> =
        serde_json::from_str(include_str!("data/api_client_list.json")).unwrap();
    let c = &page.data[0].attributes;
    assert_eq!(c.name, "my-reader");
    assert_eq!(c.profile, Some(ApiClientProfile::Personal));
    assert_eq!(c.state, Some(ApiClientState::Approved));
    assert!(c.is_active);
    assert!(
        c.external_client_id
            .as_deref()
            .unwrap()
            .starts_with("personal-client-")
    );
    assert_eq!(c.created_at, datetime!(2023-05-01 12:00:00 UTC));
    let creator = page.data[0].relationships[0].user().unwrap();
    assert_eq!(creator.username, "reader42");
    let p = &page.data[1].attributes;
    assert_eq!(p.description, None);
    assert_eq!(
        p.profile,
        Some(ApiClientProfile::Unknown("confidential".to_owned()))
    );
    assert_eq!(
        p.state,
        Some(ApiClientState::Unknown("under_review".to_owned()))
    );

    let secret: ApiClientSecret =
        serde_json::from_str(r#"{"result":"ok","data":"CLIENT-SECRET-XYZ"}"#).unwrap();
    assert_eq!(secret.data, "CLIENT-SECRET-XYZ");
    assert!(!format!("{secret:?}").contains("CLIENT-SECRET-XYZ"));
}

#[test]
fn reports_and_reasons() {
    let page: CollectionResponse<Report> =
        serde_json::from_str(include_str!("data/report_list.json")).unwrap();
    let r = &page.data[0].attributes;
    assert_eq!(r.details, "Wrong pages");
    assert_eq!(r.object_id, "a05de006-df86-4fe1-9d20-32664a78c1cc");
    assert_eq!(r.status, Some(ReportStatus::Waiting));
    assert_eq!(r.created_at, datetime!(2024-02-02 02:02:02 UTC));
    assert_eq!(
        page.data[1].attributes.status,
        Some(ReportStatus::Unknown("escalated".to_owned()))
    );

    let reasons: CollectionResponse<ReportReason> =
        serde_json::from_str(include_str!("data/report_reasons.json")).unwrap();
    let first = &reasons.data[0].attributes;
    assert_eq!(
        first.reason.get(&Language::English),
        Some("Pages out of order")
    );
    assert_eq!(first.category, Some(ReportCategory::Chapter));
    assert!(!first.details_required);
    assert!(reasons.data[1].attributes.details_required);
}

#[test]
fn forum_thread() {
    let body = r#"{"result":"ok","response":"entity","data":{"type":"thread","id":4756728,"attributes":{"repliesCount":12}}}"#;
    let t: ForumThreadResponse = serde_json::from_str(body).unwrap();
    assert_eq!(t.data.id, 4_756_728);
    assert_eq!(t.data.attributes.replies_count, 12);
    assert_eq!(t.data.url(), "https://forums.mangadex.org/threads/4756728");
    let req = ForumThreadRequest {
        kind: ForumThreadType::Chapter,
        id: uuid!("a05de006-df86-4fe1-9d20-32664a78c1cc"),
    };
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"type": "chapter", "id": "a05de006-df86-4fe1-9d20-32664a78c1cc"})
    );
}

#[test]
fn legacy_mapping() {
    let page: CollectionResponse<LegacyMapping> =
        serde_json::from_str(include_str!("data/legacy_mapping.json")).unwrap();
    let m = &page.data[0].attributes;
    assert_eq!(m.kind, LegacyMappingType::Manga);
    assert_eq!(m.legacy_id, 39);
    assert_eq!(m.new_id, uuid!("a1c7c817-4e59-43b7-9365-09675a149a6f"));
    assert_eq!(
        page.data[1].attributes.kind,
        LegacyMappingType::Unknown("scanlator".to_owned())
    );
}

#[test]
fn manga_relations_and_recommendations() {
    let page: CollectionResponse<MangaRelation> =
        serde_json::from_str(include_str!("data/manga_relation_list.json")).unwrap();
    let first = &page.data[0];
    assert_eq!(first.attributes.relation, MangaRelationType::Sequel);
    assert_eq!(
        first.target_id(),
        Some(uuid!("8f3e1a5e-6f0d-4a59-8f34-0c7ed0c1d0a1"))
    );
    let target = first.relationships[0].manga().unwrap();
    assert_eq!(target.title.get(&Language::English), Some("The Sequel"));
    assert_eq!(
        page.data[1].attributes.relation,
        MangaRelationType::Unknown("reboot".to_owned())
    );
    assert_eq!(page.data[1].attributes.version, 2);

    let create = MangaRelationCreate {
        target_manga: uuid!("8f3e1a5e-6f0d-4a59-8f34-0c7ed0c1d0a1"),
        relation: MangaRelationType::SideStory,
    };
    assert_eq!(
        serde_json::to_value(&create).unwrap(),
        json!({"targetManga": "8f3e1a5e-6f0d-4a59-8f34-0c7ed0c1d0a1", "relation": "side_story"})
    );

    let recs: CollectionResponse<MangaRecommendation> =
        serde_json::from_str(include_str!("data/manga_recommendation_list.json")).unwrap();
    assert_eq!(recs.data[0].attributes.score, 0.87);
    assert_eq!(
        recs.data[0].relationships[0].id,
        uuid!("32d76d19-8a05-4db0-9fc2-e0b0648fe9d0")
    );
}

#[test]
fn settings() {
    let body = r#"{"result":"ok","updatedAt":"2022-03-14T13:19:37+00:00","settings":{"theme":"dark","dataSaver":true},"template":"6e4d3c2b-1a00-4f1e-8d2c-3b4a59687706"}"#;
    let s: UserSettings = serde_json::from_str(body).unwrap();
    assert_eq!(s.updated_at, datetime!(2022-03-14 13:19:37 UTC));
    assert_eq!(s.settings["theme"], "dark");
    assert_eq!(
        s.template,
        Some(uuid!("6e4d3c2b-1a00-4f1e-8d2c-3b4a59687706"))
    );

    let template: SettingsTemplate = serde_json::from_str(
        r#"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}"#,
    )
    .unwrap();
    assert_eq!(template.0["type"], "object");

    let update = UserSettingsUpdate::new(
        json!({"theme": "light"}),
        datetime!(2022-03-14 15:19:37 +02:00),
    );
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"settings": {"theme": "light"}, "updatedAt": "2022-03-14T13:19:37"})
    );
}

#[test]
fn uploads() {
    let enveloped = include_str!("data/upload_session.json");
    let s = serde_json::from_str::<DataOrBare<UploadSession>>(enveloped)
        .unwrap()
        .into_inner();
    assert_eq!(s.id, uuid!("113b7724-dcc2-4fbc-968f-9d775fcb1cd6"));
    assert!(!s.attributes.is_committed && !s.attributes.is_processed && !s.attributes.is_deleted);
    assert_eq!(s.attributes.created_at, datetime!(2024-04-01 10:00:00 UTC));
    assert_eq!(s.relationships.len(), 3);
    // The same entity, bare as the spec documents it.
    let bare = serde_json::to_string(
        &serde_json::from_str::<serde_json::Value>(enveloped).unwrap()["data"],
    )
    .unwrap();
    let b = serde_json::from_str::<DataOrBare<UploadSession>>(&bare)
        .unwrap()
        .into_inner();
    assert_eq!(b, s);
    let entity: EntityResponse<UploadSession> = serde_json::from_str(enveloped).unwrap();
    assert_eq!(entity.data, s);
    // A bad timestamp inside is still an error.
    let bad = enveloped.replacen("2024-04-01T10:00:00+00:00", "2024-04-01", 1);
    assert!(serde_json::from_str::<DataOrBare<UploadSession>>(&bad).is_err());

    let files: UploadedFiles =
        serde_json::from_str(include_str!("data/upload_files.json")).unwrap();
    assert_eq!(files.result, ResultStatus::Ok);
    assert!(files.errors.is_empty());
    let f = &files.data[0].attributes;
    assert_eq!(f.original_file_name, "01.png");
    assert_eq!(f.file_size, 1212);
    assert_eq!(f.mime_type, "image/png");
    assert_eq!(f.source, Some(UploadSource::Local));
    assert_eq!(
        files.data[1].attributes.source,
        Some(UploadSource::Unknown("satellite".to_owned()))
    );

    let approval: ApprovalRequired =
        serde_json::from_str(r#"{"result":"ok","requiresApproval":true}"#).unwrap();
    assert!(approval.requires_approval);
}

#[test]
fn result_ok_and_captcha() {
    let ok: ResultOk = serde_json::from_str(r#"{"result":"ok"}"#).unwrap();
    assert!(ok.is_ok());
    let odd: ResultOk = serde_json::from_str(r#"{"result":"accepted","extra":1}"#).unwrap();
    assert!(!odd.is_ok());
    assert_eq!(odd.result, ResultStatus::Unknown("accepted".to_owned()));
    assert_eq!(
        serde_json::to_string(&CaptchaSolveRequest {
            captcha_challenge: "abc".to_owned()
        })
        .unwrap(),
        r#"{"captchaChallenge":"abc"}"#
    );
}
