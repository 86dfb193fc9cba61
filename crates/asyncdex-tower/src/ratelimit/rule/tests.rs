use super::*;
use http::HeaderValue;

fn rule(amount: u32, secs: u64) -> PathRatelimit {
    PathRatelimit::new(
        Path::new("r", "/r", None),
        amount,
        Duration::from_secs(secs),
    )
}

#[test]
fn the_record_holds_one_window_of_traffic_not_the_amount() {
    let start = Instant::now();
    let mut rule = rule(1_000_000, 1);
    for _ in 0..100 {
        rule.reserve(start, true).unwrap();
    }
    assert_eq!(rule.window.sends.len(), 100);
    // A later reservation still counts the window's sends...
    rule.reserve(start + Duration::from_millis(999), true)
        .unwrap();
    assert_eq!(rule.window.sends.len(), 101);
    // ...and forgets the ones a whole window old.
    rule.reserve(start + Duration::from_secs(1), true).unwrap();
    assert_eq!(rule.window.sends.len(), 2);
    assert_eq!(rule.ratelimit_amount(), 1_000_000);
}

#[test]
fn amount_sends_per_sliding_window() {
    let start = Instant::now();
    let mut rule = rule(3, 10);
    let times: Vec<_> = (0..7).map(|_| rule.reserve(start, true).unwrap()).collect();
    let secs: Vec<_> = times.iter().map(|t| (*t - start).as_secs()).collect();
    assert_eq!(secs, [0, 0, 0, 10, 10, 10, 20]);
}

#[test]
fn burst_cap_spreads_the_window_without_lowering_the_rate() {
    let start = Instant::now();
    let mut rule = rule(10, 1).with_burst(2);
    let times: Vec<_> = (0..12)
        .map(|_| rule.reserve(start, true).unwrap())
        .collect();
    let millis: Vec<_> = times.iter().map(|t| (*t - start).as_millis()).collect();
    assert_eq!(
        millis,
        [0, 0, 200, 200, 400, 400, 600, 600, 800, 800, 1000, 1000]
    );
}

#[test]
fn fail_fast_commits_nothing() {
    let start = Instant::now();
    let mut rule = rule(1, 10);
    assert_eq!(rule.reserve(start, false), Ok(start));
    let later = start + Duration::from_secs(10);
    assert_eq!(rule.reserve(start, false), Err(later));
    assert_eq!(rule.reserve(start, false), Err(later));
    assert_eq!(rule.reserve(later, false), Ok(later));
}

#[test]
fn margin_lengthens_the_window() {
    let start = Instant::now();
    let mut rule = rule(1, 1).with_safety_margin(Duration::from_millis(50));
    rule.reserve(start, true).unwrap();
    assert_eq!(rule.free_at(start), start + Duration::from_millis(1050));
}

#[test]
fn amount_is_kept_in_range() {
    assert_eq!(rule(0, 1).ratelimit_amount(), 1);
    assert_eq!(rule(u32::MAX, 1).ratelimit_amount(), MAX_SERVER_LIMIT);
}

fn headers(limit: &str, remaining: &str, end_in: Duration) -> RatelimitHeaders {
    let mut map = HeaderMap::new();
    map.insert("x-ratelimit-limit", HeaderValue::from_str(limit).unwrap());
    map.insert(
        "x-ratelimit-remaining",
        HeaderValue::from_str(remaining).unwrap(),
    );
    let end = std::time::SystemTime::now() + end_in;
    let unix = end.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    map.insert("x-ratelimit-retry-after", HeaderValue::from(unix));
    RatelimitHeaders::parse(&map, MAX_SERVER_WAIT)
}

#[test]
fn server_with_fewer_remaining_holds_back_until_window_end() {
    let start = Instant::now();
    let mut rule = rule(10, 60);
    rule.reserve(start, true).unwrap();
    // The server has counted 8 of 10 (other processes share the IP): 2 remain for 30 s.
    rule.correct(
        &headers("10", "2", Duration::from_secs(30)),
        Some(start),
        start,
    );
    assert_eq!(rule.reserve(start, true).unwrap(), start);
    assert_eq!(rule.reserve(start, true).unwrap(), start);
    let third = rule.reserve(start, true).unwrap();
    let waited = third - start;
    assert!(
        waited >= Duration::from_secs(28) && waited <= Duration::from_secs(31),
        "{waited:?}"
    );
}

#[test]
fn zero_remaining_holds_back_until_window_end() {
    let start = Instant::now();
    let mut rule = rule(10, 60);
    let sent = rule.reserve(start, true).unwrap();
    rule.correct(
        &headers("10", "0", Duration::from_secs(20)),
        Some(sent),
        start,
    );
    // Held by the server's count, not by a pause: nothing was handed out beyond it.
    assert_eq!(rule.paused_until(), None);
    let free = rule.free_at(start) - start;
    assert!(free >= Duration::from_secs(18), "{free:?}");
}

#[test]
fn reservations_that_no_longer_fit_go_round_again() {
    let start = Instant::now();
    let mut rule = rule(10, 60);
    let sent = rule.reserve(start, true).unwrap();
    rule.reserve(start + Duration::from_millis(5), true)
        .unwrap();
    // Another process used the window up: the reservation handed out does not fit.
    rule.correct(
        &headers("10", "0", Duration::from_secs(20)),
        Some(sent),
        start,
    );
    let paused = rule.paused_until().expect("paused");
    assert!(paused - start >= Duration::from_secs(18));
    assert!(rule.free_at(start) >= paused);
}

