//! Limits that hold under parallel attempts and behind a reverse proxy
//! (issue 16), on both engines: a burst of parallel guesses is limited as
//! the same guesses one by one would be; the client's address is the one a
//! trusted proxy names, and nobody else can choose theirs.

mod common;

use common::{TestServer, expect_error};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use tokio::task::JoinSet;

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_parallel_login_burst_is_limited_like_a_serial_one,
    a_parallel_report_burst_is_limited_like_a_serial_one,
    password_changes_are_throttled,
    a_trusted_proxy_names_the_client,
    forwarded_headers_from_anyone_else_are_ignored
);

/// Sends `n` requests at once; the statuses in the order they came back.
async fn burst(n: usize, make: impl Fn(usize) -> reqwest::RequestBuilder) -> Vec<StatusCode> {
    let mut set = JoinSet::new();
    for i in 0..n {
        let request = make(i);
        set.spawn(async move { request.send().await.unwrap().status() });
    }
    set.join_all().await
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn a_parallel_login_burst_is_limited_like_a_serial_one(s: TestServer) {
    let statuses = burst(50, |_| {
        s.post("/api/auth/login")
            .json(&json!({ "username": "office", "password": "wrong password" }))
    })
    .await;
    let wrong = count(&statuses, StatusCode::UNAUTHORIZED);
    let refused = count(&statuses, StatusCode::TOO_MANY_REQUESTS);
    // At most the five a serial attacker gets; the server may also have
    // said it was busy (503) to some of the five.
    assert!(wrong <= 5, "{wrong} passwords checked: {statuses:?}");
    assert!(refused >= 45, "{refused} refused: {statuses:?}");
    assert_eq!(
        wrong + refused + count(&statuses, StatusCode::SERVICE_UNAVAILABLE),
        50,
        "{statuses:?}"
    );
    // The account is locked now, even for its right password.
    assert_eq!(
        s.try_login("office", DEMO).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // The audit log has the window's first failure and the lock, not 50 entries.
    let audit = s.state.store.recent_audit(100).await.unwrap();
    let failures = audit
        .iter()
        .filter(|(action, _, _)| action.starts_with("login_"))
        .count();
    assert_eq!(failures, 2, "{audit:?}");
}

async fn a_parallel_report_burst_is_limited_like_a_serial_one(s: TestServer) {
    let report = json!({
        "unit_id": 7,
        "what": "周一上午十点,政务服务窗口无人值守,等了半小时",
        "place": "市房产局政务服务大厅3号窗口",
        "happened_on": "2026-11-23",
    });
    let statuses = burst(20, |_| s.post("/api/public/reports").json(&report)).await;
    assert_eq!(count(&statuses, StatusCode::CREATED), 5, "{statuses:?}");
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        15,
        "{statuses:?}"
    );
    // A refused body counts too: a bad one now is refused before it is read.
    let resp = s
        .post("/api/public/reports")
        .json(&json!({ "what": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn password_changes_are_throttled(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let change = |current: &str| json!({ "current": current, "password": "a new long passphrase", "confirm": "a new long passphrase" });
    for attempt in 1..=5 {
        let resp = office
            .on(s.post("/api/auth/password"), true)
            .json(&change("not my password"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {attempt}"
        );
    }
    let resp = office
        .on(s.post("/api/auth/password"), true)
        .json(&change(DEMO))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key(header::RETRY_AFTER));
    expect_error(resp, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
}

fn login_from(s: &TestServer, forwarded_for: &str, password: &str) -> reqwest::RequestBuilder {
    s.post("/api/auth/login")
        .header("X-Forwarded-For", forwarded_for)
        .header("X-Forwarded-Proto", "https")
        .json(&json!({ "username": "leader", "password": password }))
}

async fn a_trusted_proxy_names_the_client(s: TestServer) {
    let engine = s.engine();
    drop(s);
    let s = TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        c.trusted_proxies = vec![xiaoneng_server::http::client::parse_proxy("127.0.0.1").unwrap()];
    })
    .await
    .unwrap();
    // 20 failures from one client behind the proxy (each a different
    // account, so no account locks)…
    for n in 0..20 {
        let resp = s
            .post("/api/auth/login")
            .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
            .json(&json!({ "username": format!("guess{n}"), "password": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        s.last_audited_address().await.as_deref(),
        Some("198.51.100.7"),
        "the right-most hop the proxy added, not what the client wrote"
    );
    let resp = login_from(&s, "198.51.100.7", "x").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    // …leave every other client behind the same proxy alone.
    let resp = login_from(&s, "198.51.100.8", "x").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    // The proxy says the client came over HTTPS: the cookie is Secure.
    let resp = login_from(&s, "198.51.100.8", DEMO).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    let me: Value = resp.json().await.unwrap();
    assert_eq!(me["username"], "leader");
}

async fn forwarded_headers_from_anyone_else_are_ignored(s: TestServer) {
    // No trusted proxy: the headers are the client's own words.
    for n in 0..20 {
        // Spread over accounts so that only the address limit can bite.
        let resp = s
            .post("/api/auth/login")
            .header("X-Forwarded-For", format!("203.0.113.{n}"))
            .json(&json!({ "username": format!("guess{n}"), "password": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        s.last_audited_address().await.as_deref(),
        Some("127.0.0.1"),
        "the peer, whatever the header says"
    );
    let resp = login_from(&s, "192.0.2.99", "x").send().await.unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a new X-Forwarded-For does not make a new client"
    );
    let resp = login_from(&s, "192.0.2.99", DEMO).send().await.unwrap();
    let cookie = resp.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        !cookie.contains("Secure"),
        "X-Forwarded-Proto from a client is not believed (the demo is plain HTTP): {cookie}"
    );
}
