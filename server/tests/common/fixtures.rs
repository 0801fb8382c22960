//! What several suites set up, with request bodies built from the domain's
//! input types: a body a test sends is one the API defines (a field renamed
//! in the domain fails to compile here, not at run time in one suite).

use chrono::NaiveDate;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xiaoneng_domain::checklist::ChecklistInput;
use xiaoneng_domain::planning::{NewBatch, RoundInput, RoundKind, VisitInput, VisitMode};
use xiaoneng_domain::record::{Dimension, NewFinding, Severity, Source};

use super::{Session, TestServer, expect, send};

/// A date written the ISO way.
pub fn day(iso: &str) -> NaiveDate {
    iso.parse().expect("an ISO date")
}

/// A domain input as the JSON body the API takes.
pub fn body(input: impl serde::Serialize) -> Value {
    serde_json::to_value(input).expect("a domain input serializes")
}

/// The window units' checklist: three pass/fail items, a failure needing a
/// note, evidence, or nothing.
pub fn checklist() -> ChecklistInput {
    serde_json::from_value(json!({
        "name": "窗口单位暗访检查表",
        "items": [
            {"key": "notice-board", "dimension": "work_discipline", "text": "离岗告示牌信息准确",
             "guidance": "核对告示牌所写去向与实际是否一致", "answer_kind": "pass_fail", "weight": 20, "on_failure": "note"},
            {"key": "presence", "dimension": "work_discipline", "text": "工作时间在岗在位,无炒股、看视频、玩游戏、网购",
             "answer_kind": "pass_fail", "weight": 30, "on_failure": "evidence"},
            {"key": "ab-post", "dimension": "service_quality", "text": "AB岗设置到位", "answer_kind": "pass_fail",
             "weight": 10, "on_failure": "nothing"},
        ],
    }))
    .expect("the checklist is the domain's shape")
}

/// A round in November 2026 over `units`: the office's, or a
/// self-inspection run by `owner`.
pub fn round(name: &str, units: &[i64], owner: Option<i64>) -> RoundInput {
    RoundInput {
        name: name.into(),
        starts_on: day("2026-11-01"),
        ends_on: day("2026-11-30"),
        unit_ids: units.to_vec(),
        kind: if owner.is_some() {
            RoundKind::SelfInspection
        } else {
            RoundKind::Office
        },
        owner_unit_id: owner,
        version: None,
    }
}

/// The week of 23–29 November 2026.
pub fn batch(name: &str) -> NewBatch {
    NewBatch {
        name: name.into(),
        starts_on: day("2026-11-23"),
        ends_on: day("2026-11-29"),
    }
}

/// A visit on 26 November 2026.
pub fn visit(
    batch: i64,
    unit: i64,
    mode: VisitMode,
    inspectors: &[i64],
    checklist: i64,
) -> VisitInput {
    VisitInput {
        batch_id: batch,
        unit_id: unit,
        planned_on: day("2026-11-26"),
        mode,
        inspector_ids: inspectors.to_vec(),
        checklist_id: checklist,
        version: None,
    }
}

/// A minor finding about `unit`, seen on 24 June 2020.
pub fn finding(unit: i64, title: &str) -> NewFinding {
    NewFinding {
        unit_id: unit,
        source: Source::Inspection,
        dimension: Dimension::WorkStyle,
        severity: Severity::Minor,
        title: title.into(),
        description: "用于检查访问权限".into(),
        observed_on: day("2020-06-24"),
        people: vec![],
    }
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("an id")
}

/// The office's plan: the window checklist, the round "2026年11月全覆盖督查"
/// over `unit` and 合肥热电集团 (12), its batch "第四批", and an unannounced
/// visit to `unit` by `inspector`.
pub struct OfficePlan {
    pub checklist: Value,
    pub round: Value,
    pub batch: Value,
    pub visit: Value,
}

pub async fn office_plan(
    s: &TestServer,
    office: &Session,
    inspector: &Session,
    unit: i64,
) -> OfficePlan {
    let created = |v: reqwest::Response| async move { expect(v, StatusCode::CREATED).await };
    let checklist = created(
        send(
            s,
            office,
            Method::POST,
            "/api/checklists",
            body(checklist()),
        )
        .await,
    )
    .await;
    let round = round("2026年11月全覆盖督查", &[unit, 12], None);
    let round = created(send(s, office, Method::POST, "/api/rounds", body(round)).await).await;
    let path = format!("/api/rounds/{}/batches", round["id"]);
    let batch = created(send(s, office, Method::POST, &path, body(batch("第四批"))).await).await;
    let inspectors = [inspector.me["id"].as_i64().expect("the inspector's id")];
    let visit = visit(
        id(&batch),
        unit,
        VisitMode::Unannounced,
        &inspectors,
        id(&checklist),
    );
    let visit = created(send(s, office, Method::POST, "/api/visits", body(visit)).await).await;
    OfficePlan {
        checklist,
        round,
        batch,
        visit,
    }
}

/// The liaison's unit (市房产局, 7) inspects its office (8): a round, a
/// batch and a visit the liaison makes, with a draft saved. Answers the
/// round's and the visit's ids.
pub async fn unit_round(s: &TestServer, checklist: i64) -> (i64, i64) {
    let liaison = s.login("liaison", "xiaoneng-demo").await;
    let created = |v: reqwest::Response| async move { expect(v, StatusCode::CREATED).await };
    let round = round("自查", &[8, 11], Some(7));
    let round = created(send(s, &liaison, Method::POST, "/api/rounds", body(round)).await).await;
    let path = format!("/api/rounds/{}/batches", round["id"]);
    let batch = created(send(s, &liaison, Method::POST, &path, body(batch("批次"))).await).await;
    let me = [liaison.me["id"].as_i64().expect("the liaison's id")];
    let visit = visit(id(&batch), 8, VisitMode::Open, &me, checklist);
    let visit = created(send(s, &liaison, Method::POST, "/api/visits", body(visit)).await).await;
    let path = format!("/api/visits/{}/inspection", visit["id"]);
    let draft = json!({"answers": [], "version": 0});
    expect(
        send(s, &liaison, Method::PUT, &path, draft).await,
        StatusCode::OK,
    )
    .await;
    (id(&round), id(&visit))
}

/// A finding of `unit` recorded by the office and fed back due `deadline`
/// (the finding as the step answers it).
pub async fn fed_back(
    s: &TestServer,
    office: &Session,
    unit: i64,
    title: &str,
    deadline: NaiveDate,
) -> Value {
    let f = expect(
        send(
            s,
            office,
            Method::POST,
            "/api/findings",
            body(finding(unit, title)),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect(
        send(
            s,
            office,
            Method::POST,
            &format!("/api/findings/{}/actions", f["id"]),
            json!({ "action": "feed_back", "deadline": deadline, "version": f["version"] }),
        )
        .await,
        StatusCode::OK,
    )
    .await
}
