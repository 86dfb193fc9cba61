//! The fuzz targets of `fuzz/` (issue 8), deterministic and short, in the normal test suite:
//! each target runs over its committed seeds (`fuzz/seeds/<target>/`) and over a few thousand
//! inputs made from them by a seeded mutator.
//!
//! The seeds come from the fake server's real answers; regenerate them with
//! `cargo test --test hostile_fuzz_replay -- --ignored write_seeds`.

#[allow(unreachable_pub, dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

use asyncdex::MangadexClient;
use asyncdex_mock::{FaultKind, FaultPlan, MockServer};
use asyncdex_tower::ratelimit::Ratelimits;
use http::Method;

/// Mutated inputs per target.
const MUTATIONS: usize = 2_000;

fn seeds_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target)
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(seeds_dir(target))
        .unwrap_or_else(|error| panic!("fuzz/seeds/{target}: {error}"))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens worth splicing into JSON, headers, paths and queries.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"1e999",
    b"-9223372036854775809",
    b"18446744073709551616",
    b"NaN",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3\x28",
    b"\n",
    b"/",
    b"//",
    b"{id}",
    b"{}",
    b"%",
    b"%zz",
    b"?",
    b"#",
    b"&",
    b"=",
    b"[]",
    b"\"data\"",
    b"\"attributes\"",
    b"\"relationships\"",
    b"\"errors\"",
    b"\"id\"",
    b"\"00000000-0000-0000-0000-000000000000\"",
    b"\"2024-02-30T25:61:00+00:00\"",
    b"x-ratelimit-limit: ",
    b"retry-after: ",
    b"x-ratelimit-retry-after: ",
    b"date: ",
    b"Tue, 14 Nov 2023 22:13:20 GMT",
    b"99999999999999999999",
    b"\t",
    b" ",
];

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let index = rng.below(data.len());
                data[index] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            3 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(64)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
            4 if !data.is_empty() => {
                let index = rng.below(data.len());
                data[index] = rng.next() as u8;
            }
            _ => data.truncate(at),
        }
    }
    data
}

#[test]
fn every_target_survives_its_seeds_and_mutations() {
    for target in targets::TARGETS {
        let seeds = seeds(target);
        assert!(!seeds.is_empty(), "no seeds for {target}");
        for seed in &seeds {
            targets::run(target, seed);
        }
        let mut rng = Rng(0xF022 ^ target.len() as u64);
        for _ in 0..MUTATIONS {
            let input = &seeds[rng.below(seeds.len())];
            let other = &seeds[rng.below(seeds.len())];
            let mutated = mutate(&mut rng, input, other);
            targets::run(target, &mutated);
        }
    }
}

#[test]
fn the_seed_corpus_stays_small() {
    let total: usize = targets::TARGETS
        .iter()
        .map(|target| seeds(target).len())
        .sum();
    assert!(total < 100, "{total} seed files");
}

// ---------------------------------------------------------------------------------------------
// Writing the seeds from the fake server's answers.

