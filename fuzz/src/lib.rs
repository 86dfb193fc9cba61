//! The bodies of the fuzz targets (issue 8), shared by `fuzz_targets/*.rs` (cargo-fuzz) and by
//! the deterministic replay in the root package's `tests/hostile_fuzz_replay.rs`, which
//! includes this file as a module.
//!
//! Each function takes arbitrary bytes, must never panic on them, and asserts the invariants
//! of what it exercises.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::Duration;

use asyncdex::{MangadexClient, RequestBody};
use asyncdex_tower::ratelimit::{Path, PathRatelimit, RatelimitHeaders, Ratelimits};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::Full;

/// The names of the fuzz targets, as in `fuzz/Cargo.toml` and `fuzz/seeds/<name>/`.
pub const TARGETS: [&str; 5] = [
    "ratelimit_headers",
    "route_matching",
    "query_encoding",
    "model_decoding",
    "error_body",
];

/// Runs the target called `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "ratelimit_headers" => ratelimit_headers(data),
        "route_matching" => route_matching(data),
        "query_encoding" => query_encoding(data),
        "model_decoding" => model_decoding(data),
        "error_body" => error_body(data),
        _ => panic!("no fuzz target {name:?}"),
    }
}

/// Splits `data` into at most `n` fields at `\n` (the last one keeps the rest).
fn fields(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |byte| *byte == b'\n').collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn method_of(bytes: &[u8]) -> Method {
    match bytes.first().copied().unwrap_or(0) % 8 {
        0 => Method::GET,
        1 => Method::POST,
        2 => Method::PUT,
        3 => Method::DELETE,
        4 => Method::PATCH,
        5 => Method::HEAD,
        6 => Method::OPTIONS,
        _ => Method::from_bytes(bytes).unwrap_or(Method::GET),
    }
}

/// A header map from `name: value` lines (ended by `\n` or `\x01`); lines that are not a valid header are skipped.
/// The first byte picks a rate-limit header name for lines without a colon, so that short
/// inputs reach the parser.
fn header_map(data: &[u8]) -> HeaderMap {
    const KNOWN: [&str; 5] = [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-retry-after",
        "retry-after",
        "date",
    ];
    let mut map = HeaderMap::new();
    for (index, line) in data.split(|byte| matches!(byte, b'\n' | 1)).enumerate() {
        let (name, value) = match line.iter().position(|byte| *byte == b':') {
            Some(colon) => (line[..colon].to_vec(), &line[colon + 1..]),
            None => (KNOWN[index % KNOWN.len()].as_bytes().to_vec(), line),
        };
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&name),
            HeaderValue::from_bytes(value),
        ) {
            map.append(name, value);
        }
    }
    map
}

// ---------------------------------------------------------------------------------------------

/// `RatelimitHeaders::parse` and `PathRatelimit::update` on arbitrary header maps.
///
/// Invariants: every wait is within the cap; a limit is positive; a rule corrected by the
/// headers still lets its next wait be finite and within the cap.
pub fn ratelimit_headers(data: &[u8]) {
    let cap = Duration::from_secs(u64::from(data.first().copied().unwrap_or(1)) * 60);
    let map = header_map(data.get(1..).unwrap_or_default());
    let parsed = RatelimitHeaders::parse(&map, cap);
    for wait in [parsed.window_end(), parsed.retry_after()]
        .into_iter()
        .flatten()
    {
        assert!(wait <= cap, "{wait:?} > {cap:?} for {map:?}");
    }
    assert_ne!(parsed.limit(), Some(0));
    let _ = format!("{parsed:?}");

    let mut rule = PathRatelimit::new(
        Path::new("fuzz", "/manga/{id}", Some(Method::GET)),
        40,
        Duration::from_secs(60),
    );
    rule.update(&map);
    assert!(rule.ratelimit_used() <= rule.ratelimit_amount().max(1) * 2);
    let _ = rule.time_until_expire();
    let _ = rule.ratelimit_expires();
}

