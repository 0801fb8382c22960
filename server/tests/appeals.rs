//! Appeals (申诉 / 复核) over HTTP on both engines: a unit appeals a
//! substantiation and a decision; the office (or a leader, when the office
//! so sets) upholds or dismisses with reasons the unit reads; the finding
//! returns to the state the review names, or the decision is revoked; each
//! appeal is read by the office, the leaders and its own unit only.

mod common;

use chrono::{Duration, Utc};
use common::{Session, TestServer, expect, expect_error, fixtures, ok_json, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_substantiation_appealed_and_upheld_returns_the_finding,
    a_decision_appeal_dismissed_and_one_upheld_by_a_leader,
    an_appeal_after_the_window_is_refused,
    an_appeal_carries_its_evidence_to_its_readers_only
);

/// A finding of `unit` fed back and substantiated by the office.
async fn substantiated(s: &TestServer, office: &Session, unit: i64) -> Value {
    let deadline = (Utc::now() + Duration::days(20)).date_naive();
    let f = fixtures::fed_back(s, office, unit, "窗口人员上班时间离岗", deadline).await;
    expect(
        send(
            s,
            office,
            Method::POST,
            &format!("/api/findings/{}/actions", f["id"]),
            json!({"action": "substantiate", "comment": "查实。", "version": f["version"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn told(s: &TestServer, who: &Session, kind: &str) -> Vec<Value> {
    let page = ok_json(who.on(s.get("/api/notifications?limit=100"), false)).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

async fn status(s: &TestServer, who: &Session, path: &str) -> StatusCode {
    who.on(s.get(path), false).send().await.unwrap().status()
}

async fn a_substantiation_appealed_and_upheld_returns_the_finding(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let other = s.login("liaison2", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let lodge =
        json!({"finding_id": f["id"], "grounds": "当事人当日持有请假审批单，并非擅自离岗。"});

    // Only the unit appeals, and only with grounds.
    for who in [&office, &inspector, &leader] {
        let resp = send(&s, who, Method::POST, "/api/appeals", lodge.clone()).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    }
    let resp = send(&s, &other, Method::POST, "/api/appeals", lodge.clone()).await;
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "another unit's finding"
    );
    let error = refused(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"finding_id": f["id"], "grounds": "  "}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["grounds"].is_string(), "{error}");

    let appeal = expect(
        send(&s, &liaison, Method::POST, "/api/appeals", lodge.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (appeal["state"].as_str(), appeal["subject"].as_str()),
        (Some("lodged"), Some("finding"))
    );
    assert_eq!(appeal["actions"], json!([]), "the unit does not review");
    assert!(appeal["review_by"].is_string());
    expect_error(
        send(&s, &liaison, Method::POST, "/api/appeals", lodge).await,
        StatusCode::CONFLICT,
        "already_done",
    )
    .await;
    let path = format!("/api/appeals/{}", appeal["id"]);
    // Who reads it: the office, the leaders and the unit; nobody else.
    assert_eq!(status(&s, &other, &path).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&s, &inspector, &path).await, StatusCode::FORBIDDEN);
    assert_eq!(status(&s, &leader, &path).await, StatusCode::OK);
    let listed = ok_json(other.on(s.get("/api/appeals"), false)).await;
    assert!(
        !listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == appeal["id"]),
        "not in another unit's list"
    );
    // The office is told, by when to review it.
    let lodged = told(&s, &office, "appeal_lodged").await;
    assert_eq!(lodged.len(), 1);
    assert_eq!(lodged[0]["deadline"], appeal["review_by"]);
    assert_eq!(told(&s, &other, "appeal_lodged").await.len(), 0);

    let seen = ok_json(office.on(s.get(&path), false)).await;
    assert_eq!(seen["actions"], json!(["uphold", "dismiss"]));
    let act = format!("{path}/actions");
    let resp = send(
        &s,
        &liaison,
        Method::POST,
        &act,
        json!({"action": "dismiss", "reason": "x", "version": seen["version"]}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // Upholding a finding names where it returns; a stale version is refused.
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            &act,
            json!({"action": "uphold", "reason": "经复核，请假手续齐全。", "version": seen["version"]}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["restore"].is_string(), "{error}");
    let uphold = |version: &Value| json!({"action": "uphold", "reason": "经复核，请假手续齐全，认定不实。", "restore": "unfounded", "version": version});
    let resp = send(&s, &office, Method::POST, &act, uphold(&json!(0))).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let done = expect(
        send(&s, &office, Method::POST, &act, uphold(&seen["version"])).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (done["state"].as_str(), done["restored_to"].as_str()),
        (Some("upheld"), Some("unfounded"))
    );
    assert_eq!(done["actions"], json!([]));
    let resp = send(&s, &office, Method::POST, &act, uphold(&done["version"])).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT, "reviewed once");

    // The finding is unfounded, with both steps on its timeline, and the unit reads why.
    let finding = ok_json(liaison.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    assert_eq!(finding["state"], "unfounded");
    let steps: Vec<(String, String)> = finding["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            Some((
                e["action"].as_str()?.to_owned(),
                e["comment"].as_str().unwrap_or_default().to_owned(),
            ))
        })
        .filter(|(a, _)| a.contains("appeal"))
        .collect();
    assert_eq!(
        steps,
        [
            (
                "appeal".to_owned(),
                "当事人当日持有请假审批单，并非擅自离岗。".to_owned()
            ),
            (
                "uphold_appeal".to_owned(),
                "经复核，请假手续齐全，认定不实。".to_owned()
            ),
        ]
    );
    assert_eq!(told(&s, &liaison, "appeal_decided").await.len(), 1);
    assert_eq!(told(&s, &other, "appeal_decided").await.len(), 0);
    let read = ok_json(liaison.on(s.get(&path), false)).await;
    assert_eq!(read["reason"], "经复核，请假手续齐全，认定不实。");
    assert_eq!(
        s.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'appeal' AND entity_id = '{}'",
            appeal["id"]
        ))
        .await,
        2,
        "lodged and reviewed, both audited"
    );
}

fn decision(finding: &Value) -> Value {
    json!({
        "finding_ids": [finding["id"]],
        "person_name": "张某",
        "person_unit_id": 7,
        "person_post": "政务服务窗口工作人员",
        "measures": [{"kind": "written_self_examination"}],
        "basis": "《合肥市效能建设问责办法》第十条",
        "decided_on": Utc::now().date_naive(),
    })
}

async fn a_decision_appeal_dismissed_and_one_upheld_by_a_leader(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let first = expect(
        send(&s, &office, Method::POST, "/api/decisions", decision(&f)).await,
        StatusCode::CREATED,
    )
    .await;
    let appeal = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"decision_id": first["id"], "grounds": "处理过重，当事人系初次违反。"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(appeal["subject"], "decision");
    assert_eq!(appeal["person_name"], "张某");
    let act = format!("/api/appeals/{}/actions", appeal["id"]);
    // A dismissal names no state to return to.
    let error = refused(
        send(&s, &office, Method::POST, &act,
            json!({"action": "dismiss", "reason": "事实清楚。", "restore": "verified", "version": appeal["version"]}))
        .await,
    )
    .await;
    assert!(error["fields"]["restore"].is_string(), "{error}");
    let dismissed = expect(
        send(&s, &office, Method::POST, &act,
            json!({"action": "dismiss", "reason": "事实清楚，处理适当，维持原决定。", "version": appeal["version"]}))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(dismissed["state"], "dismissed");
    let kept = ok_json(liaison.on(s.get(&format!("/api/decisions/{}", first["id"])), false)).await;
    assert_eq!(
        kept["revoked_at"],
        Value::Null,
        "a dismissal keeps the decision"
    );
    let read = ok_json(liaison.on(s.get(&format!("/api/appeals/{}", appeal["id"])), false)).await;
    assert_eq!(read["reason"], "事实清楚，处理适当，维持原决定。");

    // The office hands decisions' appeals to a leader.
    let error = refused(
        send(
            &s,
            &office,
            Method::PUT,
            "/api/settings/appeals",
            json!({"window_days": 0, "review_days": 10, "leader_reviews_decisions": true}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["window_days"].is_string(), "{error}");
    let resp = send(
        &s,
        &liaison,
        Method::PUT,
        "/api/settings/appeals",
        json!({"window_days": 5, "review_days": 10, "leader_reviews_decisions": true}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let set = expect(
        send(
            &s,
            &office,
            Method::PUT,
            "/api/settings/appeals",
            json!({"window_days": 5, "review_days": 10, "leader_reviews_decisions": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(set["leader_reviews_decisions"], true);
    // The same person on the same finding again: asked for explicitly.
    let error =
        refused(send(&s, &office, Method::POST, "/api/decisions", decision(&f)).await).await;
    assert!(error["fields"]["person_name"].is_string(), "{error}");
    let mut again = decision(&f);
    again["confirm_repeat"] = json!(true);
    let second = expect(
        send(&s, &office, Method::POST, "/api/decisions", again).await,
        StatusCode::CREATED,
    )
    .await;
    let appeal = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"decision_id": second["id"], "grounds": "同一问题已作出处理，不应重复问责。"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        told(&s, &leader, "appeal_lodged").await.len(),
        1,
        "the leader reviews it"
    );
    let act = format!("/api/appeals/{}/actions", appeal["id"]);
    let uphold = json!({"action": "uphold", "reason": "同一问题重复问责，撤销本决定。", "version": appeal["version"]});
    let resp = send(&s, &office, Method::POST, &act, uphold.clone()).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "the leader's, now");
    expect(
        send(&s, &leader, Method::POST, &act, uphold).await,
        StatusCode::OK,
    )
    .await;
    let revoked =
        ok_json(liaison.on(s.get(&format!("/api/decisions/{}", second["id"])), false)).await;
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    assert_eq!(revoked["revoked_reason"], "同一问题重复问责，撤销本决定。");
    // A revoked decision is not appealed again; the finding's state stands.
    let resp = send(
        &s,
        &liaison,
        Method::POST,
        "/api/appeals",
        json!({"decision_id": second["id"], "grounds": "再次申诉"}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let finding = ok_json(office.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    assert_eq!(finding["state"], "substantiated");
}

async fn an_appeal_after_the_window_is_refused(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    // Substantiated long ago: past the five working days to appeal.
    let old = substantiated(&s, &office, 7).await;
    s.raw_sql(&format!(
        "UPDATE finding_events SET at = '2020-07-01T02:00:00+00:00'
         WHERE finding_id = {} AND to_state = 'substantiated'",
        old["id"]
    ))
    .await;
    let error = refused(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"finding_id": old["id"], "grounds": "情况有误。"}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["finding_id"].is_string(), "{error}");
    assert_eq!(
        s.scalar("SELECT COUNT(*) FROM appeals").await,
        0,
        "nothing was written"
    );
    // A finding not substantiated cannot be appealed either.
    let fed = fixtures::fed_back(
        &s,
        &office,
        7,
        "窗口无人",
        (Utc::now() + Duration::days(9)).date_naive(),
    )
    .await;
    let error = refused(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"finding_id": fed["id"], "grounds": "情况有误。"}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["finding_id"].is_string(), "{error}");
}

/// The unit attaches files in support of its appeal while it waits; the
/// reviewer reads them; another unit never learns they exist; a reviewed
/// appeal takes no more, nor an eleventh.
async fn an_appeal_carries_its_evidence_to_its_readers_only(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let other = s.login("liaison2", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let appeal = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/appeals",
            json!({"finding_id": f["id"], "grounds": "当事人当日持有请假审批单。"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/appeals/{}/evidence", appeal["id"]);
    let attach = |who: &Session, name: &'static str| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(include_bytes!("data/pixel.png").to_vec())
                .file_name(name),
        );
        let req = who.on(s.post(&path), true).multipart(form);
        async move { req.send().await.unwrap() }
    };
    let resp = attach(&office, "请假审批单.png").await;
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "the unit gives the evidence"
    );
    let resp = attach(&other, "请假审批单.png").await;
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "another unit's appeal"
    );
    let attached = expect(
        attach(&liaison, "请假审批单.png").await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            attached["file_name"].as_str(),
            attached["content_type"].as_str()
        ),
        (Some("请假审批单.png"), Some("image/png"))
    );
    let seen = ok_json(office.on(s.get(&format!("/api/appeals/{}", appeal["id"])), false)).await;
    assert_eq!(seen["evidence"][0]["id"], attached["id"]);
    let file = format!("/api/appeal-evidence/{}", attached["id"]);
    let resp = office.on(s.get(&file), false).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.bytes().await.unwrap().as_ref(),
        include_bytes!("data/pixel.png")
    );
    let resp = other.on(s.get(&file), false).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = s.get(&file).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    // Ten at most.
    for _ in 1..10 {
        expect(attach(&liaison, "补充材料.png").await, StatusCode::CREATED).await;
    }
    let error = refused(attach(&liaison, "第十一份.png").await).await;
    assert!(error["fields"]["file"].is_string(), "{error}");

    // Reviewed: nothing more.
    let seen = ok_json(office.on(s.get(&format!("/api/appeals/{}", appeal["id"])), false)).await;
    expect(
        send(&s, &office, Method::POST, &format!("/api/appeals/{}/actions", appeal["id"]),
            json!({"action": "dismiss", "reason": "请假审批单日期与检查日期不符。", "version": seen["version"]})).await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        attach(&liaison, "迟到的材料.png").await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;
}
