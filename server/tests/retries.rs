//! A retry after a lost answer creates nothing twice (issue 16), on both
//! engines: creating requests sent with an `Idempotency-Key`.

mod common;

use common::{TestServer, expect_error, fixtures};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::task::JoinSet;

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_retried_creation_gets_the_first_answer,
    parallel_retries_create_one_record,
    a_key_is_for_one_request,
    a_refused_request_lets_go_of_its_key,
    a_citizen_report_sent_twice_is_one_report
);

async fn findings(s: &TestServer) -> i64 {
    s.scalar("SELECT COUNT(*) FROM findings").await
}

fn finding(title: &str) -> Value {
    fixtures::body(fixtures::finding(7, title))
}

async fn a_retried_creation_gets_the_first_answer(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let before = findings(&s).await;
    let post = || {
        office
            .on(s.post("/api/findings"), true)
            .header("Idempotency-Key", "8d0c-retry-1")
            .json(&finding("窗口无人值守"))
    };
    let first = post().send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = post().send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["code"], first["code"]);
    assert_eq!(findings(&s).await, before + 1);

    // The write committed but its answer was never kept (the server failed
    // between the two): the retry is told so, and creates nothing.
    s.raw_sql("UPDATE idempotency SET state = 'committed', status = NULL, body = NULL")
        .await;
    expect_error(
        post().send().await.unwrap(),
        StatusCode::CONFLICT,
        "already_done",
    )
    .await;
    assert_eq!(findings(&s).await, before + 1);

    // Another user's same key is their own.
    let other = s.login("inspector", DEMO).await;
    let resp = other
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "8d0c-retry-1")
        .json(&finding("另一位的记录"))
        .send()
        .await
        .unwrap();
    assert_ne!(
        resp.headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
}

async fn parallel_retries_create_one_record(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let before = findings(&s).await;
    let mut set = JoinSet::new();
    for _ in 0..10 {
        let request = office
            .on(s.post("/api/findings"), true)
            .header("Idempotency-Key", "burst-0001")
            .json(&finding("并发重试"));
        set.spawn(async move {
            let resp = request.send().await.unwrap();
            let replayed = resp.headers().contains_key("idempotent-replayed");
            (resp.status(), replayed)
        });
    }
    let answers = set.join_all().await;
    let created = answers
        .iter()
        .filter(|(status, replayed)| *status == StatusCode::CREATED && !replayed)
        .count();
    assert_eq!(created, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| *status == StatusCode::CREATED || *status == StatusCode::CONFLICT),
        "{answers:?}"
    );
    assert_eq!(findings(&s).await, before + 1);
}

async fn a_key_is_for_one_request(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let resp = office
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "one-request")
        .json(&finding("第一条"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let resp = office
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "one-request")
        .json(&finding("另一条内容更长的问题记录"))
        .send()
        .await
        .unwrap();
    let error = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(error["fields"]["Idempotency-Key"].is_string(), "{error}");
    let resp = office
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "has spaces")
        .json(&finding("第一条"))
        .send()
        .await
        .unwrap();
    expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
}

async fn a_refused_request_lets_go_of_its_key(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let mut bad = finding("标题");
    bad["title"] = json!("");
    let resp = office
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "fix-and-retry")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        s.scalar("SELECT COUNT(*) FROM idempotency").await,
        0,
        "a refused request keeps no key"
    );
    let resp = office
        .on(s.post("/api/findings"), true)
        .header("Idempotency-Key", "fix-and-retry")
        .json(&finding("标题"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
}

async fn a_citizen_report_sent_twice_is_one_report(s: TestServer) {
    let report = json!({
        "unit_id": 7,
        "what": "周一上午十点,政务服务窗口无人值守,等了半小时",
        "place": "市房产局政务服务大厅3号窗口",
        "happened_on": "2026-11-23",
    });
    let send = || {
        s.post("/api/public/reports")
            .header("Idempotency-Key", "report-7f3a")
            .json(&report)
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let again = send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], first["code"], "the same tracking code");
    assert_eq!(s.scalar("SELECT COUNT(*) FROM reports").await, 1);
}
