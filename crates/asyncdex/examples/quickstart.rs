//! The quick start: the `MangadexClient` facade. Builds a client, searches manga, lists the
//! first English chapters of the first result, and handles an error with the `is_*()`
//! predicates.
//!
//! Without `ASYNCDEX_API_URL` in the environment it starts the embedded fake MangaDex
//! (`asyncdex_mock::MockServer`, on 127.0.0.1, no network) and runs against it; with it, it
//! runs against that server with the environment's settings (`MangadexClient::from_env`):
//!
//! ```sh
//! cargo run -p asyncdex --example quickstart
//! ASYNCDEX_API_URL=https://api.mangadex.org cargo run -p asyncdex --example quickstart
//! ```
//!
//! `cargo test -p asyncdex --examples` runs it too, always against the fake server.

use asyncdex::MangadexClient;
use asyncdex::api::ChapterOrder;
use asyncdex::model::{Language, OrderDirection, ReferenceExpansion};
use asyncdex::uuid::Uuid;
use asyncdex_mock::MockServer;

/// A word in many titles, on MangaDex and on the fake server alike.
const QUERY: &str = "Dragon";

/// Searches manga, lists chapters of the first one found, and asks for a manga that does not
/// exist.
async fn quickstart(client: &MangadexClient) -> asyncdex::Result<()> {
    // One page of results, each manga with its authors in the same answer.
    let found = client
        .manga()
        .search()
        .title(QUERY)
        .includes([ReferenceExpansion::Author])
        .limit(5)
        .send()
        .await?;
    let manga = found.data.first().expect("the search found nothing");
    let title = manga.title_in(&[Language::English]).unwrap_or("untitled");
    let authors: Vec<&str> = manga.authors().map(|(_, a)| a.name.as_str()).collect();
    println!("{} results; the first: {title} by {authors:?}", found.total);

    // Its first English chapters, in reading order.
    let chapters = client
        .manga()
        .feed(manga.id)
        .translated_language([Language::English])
        .order(ChapterOrder::Chapter, OrderDirection::Ascending)
        .limit(10)
        .send()
        .await?;
    for chapter in &chapters.data {
        assert_eq!(
            chapter.manga_id(),
            Some(manga.id),
            "a chapter of another manga"
        );
        assert_eq!(chapter.attributes.translated_language, Language::English);
        let number = chapter.attributes.chapter.as_deref().unwrap_or("oneshot");
        println!("  ch. {number}: {:?}", chapter.attributes.title);
    }

    // Errors are typed: ask them what happened instead of parsing messages.
    match client.manga().get(Uuid::nil()).send().await {
        Err(error) if error.is_not_found() => println!("no manga has the nil id: {error}"),
        Err(error) if error.is_ratelimit() => println!("rate-limited, try later: {error}"),
        Err(error) => return Err(error),
        Ok(answer) => panic!("a manga with the nil id: {}", answer.data.id),
    }
    Ok(())
}

/// The quick start against a fresh fake server, which then saw one request per call: no
/// login (the client is anonymous) and no retry.
async fn on_the_fake_server() -> asyncdex::Result<()> {
    let server = MockServer::start().await;
    quickstart(&server.client_builder().build()?).await?;
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert_eq!(paths[0], "/manga");
    assert!(paths[1].ends_with("/feed"), "{paths:?}");
    assert_eq!(paths[2], format!("/manga/{}", Uuid::nil()));
    Ok(())
}

#[tokio::main]
async fn main() -> asyncdex::Result<()> {
    match std::env::var_os("ASYNCDEX_API_URL") {
        Some(_) => quickstart(&MangadexClient::from_env()?).await,
        None => on_the_fake_server().await,
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_quick_start_runs_against_the_fake_server() {
        super::on_the_fake_server().await.unwrap();
    }
}
