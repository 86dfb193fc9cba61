//! The interleaved load measurement shared by the stack benches: several HTTP clients
//! ("contenders") take turns sending requests back to back from N tasks, one round each, the
//! order rotating every round so that a noisy neighbour hurts each alike. Per contender: the
//! median throughput of its rounds, the median client CPU per request, and p50/p99 of every
//! request's latency, each also as a ratio to a baseline contender; and the median of its
//! round-by-round throughput ratios to the baseline ("paired").

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

type BoxedFetch = Pin<Box<dyn Future<Output = usize> + Send>>;
type Fetch = Arc<dyn Fn() -> BoxedFetch + Send + Sync>;

/// One client under comparison: a name and how to build it (see [`Contender::new`]). Every
/// contender pays the same boxed future per request.
#[derive(Clone)]
pub(crate) struct Contender {
    pub(crate) name: &'static str,
    build: Arc<dyn Fn() -> Instance + Send + Sync>,
}

/// A client ready to send: "send one request, read the whole body, return its length".
#[derive(Clone)]
pub(crate) struct Instance(Fetch);

impl Contender {
    /// A new client, with new connections, for every round of the interleaved table: how
    /// fast one set of connections happens to be (where the kernel placed their buffers, which
    /// worker their tasks landed on) is then drawn again each round and falls out of the
    /// median, instead of being fixed for the whole table. `build` runs inside the client
    /// runtime.
    pub(crate) fn new<B, F, Fut>(name: &'static str, build: B) -> Self
    where
        B: Fn() -> F + Send + Sync + 'static,
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = usize> + Send + 'static,
    {
        Self {
            name,
            build: Arc::new(move || Instance::new(build())),
        }
    }

    /// A new client to send through.
    pub(crate) fn instance(&self) -> Instance {
        (self.build)()
    }
}

impl Instance {
    fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = usize> + Send + 'static,
    {
        Self(Arc::new(move || Box::pin(fetch())))
    }
}

/// The baseline: hyper-util's legacy client on a plain `HttpConnector` (TCP_NODELAY on,
/// like the stack's transport) sending `GET uri`, a new one for every round.
pub(crate) fn raw_hyper(name: &'static str, uri: &http::Uri) -> Contender {
    let uri = uri.clone();
    Contender::new(name, move || {
        let raw: crate::server::RawClient = crate::server::raw_client();
        let uri = uri.clone();
        move || {
            let response = raw.get(uri.clone());
            async move { crate::server::read_raw(response).await }
        }
    })
}

/// When the tasks stop taking new requests.
#[derive(Clone, Copy)]
pub(crate) enum Stop {
    /// After this many requests in all.
    Count(u64),
    /// At this instant.
    At(Instant),
}

/// `concurrency` tasks sending requests back to back until `stop`, each checking that the
/// body is `expected_len` long; returns the wall time and, if `record`, every request's
/// latency.
pub(crate) async fn drive(
    client: &Instance,
    concurrency: usize,
    stop: Stop,
    record: bool,
    expected_len: usize,
) -> (Duration, Vec<Duration>) {
    let taken = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let fetch = Arc::clone(&client.0);
            let taken = Arc::clone(&taken);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let go = match stop {
                        Stop::Count(total) => taken.fetch_add(1, Ordering::Relaxed) < total,
                        Stop::At(deadline) => Instant::now() < deadline,
                    };
                    if !go {
                        break;
                    }
                    let sent = Instant::now();
                    let len = fetch().await;
                    let latency = sent.elapsed();
                    assert_eq!(len, expected_len);
                    if record {
                        latencies.push(latency);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("bench task"));
    }
    (start.elapsed(), latencies)
}

/// The clients' runtime: two workers, like the server's, on this 2-core machine.
pub(crate) fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime")
}

/// What each side has used so far: the client is every thread of this process other than
/// the server's (the client runtime's workers and the main thread).
#[derive(Clone, Copy)]
struct Usage {
    /// The client's CPU time, from `/proc/self/task/*/schedstat`, in nanoseconds.
    total: u64,
    /// The user-space part, from `/proc/self/task/*/stat` (in clock ticks of 10 ms: fine
    /// enough over a round of thousands of requests), in nanoseconds.
    user: u64,
    /// Times a thread went to sleep and was woken again (voluntary context switches, from
    /// `/proc/self/task/*/status`): the cross-thread wake-ups a request costs.
    sleeps: u64,
    /// Times a thread was taken off its core while it could still run (involuntary context
    /// switches): preempted, most often for the server's threads.
    preempted: u64,
    /// All CPU time of the server's threads, in nanoseconds: with the client's, what a
    /// request costs the machine (both share its cores).
    server: u64,
}

