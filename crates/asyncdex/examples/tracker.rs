//! A chapter tracker: the English chapters of the manga you follow that are new since its last
//! look, read with the feed's lazy pagination stream (`Paginated`: up to 500 chapters a
//! request, the next page fetched only when the stream reaches it).
//!
//! Without `ASYNCDEX_API_URL` in the environment it starts the embedded fake MangaDex
//! (`asyncdex_mock::MockServer`, on 127.0.0.1, no network), follows two of its manga, and
//! polls twice while the fake server's release clock moves forward. With it, it polls that
//! server once for the last week's chapters, logged in with the environment's credentials
//! (`MangadexClient::from_env`):
//!
//! ```sh
//! cargo run -p asyncdex --example tracker
//! ASYNCDEX_API_URL=https://api.mangadex.org ASYNCDEX_USERNAME=me ASYNCDEX_PASSWORD=... \
//!     cargo run -p asyncdex --example tracker
//! ```
//!
//! `cargo test -p asyncdex --examples` runs it too, always against the fake server.

use asyncdex::MangadexClient;
use asyncdex::api::ChapterOrder;
use asyncdex::futures_util::TryStreamExt;
use asyncdex::model::{Chapter, Language, OrderDirection, ReferenceExpansion};
use asyncdex::time::{Duration, OffsetDateTime};
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};

/// The English chapters of every followed manga created from `since` on, oldest first;
/// `since` moves past the newest one read, so the next poll lists only what came after.
async fn poll(
    client: &MangadexClient,
    since: &mut OffsetDateTime,
) -> asyncdex::Result<Vec<Chapter>> {
    let mut feed = client
        .feed()
        .followed_manga() // logs in once, with the client's credentials
        .translated_language([Language::English])
        .created_at_since(*since)
        .includes([ReferenceExpansion::Manga])
        .order(ChapterOrder::CreatedAt, OrderDirection::Ascending)
        .stream();
    let mut new = Vec::new();
    while let Some(chapter) = feed.try_next().await? {
        // `createdAtSince` counts whole seconds and includes its own.
        *since = chapter.attributes.created_at + Duration::SECOND;
        new.push(chapter);
    }
    if feed.is_truncated() {
        // Oldest first: the next poll reads on from where this one stopped.
        println!("more than the API's 10,000-result window; the rest next time");
    }
    Ok(new)
}

/// One line per chapter: its manga's title (expanded in the same answer), number and title.
fn print_chapters(chapters: &[Chapter]) {
    for chapter in chapters {
        let manga = chapter
            .manga()
            .and_then(|m| m.title_in(&[Language::English]));
        let number = chapter.attributes.chapter.as_deref().unwrap_or("oneshot");
        let title = chapter.attributes.title.as_deref().unwrap_or("");
        println!("  {} ch. {number}: {title}", manga.unwrap_or("?"));
    }
}

/// Follows two manga of the fake server and polls: first everything out so far (more than one
/// page), then only the chapter released since, then nothing.
async fn on_the_fake_server() -> asyncdex::Result<()> {
    let server = MockServer::start().await;
    let catalogue = server.catalogue();
    let showcase = catalogue.showcase_manga().id;
    let big = catalogue.big_feed_manga().id;
    // The fake server's release clock: its showcase series' chapter 12 is not out yet.
    let clock_end = OffsetDateTime::from_unix_timestamp(catalogue.clock_end()).unwrap();
    server.set_release_time(clock_end);

    let client = server
        .client_builder()
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .build()?;
    for manga in [showcase, big] {
        client.manga().follow(manga).send().await?;
    }
    let feed_requests = || {
        let requests = server.requests().into_iter();
        requests
            .filter(|r| r.path == "/user/follows/manga/feed")
            .count()
    };

    let mut since = OffsetDateTime::UNIX_EPOCH;
    let first = poll(&client, &mut since).await?;
    let end = clock_end.unix_timestamp();
    let english = [showcase, big]
        .into_iter()
        .flat_map(|id| catalogue.chapters_of(&id))
        .filter(|c| c.language == "en" && c.publish_at <= end);
    assert_eq!(first.len(), english.count());
    assert_eq!(
        feed_requests(),
        first.len().div_ceil(500),
        "one request per 500"
    );
    println!(
        "first poll: {} chapters in {} requests",
        first.len(),
        feed_requests()
    );

    // Chapter 12 comes out: the next poll lists it alone.
    server.set_release_time(clock_end + Duration::days(30));
    let second = poll(&client, &mut since).await?;
    print_chapters(&second);
    let group_a = catalogue.showcase().group_a;
    let twelve = catalogue
        .showcase_chapter("en", Some("12"), group_a)
        .unwrap();
    assert_eq!(second.iter().map(|c| c.id).collect::<Vec<_>>(), [twelve.id]);

    assert!(poll(&client, &mut since).await?.is_empty(), "nothing new");
    Ok(())
}

/// One poll of a real server: the last week's chapters.
async fn against(client: &MangadexClient) -> asyncdex::Result<()> {
    let mut since = OffsetDateTime::now_utc() - Duration::days(7);
    let new = poll(client, &mut since).await?;
    println!("{} new chapters this week", new.len());
    print_chapters(&new);
    Ok(())
}

#[tokio::main]
async fn main() -> asyncdex::Result<()> {
    match std::env::var_os("ASYNCDEX_API_URL") {
        Some(_) => against(&MangadexClient::from_env()?).await,
        None => on_the_fake_server().await,
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_tracker_lists_only_new_chapters() {
        super::on_the_fake_server().await.unwrap();
    }
}
