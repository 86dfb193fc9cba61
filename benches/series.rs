//! Whole-series downloads and library sync against the fake MangaDex (`asyncdex-mock`) with
//! MangaDex's real limits, on the real clock, through the library API.
//!
//! 1. `download` table: the first N chapters (range `1-N`, CBZ per chapter) of the catalogue's
//!    big-feed manga (600 English chapters), N = 10, 45 and 120, each against a fresh mock with
//!    its default limits (5 requests/s global, `GET /at-home/server/{id}` 40 a minute, 429s
//!    counted by the server) and a fresh client with the default `Ratelimits`: wall time
//!    (plan + run), the bound those limits set, their ratio, 429s, at-home calls, API requests,
//!    pages, bytes. **Bound** `B(N) = U(N) + 60 s x (ceil(N / 40) - 1)`: each chapter costs one
//!    at-home call and a minute holds 40, so the last window's first call comes at least
//!    `ceil(N / 40) - 1` minutes after the job's first; `U(N)` is the median of 3 wall times
//!    of the same job restricted to the last window's chapters (the last
//!    `N - 40 (ceil(N / 40) - 1)`), same client configuration, fresh root, against a mock
//!    without limits: the plan and the time to the first at-home call before the wait, and
//!    the transfer of the last window after it. For N <= 40 it is the whole job.
//! 2. `re-run` rows: the same job planned and run again on the complete root, same server:
//!    API requests by route, at-home calls (must be 0).
//! 3. `sync` tables: a library of 100 series (chapter range `1-1`, built against a mock without
//!    limits with the release clock at `T0`), synced against a fresh mock with the real limits
//!    and the default client: up to date, then with the release clock moved on so that new
//!    chapters appear: API requests (by route), at-home calls, new chapters. Twice: series
//!    downloaded one by one (`sync`, each checked by its `latestUploadedChapter`), and the
//!    user's followed feed (`followed_series`, then `sync --followed`: the feed pages alone).
//!
//! The mocks run in this process on a runtime of their own; their request logs give the
//! counts and the arrival times.
//!
//! Run: `cargo bench --bench series` (about 5 minutes, mostly the at-home limit's minutes;
//! `SERIES_N=10,45` picks the sizes; the tables are saved to `target/series-bench.md`); 429s
//! are recorded there, not asserted. Under `cargo test --benches` it downloads N = 3 from a
//! roomy mock and syncs a 5-series library, asserting counts only: 0 429s, a re-run without
//! at-home calls, a one-request sync when nothing is new, no at-home call from a sync.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::series::{Filters, Format, SeriesJob, SeriesSummary};
use asyncdex_mock::catalogue::{ChapterRecord, MangaRecord};
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, Listener, MockServer};
use asyncdex_tower::ratelimit::{PathRatelimit, Ratelimits};
use tokio::time::Instant;

/// One at-home window: MangaDex allows 40 `GET /at-home/server/{id}` a minute.
const WINDOW_CALLS: usize = 40;
const WINDOW: Duration = Duration::from_secs(60);
const DAY: i64 = 86_400;

/// A directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("asyncdex-bench-series-{}-{tag}-{n}", std::process::id());
        let path = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Limits {
    /// The mock's defaults: MangaDex's limits.
    Real,
    /// 400 requests/s global, the route table on (40 at-home calls a minute).
    Roomy,
    /// None at all.
    Off,
}

/// The mocks run on a runtime of their own (two workers), as a remote server would: on the
/// client's runtime, a worker busy hashing or packing pages delays the server's reading of a
/// request, which bunches arrivals more than the network would.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime")
    })
}

async fn mock(limits: Limits) -> MockServer {
    let builder = MockServer::builder();
    let builder = match limits {
        Limits::Real => builder,
        Limits::Roomy => builder.global_limit(400),
        Limits::Off => builder.no_global_limit().route_limits(false),
    };
    server_runtime()
        .spawn(builder.start())
        .await
        .expect("mock start")
}

fn client(server: &MockServer, limits: Ratelimits) -> MangadexClient {
    MangadexClient::builder()
        .api_url(server.url())
        .ratelimits(limits)
        .build()
        .expect("client")
}