fn usage() -> Usage {
    let mut usage = Usage {
        total: 0,
        user: 0,
        sleeps: 0,
        preempted: 0,
        server: 0,
    };
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        let schedstat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        let cpu = schedstat
            .split_whitespace()
            .next()
            .and_then(|field| field.parse::<u64>().ok())
            .unwrap_or(0);
        if comm.starts_with("bench-server") {
            usage.server += cpu;
            continue;
        }
        usage.total += cpu;
        // `utime` is the 14th field; the 2nd (the name, in parentheses) may hold spaces.
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        usage.user += after_name
            .split_whitespace()
            .nth(11)
            .and_then(|field| field.parse::<u64>().ok())
            .map_or(0, |ticks| ticks * 10_000_000);
        let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
        usage.sleeps += status_count(&status, "voluntary_ctxt_switches:");
        usage.preempted += status_count(&status, "nonvoluntary_ctxt_switches:");
    }
    usage
}

/// The number on the line of `/proc/*/status` that starts with `key`, or 0.
fn status_count(status: &str, key: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// How the interleaved measurement runs.
pub(crate) struct Plan<'a> {
    pub(crate) concurrency: &'a [usize],
    pub(crate) rounds: usize,
    pub(crate) round: Duration,
    /// The contender every ratio is taken against.
    pub(crate) baseline: &'static str,
    pub(crate) expected_len: usize,
    /// Runs after each turn, once its client is dropped: waits until the server has seen
    /// that client's connections closed, so the next turn does not pay for them.
    pub(crate) settle: &'a dyn Fn(),
}

#[derive(Default)]
struct Figures {
    /// Requests per second of each round.
    rates: Vec<f64>,
    /// Client-side CPU time per request of each round, in microseconds.
    cpu: Vec<f64>,
    /// The user-space part of it.
    user: Vec<f64>,
    /// Client threads' sleeps (voluntary context switches) per request of each round.
    sleeps: Vec<f64>,
    /// Client threads' preemptions (involuntary context switches) per request of each round.
    preempted: Vec<f64>,
    /// Server threads' CPU time per request of each round, in microseconds.
    server: Vec<f64>,
    /// Of each round's wall time on every core, the part neither the client nor the server
    /// used, per request, in microseconds: where the machine waited instead of working.
    idle: Vec<f64>,
    /// The 99th percentile latency of each round, in seconds.
    p99s: Vec<f64>,
    latencies: Vec<Duration>,
}