/// A rule of 10 a minute whose first 7 sends were answered, and two more sends (1 ms and
/// 2 ms after the start) still in flight.
fn two_in_flight_after_seven_answered() -> (PathRatelimit, Instant, Instant, Instant) {
    let start = Instant::now();
    let mut rule = rule(10, 60);
    for _ in 0..7 {
        let sent = rule.reserve(start, true).unwrap();
        let remaining = 10 - rule.window.sends.len();
        rule.correct(
            &headers("10", &remaining.to_string(), Duration::from_secs(60)),
            Some(sent),
            start,
        );
    }
    let mut send_after = |ms| {
        rule.reserve(start + Duration::from_millis(ms), true)
            .unwrap()
    };
    let (first, second) = (send_after(1), send_after(2));
    (rule, start, first, second)
}

#[test]
fn answers_out_of_order_leave_no_slot_unused() {
    // Two concurrent requests, sent 1 ms apart, reach the server in the other order: the
    // later one is counted first. The first answer (for the earlier send, 1 remaining)
    // cannot know that the other was counted; once both answers are in, the one slot
    // left is free again, and still only one.
    let (mut rule, start, early, late) = two_in_flight_after_seven_answered();
    let now = start + Duration::from_millis(50);
    rule.correct(
        &headers("10", "1", Duration::from_secs(60)),
        Some(early),
        now,
    );
    assert!(
        rule.free_at(now) > now + Duration::from_secs(50),
        "held while one is out"
    );
    rule.correct(
        &headers("10", "2", Duration::from_secs(60)),
        Some(late),
        now,
    );
    assert_eq!(rule.paused_until(), None);
    assert_eq!(rule.reserve(now, true).unwrap(), now, "the last slot");
    assert!(
        rule.free_at(now) > now + Duration::from_secs(50),
        "and no more"
    );
}

#[test]
fn a_reservation_that_fits_once_the_answers_are_in_keeps_its_place() {
    // Sends `a` and `b` are in flight, and the last slot is reserved for later. The
    // server counted `b` before `a`, so `a`'s answer says 1 remaining: the reservation
    // fits if `b` is already counted, which no answer can tell yet. It is not sent round
    // again (that would waste the window's last slot).
    let (mut rule, start, a, b) = two_in_flight_after_seven_answered();
    let later = start + Duration::from_secs(10);
    assert_eq!(rule.reserve(later, true), Ok(later));
    let now = start + Duration::from_millis(50);
    rule.correct(&headers("10", "1", Duration::from_secs(60)), Some(a), now);
    assert_eq!(rule.paused_until(), None);
    rule.correct(&headers("10", "2", Duration::from_secs(60)), Some(b), now);
    assert_eq!(rule.paused_until(), None);
    assert!(
        rule.free_at(now) > now + Duration::from_secs(50),
        "the window is full"
    );
}

#[test]
fn sends_after_the_counted_one_reduce_what_remains() {
    let start = Instant::now();
    let mut rule = rule(10, 60);
    let first = rule.reserve(start, true).unwrap();
    for _ in 0..3 {
        rule.reserve(start + Duration::from_millis(1), true)
            .unwrap();
    }
    // The server saw only the first: "9 remaining". Three more are in flight, so 6 fit.
    rule.correct(
        &headers("10", "9", Duration::from_secs(60)),
        Some(first),
        start,
    );
    let immediate = (0..10)
        .map(|_| {
            rule.reserve(start + Duration::from_millis(2), true)
                .unwrap()
        })
        .filter(|at| *at <= start + Duration::from_secs(1))
        .count();
    assert_eq!(immediate, 6);
}

#[test]
fn repeated_corrections_count_each_send_once() {
    // The server's window ends a little after this rule's own (61 s vs 60 s): every
    // response said exactly how many remain, so all ten sends of the window must fit.
    let start = Instant::now();
    let mut rule = rule(10, 60).with_safety_margin(Duration::from_millis(20));
    for remaining in (6..=9).rev() {
        let sent = rule.reserve(start, true).unwrap();
        let headers = headers("10", &remaining.to_string(), Duration::from_secs(61));
        rule.correct(&headers, Some(sent), start);
    }
    assert_eq!(rule.ratelimit_used(), 4);
    for _ in 0..6 {
        assert_eq!(rule.reserve(start, true).unwrap(), start);
    }
    let eleventh = rule.reserve(start, true).unwrap() - start;
    assert!(eleventh >= Duration::from_secs(59), "{eleventh:?}");
}

#[test]
fn larger_remaining_never_loosens() {
    let start = Instant::now();
    let mut rule = rule(2, 60);
    rule.reserve(start, true).unwrap();
    rule.reserve(start, true).unwrap();
    rule.correct(&headers("2", "2", Duration::from_secs(1)), None, start);
    assert_eq!(rule.free_at(start), start + Duration::from_secs(60));
}

#[test]
fn new_limit_replaces_amount() {
    let start = Instant::now();
    let mut rule = rule(5, 60);
    for _ in 0..5 {
        rule.reserve(start, true).unwrap();
    }
    rule.correct(&headers("3", "0", Duration::ZERO), None, start);
    assert_eq!(rule.ratelimit_amount(), 3);
    assert_eq!(rule.window.sends.len(), 3);
}

#[test]
fn accessors_report_use_and_expiry() {
    let mut rule = rule(2, 60);
    assert!(rule.can_call(&Method::GET));
    rule.reserve(Instant::now(), true).unwrap();
    rule.reserve(Instant::now(), true).unwrap();
    assert!(!rule.can_call(&Method::GET));
    assert_eq!(rule.ratelimit_used(), 2);
    assert!(rule.time_until_expire() > Duration::from_secs(59));
    let expires = rule.ratelimit_expires();
    assert!(expires > OffsetDateTime::now_utc() + Duration::from_secs(58));
    rule.expire();
    assert!(rule.can_call(&Method::GET));
    assert_eq!(rule.ratelimit_used(), 0);
}