/// A client logged in as the mock's user (OAuth on the mock's auth host), which follows
/// every manga of `series` on `server` (those follow calls are made here, before any
/// measurement).
async fn follower(
    server: &MockServer,
    limits: Ratelimits,
    series: &[(MangaRecord, i64)],
) -> MangadexClient {
    let client = MangadexClient::builder()
        .api_url(server.url())
        .auth_url(server.auth_url())
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .ratelimits(limits)
        .build()
        .expect("client");
    for (manga, _) in series {
        client
            .manga()
            .follow(manga.id)
            .send()
            .await
            .expect("follow");
    }
    client
}

/// The API requests the server logged, by route (ids replaced by `{id}`).
fn api_routes(server: &MockServer) -> BTreeMap<String, usize> {
    let mut routes = BTreeMap::new();
    for request in server.requests() {
        if request.listener != Listener::Api {
            continue;
        }
        let route: Vec<&str> = request
            .path
            .split('/')
            .map(|s| {
                if s.len() == 36 && s.matches('-').count() == 4 {
                    "{id}"
                } else {
                    s
                }
            })
            .collect();
        *routes.entry(route.join("/")).or_insert(0) += 1;
    }
    routes
}

fn at_home_calls(routes: &BTreeMap<String, usize>) -> usize {
    routes.get("/at-home/server/{id}").copied().unwrap_or(0)
}