/// Runs the interleaved measurement and returns it as a Markdown table.
pub(crate) fn interleaved_table(
    runtime: &tokio::runtime::Runtime,
    contenders: &[Contender],
    plan: &Plan<'_>,
) -> String {
    let baseline = contenders
        .iter()
        .position(|contender| contender.name == plan.baseline)
        .expect("the baseline is one of the contenders");
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| tasks | client | req/s (median of {} rounds) | vs {base} | paired vs {base} | client CPU per request | vs {base} | of which user space | vs {base} | server CPU per request | vs {base} | idle per request | thread sleeps per request | thread preemptions per request | p50 | p99 | p99 vs {base} | paired p99 vs {base} | requests |",
        plan.rounds,
        base = plan.baseline,
    );
    let _ = writeln!(
        table,
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for &concurrency in plan.concurrency {
        let mut figures: Vec<Figures> = contenders.iter().map(|_| Figures::default()).collect();
        // A short warm-up of each contender: its code, the caches and the server.
        for contender in contenders {
            let warm_up = Stop::At(Instant::now() + plan.round / 4);
            let client = instance_of(runtime, contender);
            runtime.block_on(drive(
                &client,
                concurrency,
                warm_up,
                false,
                plan.expected_len,
            ));
            drop(client);
            (plan.settle)();
        }
        for r in 0..plan.rounds {
            for k in 0..contenders.len() {
                let index = turn(r, k, contenders.len());
                let client = instance_of(runtime, &contenders[index]);
                // As many requests as tasks, twice: every connection the round needs is
                // open before the clock starts, for a fresh client too.
                let open = Stop::Count(2 * concurrency as u64);
                runtime.block_on(drive(&client, concurrency, open, false, plan.expected_len));
                let deadline = Instant::now() + plan.round;
                let before = usage();
                let (wall, latencies) = runtime.block_on(drive(
                    &client,
                    concurrency,
                    Stop::At(deadline),
                    true,
                    plan.expected_len,
                ));
                let after = usage();
                let requests = latencies.len() as f64;
                let figure = &mut figures[index];
                figure
                    .cpu
                    .push((after.total - before.total) as f64 / 1e3 / requests);
                figure
                    .user
                    .push((after.user - before.user) as f64 / 1e3 / requests);
                figure
                    .sleeps
                    .push((after.sleeps - before.sleeps) as f64 / requests);
                figure
                    .preempted
                    .push((after.preempted - before.preempted) as f64 / requests);
                let server = (after.server - before.server) as f64 / 1e3 / requests;
                figure.server.push(server);
                let busy = (after.total - before.total + after.server - before.server) as f64;
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
                let idle = (wall.as_nanos() as f64).mul_add(cores, -busy).max(0.0);
                figure.idle.push(idle / 1e3 / requests);
                figure
                    .rates
                    .push(latencies.len() as f64 / wall.as_secs_f64());
                let mut round_latencies = latencies;
                round_latencies.sort_unstable();
                figure
                    .p99s
                    .push(percentile(&round_latencies, 0.99).as_secs_f64());
                figure.latencies.extend(round_latencies);
                drop(client);
                (plan.settle)();
            }
        }
        let rounds: Vec<Vec<f64>> = figures.iter().map(|figure| figure.rates.clone()).collect();
        let round_p99s: Vec<Vec<f64>> = figures.iter().map(|figure| figure.p99s.clone()).collect();
        let summary: Vec<Summary> = figures.iter_mut().map(Summary::of).collect();
        if std::env::var_os("BENCH_DUMP").is_some() {
            dump(concurrency, contenders, &rounds, &figures);
        }
        let base = &summary[baseline];
        let paired_p99s = paired_ratios(&round_p99s, baseline);
        for (((contender, row), paired), paired_p99) in contenders
            .iter()
            .zip(&summary)
            .zip(paired_ratios(&rounds, baseline))
            .zip(paired_p99s)
        {
            let _ = writeln!(
                table,
                "| {concurrency} | {} | {:.0} | {:.3} | {paired:.3} | {:.1} µs | {:+.1} µs | {:.1} µs | {:+.1} µs | {:.1} µs | {:+.1} µs | {:.1} µs | {:.2} | {:.3} | {:.0} µs | {:.0} µs | {:.3} | {paired_p99:.3} | {} |",
                contender.name,
                row.rate,
                row.rate / base.rate,
                row.cpu,
                row.cpu - base.cpu,
                row.user,
                row.user - base.user,
                row.server,
                row.server - base.server,
                row.idle,
                row.sleeps,
                row.preempted,
                micros(row.p50),
                micros(row.p99),
                row.p99.as_secs_f64() / base.p99.as_secs_f64(),
                row.requests,
            );
        }
    }
    table
}

/// Prints each contender's throughput round by round (`rounds`, in the order they ran) and
/// the shape of its latency distribution (where its tail starts) to stderr. `figures` hold
/// sorted latencies.
fn dump(concurrency: usize, contenders: &[Contender], rounds: &[Vec<f64>], figures: &[Figures]) {
    for ((contender, rates), figure) in contenders.iter().zip(rounds).zip(figures) {
        let rates: Vec<String> = rates.iter().map(|rate| format!("{rate:.0}")).collect();
        eprintln!("{concurrency} {}: {}", contender.name, rates.join(" "));
        let cuts: Vec<String> = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]
            .iter()
            .map(|&p| {
                let at = micros(percentile(&figure.latencies, p));
                format!("p{}={at:.0}", p * 100.0)
            })
            .collect();
        eprintln!(
            "{concurrency} {} latency µs: {}",
            contender.name,
            cuts.join(" ")
        );
    }
}

