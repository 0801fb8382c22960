//! The inbox (issue 17, first part), on both engines: each step on a
//! finding that asks someone to act tells exactly them — the unit's
//! liaisons or the office — in the same transaction, in their language;
//! nobody else reads it.

mod common;

use common::{Session, TestServer, expect, fixtures, ok_json, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    each_step_tells_exactly_who_must_act,
    a_stale_step_tells_nobody,
    a_citizen_report_tells_the_office_only
);

async fn inbox(s: &TestServer, who: &Session, lang: &str) -> Value {
    ok_json(
        who.on(s.get("/api/notifications"), false)
            .header("Accept-Language", lang),
    )
    .await
}

async fn unread(s: &TestServer, who: &Session) -> i64 {
    ok_json(who.on(s.get("/api/notifications/count"), false)).await["unread"]
        .as_i64()
        .unwrap()
}

async fn act(s: &TestServer, who: &Session, f: &Value, step: Value) -> Value {
    let mut step = step;
    step["version"] = f["version"].clone();
    expect(
        send(
            s,
            who,
            Method::POST,
            &format!("/api/findings/{}/actions", f["id"]),
            step,
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn each_step_tells_exactly_who_must_act(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let others = [
        s.login("liaison2", DEMO).await,
        s.login("inspector", DEMO).await,
        s.login("leader", DEMO).await,
        s.login("admin", DEMO).await,
    ];
    let f = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/findings",
            fixtures::body(fixtures::finding(7, "窗口无人值守")),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        unread(&s, &liaison).await,
        0,
        "recording tells the unit nothing"
    );
    let f = act(
        &s,
        &office,
        &f,
        json!({"action": "feed_back", "deadline": "2100-01-04"}),
    )
    .await;

    // The unit's liaison is told what to do and by when, in their language.
    assert_eq!(unread(&s, &liaison).await, 1);
    let zh = inbox(&s, &liaison, "zh-CN").await;
    let item = &zh["items"][0];
    assert_eq!(item["kind"], "fed_back");
    assert_eq!(item["finding_id"], f["id"]);
    assert_eq!(item["deadline"], "2100-01-04");
    let code = f["code"].as_str().unwrap();
    assert_eq!(
        item["text"],
        format!("问题{code}「窗口无人值守」已反馈贵单位，请于2100-01-04前核实并报告。")
    );
    let en = inbox(&s, &liaison, "en").await;
    assert!(
        en["items"][0]["text"]
            .as_str()
            .unwrap()
            .contains("verify it and report by 2100-01-04"),
        "{en}"
    );
    // Nobody else: another unit's liaison, inspectors, leaders, administrators, the office.
    for other in others.iter().chain([&office]) {
        assert_eq!(unread(&s, other).await, 0, "{}", other.me["username"]);
    }

    // The unit reports back: every office user is told, the unit is not.
    let f = act(
        &s,
        &liaison,
        &f,
        json!({"action": "report_verification", "comment": "情况属实"}),
    )
    .await;
    assert_eq!(unread(&s, &office).await, 1);
    assert_eq!(
        inbox(&s, &office, "zh-CN").await["items"][0]["kind"],
        "verification_reported"
    );
    assert_eq!(unread(&s, &liaison).await, 1);
    for other in &others {
        assert_eq!(unread(&s, other).await, 0, "{}", other.me["username"]);
    }

    // Marked read by its owner; another's mark changes nothing.
    let id = inbox(&s, &liaison, "zh-CN").await["items"][0]["id"].clone();
    let path = format!("/api/notifications/{id}/read");
    let resp = send(&s, &office, Method::POST, &path, json!({})).await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        unread(&s, &liaison).await,
        1,
        "the office cannot mark the liaison's"
    );
    let resp = send(&s, &liaison, Method::POST, &path, json!({})).await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(unread(&s, &liaison).await, 0);

    // Substantiated and ordered to rectify: the unit is told, with the deadline.
    let f = act(
        &s,
        &office,
        &f,
        json!({"action": "substantiate", "comment": "查实"}),
    )
    .await;
    act(
        &s,
        &office,
        &f,
        json!({"action": "order_rectification", "deadline": "2100-02-01"}),
    )
    .await;
    let items = inbox(&s, &liaison, "zh-CN").await;
    assert_eq!(items["items"][0]["kind"], "rectification_ordered");
    assert_eq!(items["items"][0]["deadline"], "2100-02-01");
    assert!(items["items"][0]["read_at"].is_null());
    // Unread first, then the read one.
    assert!(items["items"][1]["read_at"].is_string(), "{items}");
}

async fn a_stale_step_tells_nobody(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let f = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/findings",
            fixtures::body(fixtures::finding(7, "重复反馈")),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    act(
        &s,
        &office,
        &f,
        json!({"action": "feed_back", "deadline": "2100-01-04"}),
    )
    .await;
    // The same step on the old version: refused, and nobody told twice.
    let step = json!({"action": "feed_back", "deadline": "2100-01-05", "version": f["version"]});
    let resp = send(
        &s,
        &office,
        Method::POST,
        &format!("/api/findings/{}/actions", f["id"]),
        step,
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert_eq!(unread(&s, &liaison).await, 1);
}

async fn a_citizen_report_tells_the_office_only(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let receipt = expect(
        s.post("/api/public/reports")
            .json(&json!({
                "unit_id": 7,
                "what": "周一上午十点，政务服务窗口无人值守，等了半小时还没有人来办理业务，群众意见很大",
                "place": "市房产局政务服务大厅3号窗口",
                "happened_on": "2026-11-23",
            }))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(unread(&s, &office).await, 1);
    let item = &inbox(&s, &office, "zh-CN").await["items"][0];
    assert_eq!(item["kind"], "report_received");
    assert!(item["report_id"].is_i64(), "{item}");
    let code = receipt["code"].as_str().unwrap();
    let text = item["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("收到群众举报{code}「周一上午十点")),
        "{text}"
    );
    assert!(
        text.contains("…」"),
        "a long report is quoted in part: {text}"
    );
    for other in [&liaison, &inspector] {
        assert_eq!(unread(&s, other).await, 0, "{}", other.me["username"]);
    }
}