fn show(routes: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = routes.iter().map(|(r, n)| format!("`{r}` {n}")).collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

/// One series job, planned and run.
struct Job {
    wall: Duration,
    /// From the job's start to its first at-home call's arrival at the server.
    to_first_at_home: Option<Duration>,
    /// Every accepted at-home call's arrival, from the job's start, in order.
    at_home: Vec<Duration>,
    planned: usize,
    summary: SeriesSummary,
    routes: BTreeMap<String, usize>,
}

async fn job(
    server: &MockServer,
    client: &MangadexClient,
    root: &Path,
    manga: &MangaRecord,
    range: &str,
) -> Job {
    server.clear_requests();
    let filters = Filters {
        chapters: Some(range.parse().expect("range")),
        ..Filters::default()
    };
    let start = Instant::now();
    let plan = client
        .series(manga.id)
        .root(root)
        .filters(filters)
        .format(Format::Cbz)
        .plan()
        .await
        .expect("plan");
    let planned = plan.chapter_count();
    let summary = plan
        .download(client)
        .report_url(server.report_url())
        .uploads_url(format!("{}/covers", server.uploads_url()))
        .run()
        .await
        .expect("run");
    let wall = start.elapsed();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let mut at_home: Vec<Duration> = server
        .requests()
        .iter()
        .filter(|r| r.listener == Listener::Api && r.path.starts_with("/at-home/server/"))
        .filter(|r| r.status == Some(200))
        .map(|r| r.at.saturating_duration_since(start))
        .collect();
    at_home.sort_unstable();
    let routes = api_routes(server);
    Job {
        wall,
        to_first_at_home: at_home.first().copied(),
        at_home,
        planned,
        summary,
        routes,
    }
}

/// The English chapters of `manga` numbered 1 to `n`: checks they are `n` distinct numbers,
/// each with pages and none external, and returns their page count.
fn check_range(chapters: &[ChapterRecord], n: usize) -> u64 {
    let inside: Vec<&ChapterRecord> = chapters
        .iter()
        .filter(|c| c.language == "en")
        .filter(|c| {
            let number = c.chapter.as_deref().and_then(|s| s.parse::<f64>().ok());
            number.is_some_and(|x| (1.0..=n as f64).contains(&x))
        })
        .collect();
    let mut numbers: Vec<&str> = inside.iter().filter_map(|c| c.chapter.as_deref()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!((inside.len(), numbers.len()), (n, n), "1-{n}: {numbers:?}");
    assert!(
        inside
            .iter()
            .all(|c| c.pages > 0 && c.external_url.is_none())
    );
    inside.iter().map(|c| u64::from(c.pages)).sum()
}

struct Row {
    n: usize,
    reference: Job,
    bound: Duration,
    violations: u64,
    banned: u64,
    job: Job,
    rerun: Job,
}

/// The bound's reference: the median (by wall time) of `runs` jobs of the last window's
/// chapters against a mock without limits.
async fn reference(manga: &MangaRecord, n: usize, runs: usize) -> Job {
    let windows = n.div_ceil(WINDOW_CALLS);
    let first = WINDOW_CALLS * (windows - 1) + 1;
    let mut jobs = Vec::new();
    for _ in 0..runs {
        let server = mock(Limits::Off).await;
        let client = client(&server, Ratelimits::default());
        let dir = TempDir::new("reference");
        let job = job(&server, &client, &dir.0, manga, &format!("{first}-{n}")).await;
        assert_eq!(
            job.summary.chapters,
            n + 1 - first,
            "the last window's chapters"
        );
        jobs.push(job);
    }
    jobs.sort_by_key(|j| j.wall);
    jobs.swap_remove(jobs.len() / 2)
}

async fn download_row(n: usize, limits: Limits, reference_runs: usize) -> Row {
    let server = mock(limits).await;
    let manga = server.catalogue().big_feed_manga().clone();
    let pages = check_range(server.catalogue().chapters_of(&manga.id), n);
    let reference = reference(&manga, n, reference_runs).await;
    let windows = u32::try_from(n.div_ceil(WINDOW_CALLS)).expect("windows");
    let bound = reference.wall + WINDOW * (windows - 1);
    let client = client(&server, Ratelimits::default());
    let dir = TempDir::new("download");
    let job = job(&server, &client, &dir.0, &manga, &format!("1-{n}")).await;
    let counters = server.counters();
    let rerun = self::job(&server, &client, &dir.0, &manga, &format!("1-{n}")).await;
    assert_eq!((job.summary.chapters, job.planned), (n, n));
    assert_eq!(job.summary.pages as u64, pages, "every page of the range");
    if limits == Limits::Roomy {
        // The real limits' runs record their 429s instead.
        assert_eq!(counters.violations, 0, "the server sent 429s");
    }
    assert_eq!(
        at_home_calls(&rerun.routes),
        0,
        "a re-run asked for at-home servers"
    );
    assert_eq!(rerun.summary.chapters, 0);
    Row {
        n,
        reference,
        bound,
        violations: counters.violations,
        banned: counters.banned_requests,
        job,
        rerun,
    }
}

/// The accepted at-home calls in each of the server's fixed windows (a window opens with the
/// first call after the previous one ended).
fn per_window(at_home: &[Duration]) -> String {
    let mut counts: Vec<(Duration, usize)> = Vec::new();
    for &at in at_home {
        match counts.last_mut() {
            Some((start, count)) if at < *start + WINDOW => *count += 1,
            _ => counts.push((at, 1)),
        }
    }
    let counts: Vec<String> = counts.iter().map(|(_, n)| n.to_string()).collect();
    counts.join(" / ")
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn download_table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| N | wall (plan + run) | U(N): reference | of which to 1st at-home | bound B(N) | wall / bound | 429s (banned) | at-home calls | accepted per server window | API requests | pages | bytes |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n",
    );
    for r in rows {
        let api: usize = r.job.routes.values().sum();
        let first = r.reference.to_first_at_home.unwrap_or_default();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | **{:.4}** | {} ({}) | {} | {} | {} | {} | {} |",
            r.n,
            secs(r.job.wall),
            secs(r.reference.wall),
            secs(first),
            secs(r.bound),
            r.job.wall.as_secs_f64() / r.bound.as_secs_f64(),
            r.violations,
            r.banned,
            at_home_calls(&r.job.routes),
            per_window(&r.job.at_home),
            api,
            r.job.summary.pages,
            r.job.summary.bytes,
        );
    }
    t.push_str("\n| N | re-run: API requests by route | at-home calls | chapters planned | wall |\n|---:|---|---:|---:|---:|\n");
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} |",
            r.n,
            show(&r.rerun.routes),
            at_home_calls(&r.rerun.routes),
            r.rerun.planned,
            secs(r.rerun.wall),
        );
    }
    t
}

/// The first `count` manga (by the publication of their English chapter 1) that have one,
/// with pages, and a rating the default filter takes.
fn library_candidates(server: &MockServer, count: usize) -> Vec<(MangaRecord, i64)> {
    let catalogue = server.catalogue();
    let mut found: Vec<(MangaRecord, i64)> = catalogue
        .manga
        .iter()
        .filter(|m| m.content_rating != "pornographic")
        .filter_map(|m| {
            let first = catalogue
                .chapters_of(&m.id)
                .iter()
                .find(|c| c.language == "en" && c.chapter.as_deref() == Some("1") && c.pages > 0)?;
            first
                .external_url
                .is_none()
                .then(|| (m.clone(), first.publish_at))
        })
        .collect();
    found.sort_by_key(|(_, at)| *at);
    found.truncate(count);
    assert_eq!(found.len(), count, "manga with an English chapter 1");
    found
}