/// One contender's medians over the rounds, and its latency percentiles over all of them.
struct Summary {
    rate: f64,
    cpu: f64,
    user: f64,
    server: f64,
    idle: f64,
    sleeps: f64,
    preempted: f64,
    p50: Duration,
    p99: Duration,
    requests: usize,
}

impl Summary {
    fn of(figure: &mut Figures) -> Self {
        figure.latencies.sort_unstable();
        Self {
            rate: median(&mut figure.rates),
            cpu: median(&mut figure.cpu),
            user: median(&mut figure.user),
            server: median(&mut figure.server),
            idle: median(&mut figure.idle),
            sleeps: median(&mut figure.sleeps),
            preempted: median(&mut figure.preempted),
            p50: percentile(&figure.latencies, 0.50),
            p99: percentile(&figure.latencies, 0.99),
            requests: figure.latencies.len(),
        }
    }
}

/// Which contender takes the `k`-th turn of round `r`: the order rotates every round, and
/// runs backwards every other round, so that no contender always follows the same one (a
/// turn can still be touched by what the one before left behind).
fn turn(r: usize, k: usize, contenders: usize) -> usize {
    let index = (k + r) % contenders;
    if r % 2 == 1 {
        contenders - 1 - index
    } else {
        index
    }
}

/// `contender`'s client for the next round, built inside the client runtime.
fn instance_of(runtime: &tokio::runtime::Runtime, contender: &Contender) -> Instance {
    let _guard = runtime.enter();
    contender.instance()
}

/// Each contender's figure (throughput, p99) over the baseline's, round by round (the two ran
/// one after the other), and the median of those ratios: a drift of the machine over the rounds
/// cancels out of each pair, where it does not out of a ratio of two medians.
fn paired_ratios(rates: &[Vec<f64>], baseline: usize) -> Vec<f64> {
    rates
        .iter()
        .map(|own| {
            let mut ratios: Vec<f64> = own
                .iter()
                .zip(&rates[baseline])
                .map(|(own, base)| own / base)
                .collect();
            median(&mut ratios)
        })
        .collect()
}

/// Prints the table with the load average it started at and, in a real bench run, saves it
/// to `target/criterion/<file>`.
pub(crate) fn publish(table: &str, load_before: &str, file: &str, bench_mode: bool) {
    println!("\nlatency table (load average before the table: {load_before})\n{table}");
    if bench_mode {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/criterion")
            .join(file);
        let _ = std::fs::create_dir_all(path.parent().expect("parent"));
        let _ = std::fs::write(&path, format!("load average: {load_before}\n\n{table}"));
        println!("saved to {}", path.display());
    }
}

/// `/proc/loadavg`, trimmed.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Whether the table named `name` should run: yes unless the command line gives a filter
/// (criterion's positional argument) that `name` does not contain.
pub(crate) fn table_selected(name: &str) -> bool {
    // Criterion's options that take a value: their values are not filters.
    const WITH_VALUE: &[&str] = &[
        "--warm-up-time",
        "--measurement-time",
        "--sample-size",
        "--profile-time",
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--nresamples",
        "--output-format",
        "--plotting-backend",
        "--color",
        "--format",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(index, arg)| {
            !arg.starts_with('-')
                && !index
                    .checked_sub(1)
                    .is_some_and(|before| WITH_VALUE.contains(&args[before].as_str()))
        })
        .map(|(_, arg)| arg)
        .collect();
    filters.is_empty() || filters.iter().any(|filter| name.contains(filter.as_str()))
}

/// How many interleaved rounds a real bench run makes: `BENCH_ROUNDS` from the environment
/// (more rounds, tighter medians on a noisy machine), else `default`.
/// The concurrencies a table covers: the comma-separated list in the environment variable
/// `var` (e.g. `64` or `1,16`), else `default`.
pub(crate) fn tasks(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var).map_or(default.to_vec(), |tasks| {
        tasks
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect()
    })
}

pub(crate) fn rounds(default: usize) -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(default)
}

/// How long one contender's turn lasts in a real bench run: `BENCH_ROUND_MS` from the
/// environment, else `default`. Shorter turns put each pair of turns closer together, so a
/// change in the machine's speed (this one's moves by half within seconds) lands on both.
pub(crate) fn round(default: Duration) -> Duration {
    std::env::var("BENCH_ROUND_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(default, Duration::from_millis)
}
