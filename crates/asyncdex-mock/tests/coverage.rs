//! Every operation of spec 5.13.1 (list copied from the spec into tests/data/operations.txt)
//! is known to the server and answers 200 (201 for a draft commit and a report, as the spec has
//! it) for valid ids and bodies, with a token.

mod common;

use std::collections::BTreeSet;

use asyncdex_mock::MockServer;
use common::TestClient;
use common::ops::{call_every_operation, spec_operations};

#[test]
fn server_table_equals_the_spec() {
    let spec: BTreeSet<(String, String)> = spec_operations().into_iter().collect();
    let ours: BTreeSet<(String, String)> = asyncdex_mock::operations()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    assert_eq!(spec.len(), 113);
    assert_eq!(spec, ours);
}

#[tokio::test]
async fn no_spec_operation_is_a_404() {
    let s = MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .start()
        .await;
    let c = TestClient::new();
    let mut failures = Vec::new();
    for call in call_every_operation(&s, &c).await {
        let (method, template, a) = (&call.method, &call.template, &call.answer);
        let expected = if template == "/manga/draft/{id}/commit"
            || template == "/report" && method == "POST"
        {
            201
        } else {
            200
        };
        if a.status != expected {
            failures.push(format!(
                "{method} {template} ({}) -> {} {}",
                call.url,
                a.status,
                String::from_utf8_lossy(&a.body)
            ));
            continue;
        }
        if template != "/ping" {
            let v = a.json();
            assert_eq!(v["result"], "ok", "{method} {template}: {v}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