/// What changed in the catalogue for these series between two release times: new chapters
/// (English, any language) and series with any new chapter.
fn news(
    server: &MockServer,
    series: &[(MangaRecord, i64)],
    after: i64,
    upto: i64,
) -> (usize, usize, usize) {
    let (mut english, mut any, mut changed) = (0, 0, 0);
    for (m, _) in series {
        let new: Vec<&ChapterRecord> = server
            .catalogue()
            .chapters_of(&m.id)
            .iter()
            .filter(|c| c.publish_at > after && c.publish_at <= upto)
            .collect();
        english += new.iter().filter(|c| c.language == "en").count();
        any += new.len();
        changed += usize::from(!new.is_empty());
    }
    (english, any, changed)
}

struct SyncRow {
    step: String,
    new: (usize, usize, usize),
    wall: Duration,
    planned: usize,
    routes: BTreeMap<String, usize>,
}

async fn sync_once(
    server: &MockServer,
    client: &MangadexClient,
    root: &Path,
    followed: bool,
) -> (Duration, usize, BTreeMap<String, usize>) {
    server.clear_requests();
    let start = Instant::now();
    let plan = client
        .sync(root)
        .followed(followed)
        .plan()
        .await
        .expect("sync plan");
    let planned = plan.chapter_count();
    let summary = plan
        .download(client)
        .report_url(server.report_url())
        .run()
        .await
        .expect("sync run");
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    (start.elapsed(), planned, api_routes(server))
}

/// Sets a mock's release clock to a UNIX time.
type Release<'a> = &'a dyn Fn(&MockServer, i64);

/// Builds the library (chapter range `1-1`, folders) against a mock without limits whose
/// release clock is at `t0`: series by series, or (`followed`) as the user's followed feed.
async fn build_library(
    root: &Path,
    series: &[(MangaRecord, i64)],
    release: Release<'_>,
    t0: i64,
    followed: bool,
) {
    let server = mock(Limits::Off).await;
    release(&server, t0);
    let unlimited = || Ratelimits::new(Vec::<PathRatelimit>::new()).without_global();
    if followed {
        let client = follower(&server, unlimited(), series).await;
        let summary = first_chapters(&server, &client, client.followed_series(), root).await;
        assert_eq!(summary.chapters, series.len(), "one chapter 1 per series");
        return;
    }
    let client = client(&server, unlimited());
    for (manga, _) in series {
        let summary = first_chapters(&server, &client, client.series(manga.id), root).await;
        assert_eq!(summary.chapters, 1, "{}", manga.title);
    }
}

/// Plans `job` for chapter 1 into `root` and runs it against `server`'s report host.
async fn first_chapters(
    server: &MockServer,
    client: &MangadexClient,
    job: SeriesJob,
    root: &Path,
) -> SeriesSummary {
    let plan = job
        .root(root)
        .filters(first_chapter())
        .plan()
        .await
        .expect("plan");
    plan.download(client)
        .report_url(server.report_url())
        .run()
        .await
        .expect("run")
}

fn first_chapter() -> Filters {
    Filters {
        chapters: Some("1-1".parse().expect("range")),
        ..Filters::default()
    }
}