fn write(target: &str, name: &str, data: &[u8]) {
    let dir = seeds_dir(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

/// The two status bytes of an `error_body` input for `status`.
fn status_bytes(status: u16) -> [u8; 2] {
    let n = status - 100;
    [(n / 256) as u8, (n % 256) as u8]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes fuzz/seeds/: run by hand when the fake server changes"]
async fn write_seeds() {
    let mock = MockServer::builder().global_limit(1000).start().await;
    let client = MangadexClient::builder()
        .api_url(mock.url())
        .credentials(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .ratelimits(Ratelimits::default().with_global(900, std::time::Duration::from_secs(1)))
        .build()
        .unwrap();
    let catalogue = mock.catalogue();
    let manga = catalogue.manga[0].id;
    let chapter = catalogue
        .chapters
        .iter()
        .find(|c| c.external_url.is_none())
        .unwrap()
        .id;
    let author = catalogue.authors[0].id;
    let group = catalogue.groups[0].id;
    let cover = catalogue.covers[0].id;
    let list = catalogue.lists[0].id;
    let bodies = [
        (
            "manga_list",
            "/manga?limit=3&includes[]=author&includes[]=cover_art".to_owned(),
        ),
        (
            "manga",
            format!("/manga/{manga}?includes[]=author&includes[]=artist"),
        ),
        ("manga_feed", format!("/manga/{manga}/feed?limit=3")),
        ("manga_aggregate", format!("/manga/{manga}/aggregate")),
        ("manga_random", "/manga/random".to_owned()),
        ("manga_tags", "/manga/tag".to_owned()),
        ("manga_relations", format!("/manga/{manga}/relation")),
        ("chapter", format!("/chapter/{chapter}")),
        ("chapter_list", "/chapter?limit=3".to_owned()),
        ("at_home", format!("/at-home/server/{chapter}")),
        ("author", format!("/author/{author}")),
        ("author_list", "/author?limit=3".to_owned()),
        ("group", format!("/group/{group}")),
        ("cover", format!("/cover/{cover}")),
        ("cover_list", "/cover?limit=3".to_owned()),
        ("list", format!("/list/{list}")),
        ("statistics_manga", format!("/statistics/manga/{manga}")),
        (
            "statistics_chapter",
            format!("/statistics/chapter/{chapter}"),
        ),
        ("user_me", "/user/me".to_owned()),
        ("user_follows", "/user/follows/manga?limit=3".to_owned()),
        ("reading_statuses", "/manga/status".to_owned()),
        ("read_markers", format!("/manga/{manga}/read")),
        ("ratings", format!("/rating?manga[]={manga}")),
        ("auth_check", "/auth/check".to_owned()),
        (
            "not_found",
            "/manga/00000000-0000-0000-0000-000000000000".to_owned(),
        ),
        ("bad_request", "/manga?limit=1000".to_owned()),
    ];
    for (name, url) in &bodies {
        let response = client.request(Method::GET, url).retries(0).send().await;
        let body = match response {
            Ok(response) => response.into_bytes().to_vec(),
            Err(error) => serde_json::to_vec(&serde_json::json!({
                "result": "error", "errors": error.api_errors(),
            }))
            .unwrap(),
        };
        write("model_decoding", &format!("{name}.json"), &body);
    }
    // A legacy login answer (tokens are the mock's, short-lived and fake).
    let login = client
        .request(Method::POST, "/auth/login")
        .json(&serde_json::json!({
            "username": asyncdex_mock::DEFAULT_USERNAME,
            "password": asyncdex_mock::DEFAULT_PASSWORD,
        }))
        .send()
        .await
        .unwrap();
    write("model_decoding", "legacy_login.json", login.bytes());

    // Error answers: real error bodies and the faults' pages, with their statuses.
    let errors: [(&str, u16, &str, Vec<u8>); 6] = [
        ("not_found", 404, "content-type: application/json", std::fs::read(seeds_dir("model_decoding").join("not_found.json")).unwrap()),
        ("bad_request", 400, "content-type: application/json", std::fs::read(seeds_dir("model_decoding").join("bad_request.json")).unwrap()),
        ("unauthorized", 401, "content-type: application/json", br#"{"result":"error","errors":[{"id":"9a1b","status":401,"title":"unauthorized_http_exception","detail":"Token expired","context":null}]}"#.to_vec()),
        ("ok", 200, "content-type: application/json", std::fs::read(seeds_dir("model_decoding").join("manga.json")).unwrap()),
        ("too_many", 429, "retry-after: 1\nx-ratelimit-limit: 40\nx-ratelimit-remaining: 0\nx-ratelimit-retry-after: 1700000060", br#"{"result":"error","errors":[{"id":"1","status":429,"title":"too_many_requests","detail":"Rate limit exceeded","context":null}]}"#.to_vec()),
        ("server_error", 500, "content-type: application/json", br#"{"result":"error","errors":[{"id":"2","status":500,"title":"internal_server_error","detail":"Injected fault","context":null}]}"#.to_vec()),
    ];
    for (name, status, headers, body) in errors {
        let mut data = status_bytes(status).to_vec();
        data.push(b'\n');
        data.extend_from_slice(headers.replace('\n', "\u{1}").as_bytes());
        data.push(b'\n');
        data.extend_from_slice(&body);
        write("error_body", &format!("{name}.bin"), &data);
    }
    // The faults' own answers, as the mock sends them.
    for (kind, status) in [
        (FaultKind::Captcha, 403),
        (FaultKind::HtmlForbidden, 403),
        (FaultKind::HtmlBadRequest, 400),
        (FaultKind::BadGateway, 502),
        (FaultKind::MalformedJson, 200),
    ] {
        mock.set_faults(FaultPlan::new().always(Method::GET, "/ping", kind));
        let raw = raw_get(mock.url(), "/ping").await;
        let (head, body) = raw.split_at(raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4);
        let headers: Vec<String> = std::str::from_utf8(head)
            .unwrap()
            .lines()
            .skip(1)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        let mut data = status_bytes(status).to_vec();
        data.push(b'\n');
        data.extend_from_slice(headers.join("\u{1}").as_bytes());
        data.push(b'\n');
        data.extend_from_slice(body);
        write("error_body", &format!("fault_{}.bin", kind.name()), &data);
    }
    mock.set_faults(FaultPlan::new());

    // Rate-limit headers from route-limited answers.
    for (name, path) in [
        ("at_home", format!("/at-home/server/{chapter}")),
        ("random", "/manga/random".to_owned()),
    ] {
        let raw = raw_get(mock.url(), &path).await;
        let head =
            std::str::from_utf8(&raw[..raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap()])
                .unwrap()
                .to_owned();
        let mut data = vec![60u8];
        for line in head.lines().skip(1) {
            data.extend_from_slice(line.as_bytes());
            data.push(b'\n');
        }
        write("ratelimit_headers", &format!("{name}.txt"), &data);
    }
    write(
        "ratelimit_headers",
        "retry_after_date.txt",
        b"\x3cretry-after: Tue, 14 Nov 2023 22:13:30 GMT\ndate: Tue, 14 Nov 2023 22:13:20 GMT\n",
    );
    write("ratelimit_headers", "absurd.txt", b"\x01x-ratelimit-limit: -3\nx-ratelimit-remaining: -99999999999\nx-ratelimit-retry-after: 1e308\nretry-after: NaN\n");

    // Routes: every operation of the mock's spec, as template and as a concrete path.
    let mut written = 0;
    for (index, (method, template)) in asyncdex_mock::operations().enumerate() {
        if index % 12 != 0 {
            continue;
        }
        let path = template.replace("{id}", &manga.to_string());
        let data = format!(
            "{}\n{template}\n{path}?limit=1\n{}",
            method_byte(method) as char,
            "/manga/[^/]+(/feed)?"
        );
        write(
            "route_matching",
            &format!("op_{written:02}.txt"),
            data.as_bytes(),
        );
        written += 1;
    }
    write(
        "route_matching",
        "upload_shared.txt",
        b"\x01\n/upload/begin/{id}\n/upload/begin/x/y\n/upload/begin(/[^/]+)?",
    );

    // Queries.
    for (name, data) in [
        (
            "plain",
            "/manga\ntitle\nFrieren\nincludes\ncreatedAt\ndesc\nauthor\u{1}cover_art\n\0",
        ),
        (
            "unicode",
            "https://api.example.org/x?y=1\ntítulo & co\nSōsō no Frieren/=?\nids[]\nfollowedCount\nasc\na b\u{1}\u{1}c%d\n\u{1}",
        ),
        ("empty", "\n\n\n\n\n\n\n"),
        (
            "odd_url",
            "javascript:alert(1)\n[k]\n#frag\nids\n]\n&\n=\n\u{2}",
        ),
    ] {
        write("query_encoding", &format!("{name}.txt"), data.as_bytes());
    }
}

fn method_byte(method: &str) -> u8 {
    match method {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "DELETE" => 3,
        _ => 4,
    }
}

/// One raw HTTP/1.1 GET, the whole answer as bytes (head and body).
async fn raw_get(base: &str, path: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let authority = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    answer
}