/// The route matcher: `Path::new` (templates) and `Path::regex` on arbitrary strings, and
/// `Ratelimits::check` / `try_acquire` on arbitrary paths and methods.
///
/// Invariants: a template matches exactly what its own `path_regex()` matches; the rule
/// `check` returns applies to the request, and `check` finds a rule whenever one applies.
pub fn route_matching(data: &[u8]) {
    let parts = fields(data, 4);
    let method = method_of(parts.first().copied().unwrap_or_default());
    let template = text(parts.get(1).copied().unwrap_or_default());
    let path = text(parts.get(2).copied().unwrap_or_default());
    let pattern = text(parts.get(3).copied().unwrap_or_default());

    // A template against its own regular expression, on paths as requests have them (an
    // HTTP path always starts with `/`; the matcher also takes one without, the regex not).
    let by_template = Path::new("fuzz", &template, Some(method.clone()));
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    let regex = regex::Regex::new(by_template.path_regex());
    if let (Ok(regex), true) = (regex, bare.starts_with('/')) {
        assert_eq!(
            by_template.matches(&path, &method),
            regex.is_match(bare),
            "template {template:?} ({}) on {path:?}",
            by_template.path_regex()
        );
    }
    assert!(!by_template.matches(&path, &Method::from_bytes(b"FUZZ").unwrap()));

    // A regular expression, anchored whole.
    if pattern.len() <= 256
        && let Ok(by_regex) = Path::regex("fuzz", &pattern, None)
    {
        let _ = by_regex.matches(&path, &method);
        let _ = format!("{by_regex:?}");
    }

    // MangaDex's table: the rule found applies; a rule that applies is found.
    let limits = table();
    let (wait, rule) = limits.check(&path, &method);
    assert!(wait.is_none_or(|wait| wait <= Duration::from_secs(3600)));
    match rule {
        Some(rule) => assert!(
            rule.matches(&path, &method),
            "{rule:?} for {method} {path:?}"
        ),
        // (On `/` paths: `PathRatelimit::matches` also takes a path without its leading `/`,
        // the table's fast matcher does not; HTTP paths always have one.)
        None if bare.starts_with('/') => {
            let applies: Vec<_> = limits
                .ratelimit_dictionary()
                .into_iter()
                .filter(|rule| rule.matches(&path, &method))
                .collect();
            assert!(
                applies.is_empty(),
                "{method} {path:?} falls under {applies:?}"
            );
        }
        None => {}
    }
    // A rule of its own, alone and added to the table.
    let mut with_own = Ratelimits::default();
    with_own.add(PathRatelimit::new(
        by_template.clone(),
        3,
        Duration::from_secs(1),
    ));
    let (_, own) = with_own.check(&path, &method);
    if by_template.matches(&path, &method) && bare.starts_with('/') {
        assert!(
            own.is_some(),
            "template {template:?} matches {path:?} but no rule"
        );
    }
    let _ = with_own.try_acquire(&path, &method);
}

fn table() -> &'static Ratelimits {
    static TABLE: OnceLock<Ratelimits> = OnceLock::new();
    TABLE.get_or_init(|| Ratelimits::default().without_global())
}

// ---------------------------------------------------------------------------------------------

/// A client whose transport answers every request with its own URI as the body (status 200),
/// or with the status, headers and body given by [`ANSWER`]'s `respond` for `error_body`.
fn client() -> &'static (tokio::runtime::Runtime, MangadexClient) {
    static CLIENTS: OnceLock<(tokio::runtime::Runtime, MangadexClient)> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let transport = tower::service_fn(|request: Request<RequestBody>| async move {
            Ok::<_, Infallible>(answer(&request))
        });
        let client = MangadexClient::builder()
            .api_url("http://127.0.0.1:9")
            .ratelimits(Ratelimits::new([]).without_global())
            .retries(0)
            .max_body_size(MAX_BODY)
            .service(transport)
            .build()
            .unwrap();
        (runtime, client)
    })
}

/// The body cap of the fuzzing client.
const MAX_BODY: usize = 4096;

