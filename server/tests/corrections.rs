//! The office corrects itself, visibly (issue 18), on both engines: a
//! finding's facts corrected with each fact before and after on its
//! timeline and in the audit log, seen by the unit; a closed or unfounded
//! finding reopened on new facts.

mod common;

use chrono::{Duration, Utc};
use common::{TestServer, expect, fixtures, ok_json, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_corrected_finding_keeps_its_facts_before_and_after,
    an_unfounded_finding_is_reopened_on_new_facts
);

fn correction(f: &Value, title: &str, severity: &str, reason: &str) -> Value {
    json!({
        "dimension": f["dimension"], "severity": severity, "title": title,
        "description": f["description"], "observed_on": f["observed_on"], "people": f["people"],
        "reason": reason, "version": f["version"],
    })
}

async fn a_corrected_finding_keeps_its_facts_before_and_after(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let deadline = (Utc::now() + Duration::days(10)).date_naive();
    let f = fixtures::fed_back(&s, &office, 7, "窗口无人值守", deadline).await;
    let path = format!("/api/findings/{}/corrections", f["id"]);
    let fix = correction(
        &f,
        "窗口工作人员离岗未放置告示牌",
        "serious",
        "核对录像，原标题与事实不符。",
    );

    let resp = send(&s, &liaison, Method::POST, &path, fix.clone()).await;
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "only the office corrects"
    );
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            &path,
            correction(
                &f,
                f["title"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                "没有变化",
            ),
        )
        .await,
    )
    .await;
    assert!(
        error["fields"]["reason"].is_string(),
        "nothing changes: {error}"
    );
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            &path,
            correction(&f, " ", "serious", ""),
        )
        .await,
    )
    .await;
    assert!(
        error["fields"]["title"].is_string() && error["fields"]["reason"].is_string(),
        "{error}"
    );
    let mut stale = fix.clone();
    stale["version"] = json!(0);
    let resp = send(&s, &office, Method::POST, &path, stale).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);

    let done = expect(
        send(&s, &office, Method::POST, &path, fix).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["title"], "窗口工作人员离岗未放置告示牌");
    assert_eq!(done["severity"], "serious");
    assert_eq!(done["state"], f["state"], "a correction moves no state");

    // The unit sees the correction: what changed, from what, to what, and why.
    let seen = ok_json(liaison.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    assert_eq!(seen["title"], "窗口工作人员离岗未放置告示牌");
    let last = seen["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "correct");
    assert_eq!(last["comment"], "核对录像，原标题与事实不符。");
    let changes: Vec<(String, String, String)> = last["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap().to_owned(),
                c["before"].as_str().unwrap().to_owned(),
                c["after"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "title".to_owned(),
                "窗口无人值守".to_owned(),
                "窗口工作人员离岗未放置告示牌".to_owned()
            ),
            (
                "severity".to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                "serious".to_owned()
            ),
        ]
    );
    assert_eq!(
        s.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'finding' AND action = 'correct'
             AND entity_id = '{}' AND before_state LIKE '%窗口无人值守%'",
            f["id"]
        ))
        .await,
        1,
        "audited with the facts before"
    );
}

async fn an_unfounded_finding_is_reopened_on_new_facts(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let deadline = (Utc::now() + Duration::days(10)).date_naive();
    let f = fixtures::fed_back(&s, &office, 7, "窗口无人值守", deadline).await;
    let act = format!("/api/findings/{}/actions", f["id"]);
    let f = expect(
        send(&s, &liaison, Method::POST, &act,
            json!({"action": "report_verification", "comment": "当事人外出办事，有登记。", "version": f["version"]}))
        .await,
        StatusCode::OK,
    )
    .await;
    let f = expect(
        send(&s, &office, Method::POST, &act,
            json!({"action": "declare_unfounded", "comment": "有外出登记，不实。", "version": f["version"]}))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(f["state"], "unfounded");
    let reopen =
        |comment: Value| json!({"action": "reopen", "comment": comment, "version": f["version"]});
    let resp = send(&s, &liaison, Method::POST, &act, reopen(json!("新情况"))).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let error = refused(send(&s, &office, Method::POST, &act, reopen(Value::Null)).await).await;
    assert!(
        error["fields"]["comment"].is_string(),
        "a reason is needed: {error}"
    );
    let reopened = expect(
        send(
            &s,
            &office,
            Method::POST,
            &act,
            reopen(json!("群众举报提供了当日录像，外出登记系事后补填。")),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reopened["state"], "verified");
    assert!(
        reopened["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("substantiate"))
    );
    let seen = ok_json(liaison.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    let last = seen["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["action"].as_str(),
            last["from_state"].as_str(),
            last["to_state"].as_str()
        ),
        (Some("reopen"), Some("unfounded"), Some("verified"))
    );
    // Decided again: substantiated this time.
    let again = expect(
        send(
            &s,
            &office,
            Method::POST,
            &act,
            json!({"action": "substantiate", "comment": "查实。", "version": reopened["version"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["state"], "substantiated");
}
