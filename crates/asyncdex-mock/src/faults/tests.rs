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