/// Syncs a library of `count` series (`followed`: the user's followed feed, synced with
/// `--followed`): up to date at `t0`, then at later release times. The rows, and the 429s the
/// syncs' server sent.
async fn sync_rows(
    count: usize,
    steps: &[(&str, i64)],
    limits: Limits,
    followed: bool,
) -> (Vec<SyncRow>, u64) {
    let server = mock(limits).await;
    let series = library_candidates(&server, count);
    let t0 = series.last().expect("series").1;
    // The release clock takes an `OffsetDateTime`: one comes from a planned chapter whose
    // UNIX time the catalogue gives.
    let probe = TempDir::new("probe");
    let probe_client = client(&server, Ratelimits::default());
    let plan = probe_client
        .series(series[0].0.id)
        .root(&probe.0)
        .filters(first_chapter())
        .plan()
        .await
        .expect("plan");
    let base = plan.series[0].chapters[0].publish_at;
    let release = move |server: &MockServer, unix: i64| {
        let after = u64::try_from(unix - base.unix_timestamp()).expect("after the base");
        server.set_release_time(base + Duration::from_secs(after));
    };
    drop(probe_client);
    let dir = TempDir::new("library");
    build_library(&dir.0, &series, &release, t0, followed).await;
    // A fresh mock (the real limits under `cargo bench`) and the default client.
    let server = mock(limits).await;
    release(&server, t0);
    let client = if followed {
        follower(&server, Ratelimits::default(), &series).await
    } else {
        client(&server, Ratelimits::default())
    };
    let mut rows = Vec::new();
    let mut now = t0;
    for &(step, after_t0) in steps {
        let at = t0 + after_t0;
        release(&server, at);
        let new = news(&server, &series, now, at);
        now = at;
        let (wall, planned, routes) = sync_once(&server, &client, &dir.0, followed).await;
        assert_eq!(
            at_home_calls(&routes),
            0,
            "a sync of 1-1 series asked for at-home servers"
        );
        assert_eq!(planned, 0);
        if followed {
            let feed_pages = new.0.div_ceil(500).max(1);
            assert_eq!(routes.values().sum::<usize>(), feed_pages, "{routes:?}");
        } else if new.2 == 0 {
            assert_eq!(
                routes.values().sum::<usize>(),
                count.div_ceil(100),
                "{routes:?}"
            );
        }
        rows.push(SyncRow {
            step: step.to_owned(),
            new,
            wall,
            planned,
            routes,
        });
    }
    (rows, server.counters().violations)
}

fn sync_table(count: usize, followed: bool, rows: &[SyncRow]) -> String {
    let kind = if followed { "followed" } else { "listed" };
    let mut t = format!(
        "| {count} {kind} series, release clock | new chapters: English (any language) | series with a new chapter | API requests | allowed: ceil(new English / 100) + 1 | by route | at-home calls | chapters planned | wall |\n|---|---:|---:|---:|---:|---|---:|---:|---:|\n"
    );
    for r in rows {
        let (english, any, changed) = r.new;
        let _ = writeln!(
            t,
            "| {} | {english} ({any}) | {changed} | **{}** | {} | {} | {} | {} | {} |",
            r.step,
            r.routes.values().sum::<usize>(),
            english.div_ceil(100) + 1,
            show(&r.routes),
            at_home_calls(&r.routes),
            r.planned,
            secs(r.wall),
        );
    }
    t
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let sizes: Vec<usize> = match std::env::var("SERIES_N") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("SERIES_N"))
            .collect(),
        Err(_) if full => vec![10, 45, 120],
        Err(_) => vec![3],
    };
    let (limits, reference_runs, library) = if full {
        (Limits::Real, 3, 100)
    } else {
        (Limits::Roomy, 1, 5)
    };
    let steps = [
        ("T0 (up to date)", 0),
        ("T0 + 1 day", DAY),
        ("T0 + 7 days", 7 * DAY),
        ("T0 + 30 days", 30 * DAY),
        ("T0 + 30 days (up to date again)", 30 * DAY),
        ("T0 + 365 days", 365 * DAY),
    ];
    let report = runtime.block_on(async {
        let mut rows = Vec::new();
        for &n in &sizes {
            rows.push(download_row(n, limits, reference_runs).await);
        }
        let (sync, sync_429s) = sync_rows(library, &steps, limits, false).await;
        let (followed, followed_429s) = sync_rows(library, &steps, limits, true).await;
        if !full {
            assert_eq!(sync_429s + followed_429s, 0, "the server sent 429s to the syncs");
        }
        format!(
            "load average at start: {}\n\n{}\n{}\n{}\n429s sent to the syncs: {sync_429s}, {followed_429s}\n",
            load.trim(),
            download_table(&rows),
            sync_table(library, false, &sync),
            sync_table(library, true, &followed)
        )
    });
    println!("\n{report}");
    if full {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/series-bench.md");
        let _ = std::fs::write(&path, &report);
        println!("saved to {}", path.display());
    }
}
