//! Figures and exports over HTTP on both engines: what each audience may
//! count and download, and that the counts are right.

mod common;

use chrono::{Duration, FixedOffset, NaiveDate, Utc};
use common::{Session, TestServer, error_of, expect_status, refused};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    figures_count_what_each_audience_may_see,
    exports_honour_the_callers_reach
);

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

async fn send(s: &TestServer, who: &Session, method: Method, path: &str, body: Value) -> Value {
    let resp = who
        .on(s.request(method, path), true)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

async fn act(s: &TestServer, who: &Session, f: &Value, mut step: Value) -> Value {
    step["version"] = f["version"].clone();
    send(
        s,
        who,
        Method::POST,
        &format!("/api/findings/{}/actions", f["id"]),
        step,
    )
    .await
}

/// Three findings this year: two of 市房产局 substantiated (one closed on
/// time, with a reassignment), one of 市委办公室 only recorded; and one
/// inspection of 市房产局 in a round still running.
async fn story(s: &TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let record = |unit: i64, dimension: &str| {
        json!({
            "unit_id": unit, "source": "inspection", "dimension": dimension, "severity": "minor",
            "title": "在岗状态", "description": "上班时间玩游戏", "observed_on": day(0),
        })
    };
    let mut closed = send(
        s,
        &office,
        Method::POST,
        "/api/findings",
        record(7, "work_discipline"),
    )
    .await;
    let mut open = send(
        s,
        &office,
        Method::POST,
        "/api/findings",
        record(7, "service_attitude"),
    )
    .await;
    send(
        s,
        &office,
        Method::POST,
        "/api/findings",
        record(1, "work_style"),
    )
    .await;
    for f in [&mut closed, &mut open] {
        *f = act(
            s,
            &office,
            f,
            json!({"action": "feed_back", "deadline": day(5)}),
        )
        .await;
        *f = act(
            s,
            &office,
            f,
            json!({"action": "substantiate", "comment": "查实"}),
        )
        .await;
    }
    closed = act(
        s,
        &office,
        &closed,
        json!({"action": "order_rectification", "deadline": day(10)}),
    )
    .await;
    closed = act(
        s,
        &liaison,
        &closed,
        json!({"action": "submit_report", "comment": "已整改"}),
    )
    .await;
    act(s, &office, &closed, json!({"action": "accept"})).await;
    send(s, &office, Method::POST, "/api/decisions", json!({
        "finding_ids": [closed["id"]], "person_name": "赵某", "person_unit_id": 7, "person_post": "科员",
        "measures": [{"kind": "reassignment", "place": "交警支队", "start": day(0)}],
        "basis": "问责办法第十条", "decided_on": day(0),
    })).await;

    let list = send(s, &office, Method::POST, "/api/checklists", json!({"name": "检查表", "items": [
        {"key": "a", "dimension": "work_style", "text": "在岗", "answer_kind": "pass_fail", "weight": 1, "on_failure": "nothing"},
    ]})).await;
    let round = send(
        s,
        &office,
        Method::POST,
        "/api/rounds",
        json!({
            "name": "本月全覆盖", "starts_on": day(-1), "ends_on": day(3), "unit_ids": [7, 12],
        }),
    )
    .await;
    let batch = send(
        s,
        &office,
        Method::POST,
        &format!("/api/rounds/{}/batches", round["id"]),
        json!({
            "name": "本周", "starts_on": day(-1), "ends_on": day(3),
        }),
    )
    .await;
    let visit = send(
        s,
        &office,
        Method::POST,
        "/api/visits",
        json!({
            "batch_id": batch["id"], "unit_id": 7, "planned_on": day(0), "mode": "unannounced",
            "inspector_ids": [inspector.me["id"]], "checklist_id": list["id"],
        }),
    )
    .await;
    let path = format!("/api/visits/{}/inspection", visit["id"]);
    send(
        s,
        &inspector,
        Method::PUT,
        &path,
        json!({"answers": [{"item": "a", "outcome": "pass"}], "version": 0}),
    )
    .await;
    send(
        s,
        &inspector,
        Method::POST,
        &format!("{path}/submit"),
        json!({"version": 1}),
    )
    .await;
}

fn count(list: &Value, key: &str) -> i64 {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

async fn figures_count_what_each_audience_may_see(s: TestServer) {
    story(&s).await;
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let stats: Value = office
        .on(s.get("/api/stats"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["findings"], 3, "{stats}");
    assert_eq!(count(&stats["by_state"], "closed"), 1);
    assert_eq!(count(&stats["by_state"], "substantiated"), 1);
    assert_eq!(count(&stats["by_state"], "recorded"), 1);
    assert_eq!(count(&stats["by_dimension"], "work_discipline"), 1);
    assert_eq!(count(&stats["by_unit"], "市房产局"), 2);
    assert_eq!(
        count(&stats["by_month"], &today().format("%Y-%m").to_string()),
        3
    );
    assert_eq!(stats["by_month"].as_array().map(Vec::len), Some(12));
    assert_eq!(stats["rectified"], json!({"closed": 1, "on_time": 1}));
    assert_eq!(count(&stats["by_measure"], "reassignment"), 1);
    assert_eq!(stats["coverage"][0]["targeted"], 2);
    assert_eq!(stats["coverage"][0]["visited"], 1);
    // One inspection is below the minimum: 市房产局 is listed as not ranked.
    assert_eq!(stats["ranking"]["ranked"], json!([]));
    assert_eq!(stats["ranking"]["not_ranked"][0]["unit_name"], "市房产局");
    assert_eq!(stats["ranking"]["not_ranked"][0]["inspections"], 1);

    // Leaders read the figures, but not the coverage of a round still running.
    let seen: Value = leader
        .on(s.get("/api/stats"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["findings"], 3);
    assert_eq!(seen["coverage"], json!([]));

    for who in ["liaison", "inspector", "admin"] {
        let session = s.login(who, DEMO).await;
        expect_status(
            session.on(s.get("/api/stats"), false).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            who,
        )
        .await;
    }
    let (status, error) = error_of(
        office
            .on(s.get("/api/stats?year=1999"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["fields"]["year"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    // The public counts substantiated findings and inspections made, and names no unit.
    let resp = s.get("/api/public/stats").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["substantiated"], 2, "{public}");
    assert_eq!(public["inspections"], 1);
    assert_eq!(count(&public["by_unit_kind"], "municipal_unit"), 2);
    assert_eq!(public["rectified"], json!({"closed": 1, "on_time": 1}));
    assert_eq!(public["min_inspections_for_ranking"], 3);
    for secret in ["市房产局", "市委办公室", "本月全覆盖", "visit", "round"] {
        assert!(!text.contains(secret), "{secret:?} in the public figures");
    }
}

async fn download(s: &TestServer, who: &Session, path: &str) -> Vec<u8> {
    let resp = who
        .on(s.get(path), false)
        .header("Accept-Language", "zh-CN")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    resp.bytes().await.unwrap().to_vec()
}

async fn exports_honour_the_callers_reach(s: TestServer) {
    story(&s).await;
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let csv = download(&s, &office, "/api/exports/findings?format=csv").await;
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("编号,单位,来源,维度"), "{}", lines[0]);
    assert_eq!(lines.len(), 4, "a header and three findings:\n{text}");

    // A liaison's export holds what their list holds: their unit's fed-back findings.
    let theirs = String::from_utf8(
        download(
            &s,
            &liaison,
            "/api/exports/findings?format=csv&state=closed",
        )
        .await[3..]
            .to_vec(),
    )
    .unwrap();
    assert_eq!(theirs.lines().count(), 2, "{theirs}");
    assert!(
        theirs.contains("市房产局") && theirs.contains("已销号"),
        "{theirs}"
    );
    let all = String::from_utf8(
        download(&s, &liaison, "/api/exports/findings?format=csv").await[3..].to_vec(),
    )
    .unwrap();
    assert_eq!(
        all.lines().count(),
        3,
        "the 市委办公室 finding is not theirs:\n{all}"
    );
    assert!(!all.contains("市委办公室"));

    let xlsx = download(
        &s,
        &office,
        "/api/exports/findings?format=xlsx&dimension=work_style",
    )
    .await;
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    let decisions = String::from_utf8(
        download(&s, &liaison, "/api/exports/decisions?format=csv").await[3..].to_vec(),
    )
    .unwrap();
    assert!(
        decisions.contains("赵某") && decisions.contains("到基层再上岗"),
        "{decisions}"
    );

    refused(
        office
            .on(s.get("/api/exports/findings?format=pdf"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (status, error) = error_of(
        office
            .on(s.get("/api/exports/findings?format=csv&state=lost"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["fields"]["state"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let inspector = s.login("inspector", DEMO).await;
    expect_status(
        inspector
            .on(s.get("/api/exports/decisions?format=csv"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
}
