//! Spec coverage: every (method, path) operation of `tests/data/mangadex-openapi.yaml` (a copy
//! of spec 5.13.1) has a typed endpoint in `asyncdex::api::operations()`, the registry built
//! from the builders' own `OPERATION` constants (which they build their URLs from); and a
//! sweep of typed calls against the fake server shows which ones are exercised, measured from
//! the server's request log.
#![allow(deprecated)] // the sweep calls the deprecated legacy operations too

#[path = "api_support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use asyncdex::api::{self, Operation};
use asyncdex::model::{
    ApiClientProfile, ChapterDraft, ForumThreadType, Language, LegacyMappingType,
    MangaRelationType, ReportCategory,
};
use asyncdex_mock::MockServer;
use uuid::Uuid;

/// `(METHOD, /template)` of every operation in the spec, with a line-based reader: a path is
/// a two-space-indented key starting with `/` under `paths:`, an operation a four-space
/// `get:`/`post:`/`put:`/`delete:`/`patch:` key under it.
fn spec_operations() -> BTreeSet<(String, String)> {
    let spec = include_str!("data/mangadex-openapi.yaml");
    let mut operations = BTreeSet::new();
    let mut in_paths = false;
    let mut path: Option<String> = None;
    for line in spec.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(key) = line.strip_prefix("  ").filter(|l| !l.starts_with(' ')) {
            let key = key
                .trim_end()
                .trim_end_matches(':')
                .trim_matches(['\'', '"']);
            path = key.starts_with('/').then(|| key.to_owned());
        } else if let Some(key) = line.strip_prefix("    ").filter(|l| !l.starts_with(' ')) {
            let method = key.trim_end().trim_end_matches(':');
            if let (Some(path), true) = (
                &path,
                ["get", "post", "put", "delete", "patch"].contains(&method),
            ) {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

fn key(operation: &Operation) -> (String, String) {
    (
        operation.method().to_string(),
        operation.template().to_owned(),
    )
}

#[test]
fn every_operation_of_the_spec_has_a_typed_endpoint() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 113, "spec 5.13.1 has 113 operations");
    let implemented: Vec<(String, String)> = api::operations().iter().map(key).collect();
    let unique: BTreeSet<_> = implemented.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        implemented.len(),
        "an operation is registered twice"
    );
    let missing: Vec<_> = spec.difference(&unique).collect();
    let unknown: Vec<_> = unique.difference(&spec).collect();
    assert!(
        missing.is_empty(),
        "operations without a typed endpoint: {missing:#?}"
    );
    assert!(
        unknown.is_empty(),
        "endpoints not in the spec: {unknown:#?}"
    );
    println!("present: {}/{}", unique.len(), spec.len());
}

/// Runs a typed call; `Ok` marks its operation as answered and decoded.
macro_rules! run {
    ($done:ident, $failed:ident, $operation:expr, $call:expr) => {
        match $call.await {
            Ok(_) => {
                $done.insert(key(&$operation));
            }
            Err(error) => {
                $failed.insert(key(&$operation), error.to_string());
            }
        }
    };
}

/// The operations the fake server saw answered with a 2xx, from its request log.
fn answered(server: &MockServer) -> BTreeSet<(String, String)> {
    let operations = api::operations();
    support::api_requests(server)
        .iter()
        .filter(|r| r.status.is_some_and(|s| (200..300).contains(&s)))
        .filter_map(|r| {
            // The most specific template (most literal segments) that matches.
            operations
                .iter()
                .filter(|o| o.method() == r.method && o.matches(&r.path))
                .max_by_key(|o| {
                    o.template()
                        .split('/')
                        .filter(|s| !s.starts_with('{'))
                        .count()
                })
                .map(key)
        })
        .collect()
}