/// What the fake transport answers: `/echo` answers the request's URI; `/answer/<hex>` answers
/// the status, headers and body encoded in `<hex>` (see [`encode_answer`]).
fn answer(request: &Request<RequestBody>) -> Response<Full<Bytes>> {
    let path = request.uri().path();
    if let Some(hex) = path.strip_prefix("/answer/") {
        let raw = decode_hex(hex);
        let parts = fields(&raw, 3);
        let status = parts
            .first()
            .and_then(|s| s.first().zip(s.get(1)))
            .map_or(200, |(a, b)| {
                100 + (u16::from(*a) * 256 + u16::from(*b)) % 500
            });
        let mut response = Response::new(Full::new(Bytes::copy_from_slice(
            parts.get(2).copied().unwrap_or_default(),
        )));
        *response.status_mut() = StatusCode::from_u16(status.max(200)).unwrap_or(StatusCode::OK);
        *response.headers_mut() = header_map(parts.get(1).copied().unwrap_or_default());
        return response;
    }
    let uri = request.uri().to_string();
    Response::new(Full::new(Bytes::from(uri)))
}

fn decode_hex(hex: &str) -> Vec<u8> {
    hex.as_bytes()
        .chunks(2)
        .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

fn encode_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("zz");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    out
}

/// The query encoding of the public `RequestBuilder` (`param`, `params`, `order`), through a
/// transport that echoes the URI it got, and arbitrary URLs given to `request`.
///
/// Invariants: building never panics; a URL that is not a path or an http(s) URL is refused
/// as `InvalidInput` before anything is sent; the query that arrives decodes back to exactly
/// the pairs given, in order, whatever bytes they hold.
pub fn query_encoding(data: &[u8]) {
    let parts = fields(data, 8);
    let get = |index: usize| text(parts.get(index).copied().unwrap_or_default());
    let (key, value, array_key, field, direction) = (get(1), get(2), get(3), get(4), get(5));
    let values: Vec<String> = get(6).split('\u{1}').map(str::to_owned).collect();
    let (runtime, client) = client();

    let request = client
        .request(Method::GET, "/echo")
        .param(&key, &value)
        .params(&array_key, &values)
        .order(&field, &direction);
    let debug = format!("{request:?}");
    assert!(debug.contains("RequestBuilder"));
    let echoed = match runtime.block_on(request.send()) {
        // The echoed URI is over the client's 4 KiB body cap, or the URI over `http`'s 64 KiB
        // limit (refused before sending).
        Err(error) if error.is_body_too_large() || error.is_invalid_input() => return,
        result => result.expect("the echo transport answers every request"),
    };
    let uri: http::Uri = std::str::from_utf8(echoed.bytes())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(uri.path(), "/echo");
    let query = uri.query().unwrap_or_default();
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let array = if array_key.ends_with("[]") {
        array_key
    } else {
        format!("{array_key}[]")
    };
    let mut expected = vec![(key.into_bytes(), value.into_bytes())];
    for value in &values {
        expected.push((array.clone().into_bytes(), value.clone().into_bytes()));
    }
    expected.push((
        format!("order[{field}]").into_bytes(),
        direction.into_bytes(),
    ));
    assert_eq!(pairs, expected, "query {query:?}");

    // An arbitrary URL: sent with the parameter last in its query, or refused as invalid
    // input before anything is sent.
    let url = get(0);
    if url.contains("answer/") {
        return;
    }
    let method = method_of(parts.get(7).copied().unwrap_or_default());
    match runtime.block_on(client.request(method, &url).param("k", "v").send()) {
        Ok(echoed) => {
            let uri = String::from_utf8_lossy(echoed.bytes()).into_owned();
            assert!(uri.ends_with("k=v"), "{url:?} was sent as {uri:?}");
        }
        // Refused before sending, or an echo over the body cap.
        Err(error) if error.is_invalid_input() || error.is_body_too_large() => {}
        Err(error) => panic!("{url:?}: {error:?}"),
    }
}

// ---------------------------------------------------------------------------------------------

macro_rules! decode_all {
    ($data:expr; $($ty:ty),+ $(,)?) => {
        $(
            if let Ok(value) = serde_json::from_slice::<$ty>($data) {
                // What decodes encodes, and decodes again.
                let json = serde_json::to_vec(&value).expect(stringify!(encode $ty));
                let again = serde_json::from_slice::<$ty>(&json);
                assert!(again.is_ok(), "{} does not decode its own encoding {}: {:?}",
                    stringify!($ty), String::from_utf8_lossy(&json), again.err());
                let _ = format!("{value:?}");
            }
        )+
    };
}

