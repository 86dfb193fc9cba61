use super::*;

#[test]
fn every_name_names_a_kind() {
    for name in FaultKind::names() {
        let kind = FaultKind::from_name(name).unwrap();
        assert_eq!(kind.name(), *name);
    }
    assert_eq!(FaultKind::from_name("status_504"), None);
}

#[test]
fn first_n_then_normal() {
    let a = ActiveFaults::new(FaultPlan::new().first_n(
        Method::GET,
        "/manga/{id}",
        2,
        FaultKind::BadGateway,
    ));
    assert_eq!(
        a.decide(Listener::Api, &Method::GET, "/manga/x"),
        Some(FaultKind::BadGateway)
    );
    assert_eq!(a.decide(Listener::Api, &Method::GET, "/manga"), None);
    assert_eq!(a.decide(Listener::Api, &Method::POST, "/manga/x"), None);
    assert_eq!(a.decide(Listener::Image, &Method::GET, "/manga/x"), None);
    assert_eq!(
        a.decide(Listener::Api, &Method::GET, "/manga/y"),
        Some(FaultKind::BadGateway)
    );
    assert_eq!(a.decide(Listener::Api, &Method::GET, "/manga/x"), None);
}

#[test]
fn probability_is_seeded() {
    let plan = FaultPlan::new()
        .random(0.3, vec![FaultKind::InternalServerError])
        .seed(7);
    let run = || {
        let a = ActiveFaults::new(plan.clone());
        (0..1000)
            .filter(|_| a.decide(Listener::Api, &Method::GET, "/ping").is_some())
            .count()
    };
    let n = run();
    assert_eq!(n, run());
    assert!((200..400).contains(&n), "{n}");
}

/// What the rule `spec` decides for each request, one after another.
fn decisions(spec: &str, requests: &[(Listener, Method, &str)]) -> Vec<Option<FaultKind>> {
    let rule: FaultRule = spec.parse().unwrap();
    let active = ActiveFaults::new(FaultPlan::new().rule(rule));
    requests
        .iter()
        .map(|(listener, method, path)| active.decide(*listener, method, path))
        .collect()
}

#[test]
fn a_status_with_a_probability_fires_on_every_api_request() {
    let api = (Listener::Api, Method::GET, "/ping");
    let image = (Listener::Image, Method::GET, "/data/x");
    assert_eq!(
        decisions("429:1", &[api.clone(), image]),
        [Some(FaultKind::TooManyRequests), None]
    );
    assert_eq!(decisions("503:0", &[api]), [None]);
}

#[test]
fn a_scope_names_the_listener_method_and_route_or_prefix() {
    let requests = [
        (Listener::Api, Method::GET, "/manga/x"),
        (Listener::Api, Method::POST, "/manga/x"),
        (Listener::Api, Method::GET, "/manga/x/feed"),
    ];
    let manga = Some(FaultKind::InternalServerError);
    assert_eq!(
        decisions("GET /manga/{id}=500:1", &requests),
        [manga, None, None]
    );
    let pages = [
        (Listener::Image, Method::GET, "/data/h/x1.png"),
        (Listener::Api, Method::GET, "/data/h/x1.png"),
        (Listener::Image, Method::GET, "/data-saver/h/x1.jpg"),
    ];
    let reset = Some(FaultKind::ConnectionReset);
    assert_eq!(
        decisions("image /data/*=connection_reset", &pages),
        [reset, None, None]
    );
}

#[test]
fn times_and_after_count_matching_requests() {
    let ping = (Listener::Api, Method::GET, "/ping");
    let bad = Some(FaultKind::BadGateway);
    assert_eq!(
        decisions(
            "502,after=1,times=2",
            &[ping.clone(), ping.clone(), ping.clone(), ping]
        ),
        [None, bad, bad, None]
    );
}

#[test]
fn a_bad_spec_names_the_bad_part() {
    for (spec, needle) in [
        ("418", "unknown fault \"418\""),
        ("status_504", "status_503"),
        ("500:2", "probability \"2\" is not a number from 0 to 1"),
        ("500:x", "probability \"x\""),
        ("teapot /x=500", "\"teapot\" is not a listener"),
        ("=500", "nothing before `=`"),
        ("500,times=-1", "\"-1\" is not a count"),
        ("500,often", "unknown option \"often\""),
    ] {
        let error = spec.parse::<FaultRule>().unwrap_err().to_string();
        assert!(error.contains(needle), "{spec}: {error}");
        assert!(error.starts_with(&format!("bad fault {spec:?}")), "{error}");
    }
}