#[tokio::test]
async fn the_typed_endpoints_exercised_against_the_fake_server() {
    use api::{
        api_client as ac, at_home, auth, author, captcha, chapter, cover, feed, follows, forums,
        group, infrastructure, legacy, list, manga, rating, read_marker, report, settings,
        statistics, upload, user,
    };

    let server = support::server().await;
    let client = support::user(&server);
    let catalogue = server.catalogue();
    let m = catalogue.manga[1].id;
    let other = catalogue.manga[2].id;
    let ch = catalogue.chapter_with_pages().id;
    let ch_version = catalogue.chapter_with_pages().version;
    let chapter_of_m = catalogue.chapters_of(&m)[0].id;
    let (author, group, cover) = (
        catalogue.authors[0].id,
        catalogue.groups[0].id,
        catalogue.covers[0].id,
    );
    let some_user = catalogue.users[0].id;
    let any = Uuid::new_v4();
    let (mut ok, mut failed) = (BTreeSet::new(), BTreeMap::new());

    // Infrastructure, Authentication.
    run!(
        ok,
        failed,
        infrastructure::Ping::OPERATION,
        client.ping().send()
    );
    let session = client
        .authentication()
        .login(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .send()
        .await;
    match &session {
        Ok(_) => {
            ok.insert(key(&auth::LegacyLogin::OPERATION));
        }
        Err(e) => {
            failed.insert(key(&auth::LegacyLogin::OPERATION), e.to_string());
        }
    }
    if let Ok(session) = &session {
        run!(
            ok,
            failed,
            auth::LegacyRefresh::OPERATION,
            client
                .authentication()
                .refresh(&session.token.refresh)
                .send()
        );
    }
    run!(
        ok,
        failed,
        auth::CheckAuth::OPERATION,
        client.authentication().check().send()
    );

    // Manga.
    run!(
        ok,
        failed,
        manga::SearchManga::OPERATION,
        client.manga().search().send()
    );
    // A created manga is a draft: its id is the one to get and commit.
    let created = client
        .manga()
        .create()
        .title(
            [(Language::English, "New")]
                .into_iter()
                .collect::<asyncdex::model::LocalizedString>(),
        )
        .status(asyncdex::model::PublicationStatus::Ongoing)
        .original_language(Language::Japanese)
        .content_rating(asyncdex::model::ContentRating::Safe)
        .send()
        .await;
    let draft_id = match created {
        Ok(draft) => {
            ok.insert(key(&manga::CreateManga::OPERATION));
            draft.data.id
        }
        Err(e) => {
            failed.insert(key(&manga::CreateManga::OPERATION), e.to_string());
            any
        }
    };
    run!(
        ok,
        failed,
        manga::MangaAggregateRequest::OPERATION,
        client.manga().aggregate(m).send()
    );
    run!(
        ok,
        failed,
        manga::Recommendations::OPERATION,
        client.manga().recommendations(m).send()
    );
    run!(
        ok,
        failed,
        manga::GetManga::OPERATION,
        client.manga().get(m).send()
    );
    run!(
        ok,
        failed,
        manga::UpdateManga::OPERATION,
        client.manga().update(m, 1).year(2001u16).send()
    );
    run!(
        ok,
        failed,
        manga::MangaFeed::OPERATION,
        client.manga().feed(m).send()
    );
    run!(
        ok,
        failed,
        manga::FollowManga::OPERATION,
        client.manga().follow(m).send()
    );
    run!(
        ok,
        failed,
        manga::RandomManga::OPERATION,
        client.manga().random().send()
    );
    run!(
        ok,
        failed,
        manga::Tags::OPERATION,
        client.manga().tags().send()
    );
    run!(
        ok,
        failed,
        manga::SetReadingStatus::OPERATION,
        client
            .manga()
            .set_status(m, Some(asyncdex::model::ReadingStatus::Reading))
            .send()
    );
    run!(
        ok,
        failed,
        manga::ReadingStatuses::OPERATION,
        client.manga().statuses().send()
    );
    run!(
        ok,
        failed,
        manga::GetReadingStatus::OPERATION,
        client.manga().status(m).send()
    );
    run!(
        ok,
        failed,
        manga::GetDraft::OPERATION,
        client.manga().draft(draft_id).send()
    );
    run!(
        ok,
        failed,
        manga::CommitDraft::OPERATION,
        client.manga().commit_draft(draft_id, 1).send()
    );
    run!(
        ok,
        failed,
        manga::Drafts::OPERATION,
        client.manga().drafts().send()
    );
    run!(
        ok,
        failed,
        manga::Relations::OPERATION,
        client.manga().relations(m).send()
    );
    run!(
        ok,
        failed,
        manga::CreateRelation::OPERATION,
        client
            .manga()
            .create_relation(m, other, MangaRelationType::Sequel)
            .send()
    );
    run!(
        ok,
        failed,
        manga::DeleteRelation::OPERATION,
        client.manga().delete_relation(m, any).send()
    );

    // Chapter, Cover, Author, ScanlationGroup.
    run!(
        ok,
        failed,
        chapter::SearchChapters::OPERATION,
        client.chapter().search().send()
    );
    run!(
        ok,
        failed,
        chapter::GetChapter::OPERATION,
        client.chapter().get(ch).send()
    );
    run!(
        ok,
        failed,
        chapter::UpdateChapter::OPERATION,
        client.chapter().update(ch, ch_version).title("t").send()
    );
    run!(
        ok,
        failed,
        cover::SearchCovers::OPERATION,
        client.cover().search().send()
    );
    run!(
        ok,
        failed,
        cover::UploadCover::OPERATION,
        client
            .cover()
            .upload(m, "cover.png", vec![0x89, b'P', b'N', b'G'])
            .volume("1")
            .send()
    );
    run!(
        ok,
        failed,
        cover::GetCover::OPERATION,
        client.cover().get(cover).send()
    );
    run!(
        ok,
        failed,
        cover::UpdateCover::OPERATION,
        client.cover().update(cover, 1, Some("1".into())).send()
    );
    run!(
        ok,
        failed,
        author::SearchAuthors::OPERATION,
        client.author().search().send()
    );
    run!(
        ok,
        failed,
        author::CreateAuthor::OPERATION,
        client.author().create("Someone").send()
    );
    run!(
        ok,
        failed,
        author::GetAuthor::OPERATION,
        client.author().get(author).send()
    );
    run!(
        ok,
        failed,
        author::UpdateAuthor::OPERATION,
        client
            .author()
            .update(author, 1)
            .website("https://example.org")
            .send()
    );
    run!(
        ok,
        failed,
        group::SearchGroups::OPERATION,
        client.group().search().send()
    );
    run!(
        ok,
        failed,
        group::CreateGroup::OPERATION,
        client.group().create("A group").send()
    );
    run!(
        ok,
        failed,
        group::GetGroup::OPERATION,
        client.group().get(group).send()
    );
    run!(
        ok,
        failed,
        group::UpdateGroup::OPERATION,
        client.group().update(group, 1).inactive(false).send()
    );
    run!(
        ok,
        failed,
        group::FollowGroup::OPERATION,
        client.group().follow(group).send()
    );

    // CustomList, Feed, Follows, User.
    let created = client.list().create("A list").manga(vec![m]).send().await;
    let list = match created {
        Ok(list) => {
            ok.insert(key(&list::CreateList::OPERATION));
            list.data.id
        }
        Err(e) => {
            failed.insert(key(&list::CreateList::OPERATION), e.to_string());
            any
        }
    };
    run!(
        ok,
        failed,
        list::GetList::OPERATION,
        client.list().get(list).send()
    );
    run!(
        ok,
        failed,
        list::UpdateList::OPERATION,
        client.list().update(list, 1).name("Renamed").send()
    );
    run!(
        ok,
        failed,
        list::AddMangaToList::OPERATION,
        client.list().add_manga(list, other).send()
    );
    run!(
        ok,
        failed,
        list::RemoveMangaFromList::OPERATION,
        client.list().remove_manga(list, other).send()
    );
    run!(
        ok,
        failed,
        list::FollowList::OPERATION,
        client.list().follow(list).send()
    );
    run!(
        ok,
        failed,
        list::MyLists::OPERATION,
        client.list().mine().send()
    );
    run!(
        ok,
        failed,
        list::UserLists::OPERATION,
        client.list().of_user(some_user).send()
    );
    run!(
        ok,
        failed,
        feed::ListFeed::OPERATION,
        client.feed().list(list).send()
    );
    run!(
        ok,
        failed,
        feed::FollowedMangaFeed::OPERATION,
        client.feed().followed_manga().send()
    );
    run!(
        ok,
        failed,
        follows::FollowedGroups::OPERATION,
        client.follows().groups().send()
    );
    run!(
        ok,
        failed,
        follows::IsFollowingGroup::OPERATION,
        client.follows().is_following_group(group).send()
    );
    run!(
        ok,
        failed,
        follows::FollowedUsers::OPERATION,
        client.follows().users().send()
    );
    run!(
        ok,
        failed,
        follows::IsFollowingUser::OPERATION,
        client.follows().is_following_user(some_user).send()
    );
    run!(
        ok,
        failed,
        follows::FollowedManga::OPERATION,
        client.follows().manga().send()
    );
    run!(
        ok,
        failed,
        follows::IsFollowingManga::OPERATION,
        client.follows().is_following_manga(m).send()
    );
    run!(
        ok,
        failed,
        follows::FollowedLists::OPERATION,
        client.follows().lists().send()
    );
    run!(
        ok,
        failed,
        follows::IsFollowingList::OPERATION,
        client.follows().is_following_list(list).send()
    );
    run!(
        ok,
        failed,
        list::UnfollowList::OPERATION,
        client.list().unfollow(list).send()
    );
    run!(
        ok,
        failed,
        list::DeleteList::OPERATION,
        client.list().delete(list).send()
    );
    run!(
        ok,
        failed,
        user::SearchUsers::OPERATION,
        client.user().search().send()
    );
    run!(
        ok,
        failed,
        user::GetUser::OPERATION,
        client.user().get(some_user).send()
    );
    run!(ok, failed, user::Me::OPERATION, client.user().me().send());

    // ReadMarker, Rating, Statistics, AtHome.
    run!(
        ok,
        failed,
        read_marker::MarkRead::OPERATION,
        client
            .read_markers()
            .mark_read(m)
            .read([chapter_of_m])
            .send()
    );
    run!(
        ok,
        failed,
        read_marker::GetReadMarkers::OPERATION,
        client.read_markers().get(m).send()
    );
    run!(
        ok,
        failed,
        read_marker::GetManyReadMarkers::OPERATION,
        client.read_markers().get_many([m]).send()
    );
    run!(
        ok,
        failed,
        read_marker::ReadingHistory::OPERATION,
        client.read_markers().history().send()
    );
    run!(
        ok,
        failed,
        rating::SetRating::OPERATION,
        client.rating().set(m, 7).send()
    );
    run!(
        ok,
        failed,
        rating::GetRatings::OPERATION,
        client.rating().get([m]).send()
    );
    run!(
        ok,
        failed,
        rating::DeleteRating::OPERATION,
        client.rating().delete(m).send()
    );
    run!(
        ok,
        failed,
        statistics::MangaStatisticsRequest::OPERATION,
        client.statistics().manga(m).send()
    );
    run!(
        ok,
        failed,
        statistics::ManyMangaStatistics::OPERATION,
        client.statistics().manga_many([m]).send()
    );
    run!(
        ok,
        failed,
        statistics::ChapterStatisticsRequest::OPERATION,
        client.statistics().chapter(ch).send()
    );
    run!(
        ok,
        failed,
        statistics::ManyChapterStatistics::OPERATION,
        client.statistics().chapters([ch]).send()
    );
    run!(
        ok,
        failed,
        statistics::GroupStatisticsRequest::OPERATION,
        client.statistics().group(group).send()
    );
    run!(
        ok,
        failed,
        statistics::ManyGroupStatistics::OPERATION,
        client.statistics().groups([group]).send()
    );
    run!(
        ok,
        failed,
        at_home::AtHomeServerRequest::OPERATION,
        client.at_home().server(ch).send()
    );

    // ApiClient, Captcha, Legacy, Report, Settings, Upload, Forums.
    run!(
        ok,
        failed,
        ac::ListApiClients::OPERATION,
        client.api_clients().list().send()
    );
    run!(
        ok,
        failed,
        ac::CreateApiClient::OPERATION,
        client
            .api_clients()
            .create("my client", ApiClientProfile::Personal)
            .description("tests")
            .send()
    );
    run!(
        ok,
        failed,
        ac::GetApiClient::OPERATION,
        client.api_clients().get(any).send()
    );
    run!(
        ok,
        failed,
        ac::UpdateApiClient::OPERATION,
        client.api_clients().update(any, 1).description("d").send()
    );
    run!(
        ok,
        failed,
        ac::GetApiClientSecret::OPERATION,
        client.api_clients().secret(any).send()
    );
    run!(
        ok,
        failed,
        ac::RegenerateApiClientSecret::OPERATION,
        client.api_clients().regenerate_secret(any).send()
    );
    run!(
        ok,
        failed,
        ac::DeleteApiClient::OPERATION,
        client.api_clients().delete(any).version(1).send()
    );
    run!(
        ok,
        failed,
        captcha::SolveCaptcha::OPERATION,
        client.captcha().solve("challenge").send()
    );
    run!(
        ok,
        failed,
        legacy::LegacyMappingCall::OPERATION,
        client
            .legacy()
            .mapping(LegacyMappingType::Manga, [1, 2])
            .send()
    );
    run!(
        ok,
        failed,
        report::ReportReasons::OPERATION,
        client.report().reasons(ReportCategory::Manga).send()
    );
    run!(
        ok,
        failed,
        report::ListReports::OPERATION,
        client
            .report()
            .list()
            .category(ReportCategory::Manga)
            .send()
    );
    run!(
        ok,
        failed,
        report::CreateReport::OPERATION,
        client
            .report()
            .create(ReportCategory::Manga, any, m)
            .details("d")
            .send()
    );
    run!(
        ok,
        failed,
        settings::GetSettingsTemplate::OPERATION,
        client.settings().template().send()
    );
    run!(
        ok,
        failed,
        settings::CreateSettingsTemplate::OPERATION,
        client
            .settings()
            .create_template(serde_json::json!({"type": "object"}))
            .send()
    );
    run!(
        ok,
        failed,
        settings::GetSettingsTemplateVersion::OPERATION,
        client.settings().template_version("1").send()
    );
    run!(
        ok,
        failed,
        settings::GetSettings::OPERATION,
        client.settings().get().send()
    );
    run!(
        ok,
        failed,
        settings::UpdateSettings::OPERATION,
        client
            .settings()
            .update(serde_json::json!({}), time::OffsetDateTime::now_utc())
            .send()
    );
    run!(
        ok,
        failed,
        upload::CurrentUploadSession::OPERATION,
        client.upload().current().send()
    );
    // The session is the one to commit.
    let session = match client.upload().begin(m, [group]).send().await {
        Ok(session) => {
            ok.insert(key(&upload::BeginUpload::OPERATION));
            session.into_inner().id
        }
        Err(e) => {
            failed.insert(key(&upload::BeginUpload::OPERATION), e.to_string());
            any
        }
    };
    run!(
        ok,
        failed,
        upload::BeginEdit::OPERATION,
        client.upload().begin_edit(ch, ch_version).send()
    );
    run!(
        ok,
        failed,
        upload::UploadFiles::OPERATION,
        client
            .upload()
            .upload_files(any)
            .file("1.png", vec![1u8, 2])
            .file("2.jpg", vec![3u8])
            .send()
    );
    run!(
        ok,
        failed,
        upload::DeleteUploadedFile::OPERATION,
        client.upload().delete_file(any, any).send()
    );
    run!(
        ok,
        failed,
        upload::DeleteUploadedFiles::OPERATION,
        client.upload().delete_files(any, [any]).send()
    );
    run!(
        ok,
        failed,
        upload::CheckApprovalRequired::OPERATION,
        client
            .upload()
            .check_approval_required(m, Language::English)
            .send()
    );
    let draft = ChapterDraft {
        volume: None,
        chapter: Some("1".into()),
        title: None,
        translated_language: Language::English,
        external_url: None,
        publish_at: None,
    };
    run!(
        ok,
        failed,
        upload::CommitUpload::OPERATION,
        client
            .upload()
            .commit(session, draft, vec![any])
            .terms_accepted(true)
            .send()
    );
    run!(
        ok,
        failed,
        upload::AbandonUpload::OPERATION,
        client.upload().abandon(any).send()
    );
    run!(
        ok,
        failed,
        forums::CreateForumThread::OPERATION,
        client
            .forums()
            .create_thread(ForumThreadType::Manga, m)
            .send()
    );

    // Deletions and unfollows last.
    run!(
        ok,
        failed,
        manga::UnfollowManga::OPERATION,
        client.manga().unfollow(m).send()
    );
    run!(
        ok,
        failed,
        group::UnfollowGroup::OPERATION,
        client.group().unfollow(group).send()
    );
    run!(
        ok,
        failed,
        cover::DeleteCover::OPERATION,
        client.cover().delete(cover).send()
    );
    run!(
        ok,
        failed,
        chapter::DeleteChapter::OPERATION,
        client.chapter().delete(ch).send()
    );
    run!(
        ok,
        failed,
        author::DeleteAuthor::OPERATION,
        client.author().delete(author).send()
    );
    run!(
        ok,
        failed,
        group::DeleteGroup::OPERATION,
        client.group().delete(group).send()
    );
    run!(
        ok,
        failed,
        manga::DeleteManga::OPERATION,
        client.manga().delete(m).send()
    );
    run!(
        ok,
        failed,
        user::DeleteUser::OPERATION,
        client.user().delete(some_user).send()
    );
    run!(
        ok,
        failed,
        user::ConfirmUserDeletion::OPERATION,
        client.user().confirm_delete("code").send()
    );
    run!(
        ok,
        failed,
        auth::LegacyLogout::OPERATION,
        client.authentication().logout().send()
    );

    // Honesty: every operation counted was answered 2xx by the server, per its own log.
    let seen = answered(&server);
    let unlogged: Vec<_> = ok.difference(&seen).collect();
    assert!(
        unlogged.is_empty(),
        "counted but not in the server's log: {unlogged:?}"
    );

    let all = api::operations();
    println!(
        "exercised against the fake server (answered 2xx and decoded): {}/{}",
        ok.len(),
        all.len()
    );
    for (operation, error) in &failed {
        println!("  not exercised: {} {}: {error}", operation.0, operation.1);
    }
    // Every GET list endpoint (a page of results) is exercised.
    let lists: Vec<_> = all
        .iter()
        .filter(|o| o.method() == http::Method::GET && o.page_limit().is_some())
        .map(key)
        .collect();
    let missing: Vec<_> = lists.iter().filter(|o| !ok.contains(*o)).collect();
    assert!(
        missing.is_empty(),
        "GET list endpoints not exercised: {missing:?}"
    );
    println!(
        "GET list endpoints exercised: {}/{}",
        lists.len(),
        lists.len()
    );
    // Every GET at all, and everything else.
    let gets: Vec<_> = all
        .iter()
        .filter(|o| o.method() == http::Method::GET)
        .map(key)
        .collect();
    let missing_gets: Vec<_> = gets.iter().filter(|o| !ok.contains(*o)).collect();
    println!(
        "GET endpoints exercised: {}/{}",
        gets.len() - missing_gets.len(),
        gets.len()
    );
    assert!(
        missing_gets.is_empty(),
        "GET endpoints not exercised: {missing_gets:?}"
    );
    assert!(failed.is_empty(), "not exercised: {failed:#?}");
    assert_eq!(ok.len(), all.len(), "every operation exercised");
}