/// `serde_json::from_slice::<T>` for every response type of `asyncdex::model` (and the error
/// body), on arbitrary bytes.
///
/// Invariants: no panic; what decodes serializes and decodes again.
pub fn model_decoding(data: &[u8]) {
    use asyncdex::model::*;
    decode_all!(data;
        EntityResponse<Manga>, CollectionResponse<Manga>, EntityResponse<Chapter>,
        CollectionResponse<Chapter>, EntityResponse<Author>, CollectionResponse<Author>,
        EntityResponse<CoverArt>, CollectionResponse<CoverArt>, EntityResponse<ScanlationGroup>,
        CollectionResponse<ScanlationGroup>, EntityResponse<CustomList>,
        CollectionResponse<CustomList>, EntityResponse<User>, CollectionResponse<User>,
        CollectionResponse<Tag>, EntityResponse<ApiClient>, CollectionResponse<ApiClient>,
        CollectionResponse<LegacyMapping>, CollectionResponse<MangaRelation>,
        CollectionResponse<Report>, CollectionResponse<ReportReason>,
        EntityResponse<UploadSession>, CollectionResponse<UploadSessionFile>,
        CollectionResponse<MangaRecommendation>, MangaAggregate, AtHomeServer,
        AuthCheck, LegacyLoginResponse, LegacyRefreshResponse, OAuthTokenResponse,
        OAuthErrorResponse, StatisticsResponse<MangaStatistics>,
        StatisticsResponse<ChapterStatistics>, StatisticsResponse<GroupStatistics>,
        RatingsResponse, ReadMarkersResponse, ReadingHistoryResponse, ReadingStatusesResponse,
        MangaReadingStatusResponse, UserSettings, SettingsTemplate, ForumThreadResponse,
        ApiClientSecret, ApprovalRequired, ResultOk, LocalizedString, Language,
        asyncdex::ApiError,
    );
}

// ---------------------------------------------------------------------------------------------

/// The error mapping of the facade: a fake transport answers arbitrary bytes with an arbitrary
/// status (100-599; informational ones become 200) and arbitrary headers, read with
/// `send_json` under a 4 KiB body cap.
///
/// Invariants: the typed error matches the status (2xx: success or `Decode`; 401:
/// `Unauthorized`; 403: `Captcha` or `Http`; 429: `Ratelimit`; other 4xx/5xx: `Http` with that
/// status); a body over the cap is `BodyTooLarge`; `Display` and `Debug` never panic.
pub fn error_body(data: &[u8]) {
    let (runtime, client) = client();
    let path = format!("/answer/{}", encode_hex(data));
    let result = runtime.block_on(
        client
            .request(Method::GET, &path)
            .send_json::<serde_json::Value>(),
    );
    let parts = fields(data, 3);
    let status = parts
        .first()
        .and_then(|s| s.first().zip(s.get(1)))
        .map_or(200, |(a, b)| {
            100 + (u16::from(*a) * 256 + u16::from(*b)) % 500
        })
        .max(200);
    let body_len = parts.get(2).map_or(0, |body| body.len());
    // Bodies are also parsed on their own, as the facade does for error answers.
    let _ = serde_json::from_slice::<asyncdex::ApiError>(parts.get(2).copied().unwrap_or_default());
    match result {
        Ok(value) => {
            assert!((200..300).contains(&status), "{status}: {value}");
            assert!(body_len <= MAX_BODY);
        }
        Err(error) => {
            let _ = (error.to_string(), format!("{error:?}"), error.status());
            if body_len > MAX_BODY {
                assert!(error.is_body_too_large(), "{status} {body_len}: {error:?}");
                return;
            }
            match status {
                200..=299 => assert!(error.is_decode(), "{status}: {error:?}"),
                401 => assert!(error.is_unauthorized(), "{status}: {error:?}"),
                403 => assert!(error.is_captcha() || error.is_http(), "{error:?}"),
                429 => assert!(error.is_ratelimit(), "{error:?}"),
                _ => assert_eq!(
                    error.status().map(|s| s.as_u16()),
                    Some(status),
                    "{error:?}"
                ),
            }
        }
    }
}
