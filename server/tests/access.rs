//! The access matrix: every endpoint, tried by every role and anonymously,
//! answers as the access rules say. A denial is 401 (no session), 403 (the
//! role never may) or 404 (the record is out of the caller's reach); anything
//! else — success, or a 409/422 about the input — means access was granted.
//! Run on both engines.

mod common;

use common::{Session, TestServer, fixtures};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xiaoneng_domain::planning::{RoundInput, VisitInput, VisitMode};

const DEMO: &str = "xiaoneng-demo";

both_engines!(every_endpoint_answers_every_role_as_the_rules_say);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    Office,
    Inspector,
    Liaison,
    Leader,
}

use Who::*;

const EVERYONE: &[Who] = &[Anonymous, Admin, Office, Inspector, Liaison, Leader];
const SIGNED_IN: &[Who] = &[Admin, Office, Inspector, Liaison, Leader];

/// The records the matrix is tried against.
struct Fixture {
    /// Recorded by the office, not fed back: the unit must not see it.
    recorded: Value,
    /// Fed back to the liaison's unit (市房产局).
    own_unit: Value,
    /// Fed back to another unit (市委办公室).
    other_unit: Value,
    /// A photo attached to `own_unit`.
    evidence_id: i64,
    /// A decision about someone of the liaison's unit (a substantiated `own_unit`).
    decision_id: i64,
    /// The liaison's appeal against that decision, waiting for review.
    appeal_id: i64,
    /// Planning: a checklist, a round, and an unannounced visit to the
    /// liaison's unit assigned to `inspector`, with a draft and a photo.
    checklist_id: i64,
    round_id: i64,
    visit_id: i64,
    photo_id: i64,
    /// A self-inspection run by the liaison's unit, with a visit to one of
    /// its offices that the liaison inspects (a draft saved).
    unit_round_id: i64,
    unit_visit_id: i64,
    /// A draft bulletin and a published public one.
    draft_bulletin: i64,
    public_bulletin: i64,
    /// A citizen report with a photo, and its tracking code.
    report_id: i64,
    report_code: String,
    /// A message given up on (the office may send it again).
    failed_delivery: i64,
    /// A staff member of the liaison's unit, and a post there.
    staff_id: i64,
    post_id: i64,
    /// A supervisor on the roster (and the 2020 commitment letter is written).
    supervisor_id: i64,
}

struct Case {
    method: Method,
    path: String,
    body: Option<Value>,
    allowed: &'static [Who],
}

fn case(
    method: Method,
    path: impl Into<String>,
    body: Option<Value>,
    allowed: &'static [Who],
) -> Case {
    Case {
        method,
        path: path.into(),
        body,
        allowed,
    }
}

fn new_finding(unit: i64) -> Value {
    fixtures::body(fixtures::finding(unit, "访问矩阵"))
}

/// A round of the right shape (the office's, or run by `owner`), at a stale version.
fn round_body(owner: Option<i64>) -> Value {
    fixtures::body(RoundInput {
        version: Some(999),
        ..fixtures::round("轮次", &[8], owner)
    })
}

fn batch_body() -> Value {
    fixtures::body(fixtures::batch("批次"))
}

/// A visit of the right shape at a stale version (its batch is no matter:
/// reach is decided on the visit first).
fn visit_body(checklist: i64) -> Value {
    fixtures::body(VisitInput {
        version: Some(999),
        ..fixtures::visit(1, 8, VisitMode::Open, &[1], checklist)
    })
}

fn cases(f: &Fixture) -> Vec<Case> {
    let id = |v: &Value| v["id"].as_i64().unwrap();
    let comment =
        |v: &Value| Some(json!({"action": "comment", "comment": "备注", "version": v["version"]}));
    vec![
        case(Method::GET, "/api/health", None, EVERYONE),
        case(Method::GET, "/api/openapi.json", None, EVERYONE),
        // An empty body: refused as input (422), so nobody signs in or out here.
        case(Method::POST, "/api/auth/login", Some(json!({})), EVERYONE),
        case(Method::GET, "/api/auth/me", None, SIGNED_IN),
        case(Method::GET, "/api/units", None, SIGNED_IN),
        case(Method::GET, "/api/calendar?year=2020", None, SIGNED_IN),
        case(
            Method::GET,
            "/api/calendar/deadline?from=2020-06-24&working_days=5",
            None,
            SIGNED_IN,
        ),
        case(
            Method::PUT,
            "/api/calendar/days/2020-12-26",
            Some(json!({"working": true, "name": "调休上班"})),
            &[Admin, Office],
        ),
        case(
            Method::POST,
            "/api/calendar/import",
            Some(json!({"csv": "day,kind,name\n", "write": false})),
            &[Admin, Office],
        ),
        // Deletes the day the case above just set (for the roles that may).
        case(
            Method::DELETE,
            "/api/calendar/days/2020-12-26",
            None,
            &[Admin, Office],
        ),
        case(
            Method::GET,
            "/api/findings",
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::POST,
            "/api/findings",
            Some(new_finding(7)),
            &[Office, Inspector],
        ),
        case(
            Method::GET,
            format!("/api/findings/{}", id(&f.recorded)),
            None,
            &[Office, Leader],
        ),
        case(
            Method::GET,
            format!("/api/findings/{}", id(&f.own_unit)),
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::GET,
            format!("/api/findings/{}", id(&f.other_unit)),
            None,
            &[Office, Leader],
        ),
        case(
            Method::POST,
            format!("/api/findings/{}/actions", id(&f.recorded)),
            comment(&f.recorded),
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/findings/{}/actions", id(&f.own_unit)),
            comment(&f.own_unit),
            &[Office, Liaison],
        ),
        case(
            Method::POST,
            format!("/api/findings/{}/actions", id(&f.other_unit)),
            comment(&f.other_unit),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/evidence/{}", f.evidence_id),
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::POST,
            format!("/api/findings/{}/corrections", id(&f.own_unit)),
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/findings/{}/evidence", id(&f.own_unit)),
            None,
            &[Office, Liaison],
        ),
        case(
            Method::GET,
            "/api/decisions",
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::POST,
            "/api/decisions",
            Some(json!({"finding_ids": []})),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/decisions/{}", f.decision_id),
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::POST,
            format!("/api/decisions/{}/changes", f.decision_id),
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::GET,
            "/api/decisions/record?person=%E5%BC%A0%E4%B8%89&unit=7",
            None,
            &[Office, Leader],
        ),
        case(Method::GET, "/api/reassignments", None, &[Office, Leader]),
        // No such reassignment: the roles that may read find nothing (404).
        case(Method::GET, "/api/reassignments/999999", None, &[]),
        case(
            Method::POST,
            "/api/reassignments/999999/return",
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::GET,
            "/api/settings/sanctions",
            None,
            &[Office, Leader],
        ),
        case(
            Method::PUT,
            "/api/settings/sanctions",
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::GET,
            "/api/appeals",
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::POST,
            "/api/appeals",
            Some(json!({"grounds": ""})),
            &[Liaison],
        ),
        case(
            Method::GET,
            format!("/api/appeals/{}", f.appeal_id),
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::POST,
            format!("/api/appeals/{}/actions", f.appeal_id),
            Some(json!({})),
            &[Office, Leader],
        ),
        // The matrix sends a photo: the unit's liaison attaches it.
        case(
            Method::POST,
            format!("/api/appeals/{}/evidence", f.appeal_id),
            None,
            &[Liaison],
        ),
        // No such file: 404 for those who may read appeals, 403 for the rest.
        case(Method::GET, "/api/appeal-evidence/999999", None, &[]),
        case(
            Method::GET,
            "/api/settings/appeals",
            None,
            &[Office, Liaison, Leader],
        ),
        case(
            Method::PUT,
            "/api/settings/appeals",
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::GET,
            "/api/checklists",
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(Method::POST, "/api/checklists", Some(json!({})), &[Office]),
        case(
            Method::GET,
            format!("/api/checklists/{}", f.checklist_id),
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::PUT,
            format!("/api/checklists/{}", f.checklist_id),
            Some(json!({"name": "x", "items": [], "version": 0})),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/checklists/{}/versions", f.checklist_id),
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::POST,
            format!("/api/checklists/{}/activate", f.checklist_id),
            Some(json!({"template_version": 0})),
            &[Office],
        ),
        // Lists: a liaison's holds only their units' own rounds and visits
        // (checked in tests/planning.rs); the office's are out of its reach.
        case(Method::GET, "/api/rounds", None, &[Office, Liaison]),
        case(Method::GET, "/api/inspectors", None, &[Office]),
        case(
            Method::GET,
            format!("/api/inspectors?round={}", f.round_id),
            None,
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/inspectors?round={}", f.unit_round_id),
            None,
            &[Liaison],
        ),
        case(
            Method::POST,
            "/api/rounds",
            Some(json!({})),
            &[Office, Liaison],
        ),
        // Bodies of the right shape, so access is decided before any 422;
        // `version` 999 keeps every granted write a 409.
        case(
            Method::GET,
            format!("/api/rounds/{}", f.round_id),
            None,
            &[Office],
        ),
        case(
            Method::PUT,
            format!("/api/rounds/{}", f.round_id),
            Some(round_body(None)),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/rounds/{}/batches", f.round_id),
            None,
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/rounds/{}/batches", f.round_id),
            Some(batch_body()),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/rounds/{}", f.unit_round_id),
            None,
            &[Office, Liaison],
        ),
        case(
            Method::PUT,
            format!("/api/rounds/{}", f.unit_round_id),
            Some(round_body(Some(7))),
            &[Liaison],
        ),
        case(
            Method::GET,
            format!("/api/rounds/{}/batches", f.unit_round_id),
            None,
            &[Office, Liaison],
        ),
        case(
            Method::POST,
            format!("/api/rounds/{}/batches", f.unit_round_id),
            Some(batch_body()),
            &[Liaison],
        ),
        case(
            Method::GET,
            "/api/visits",
            None,
            &[Office, Inspector, Liaison],
        ),
        case(
            Method::POST,
            "/api/visits",
            Some(json!({})),
            &[Office, Liaison],
        ),
        case(
            Method::GET,
            format!("/api/visits/{}", f.visit_id),
            None,
            &[Office, Inspector],
        ),
        case(
            Method::PUT,
            format!("/api/visits/{}", f.visit_id),
            Some(visit_body(f.checklist_id)),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/visits/{}", f.unit_visit_id),
            None,
            &[Office, Liaison],
        ),
        case(
            Method::PUT,
            format!("/api/visits/{}", f.unit_visit_id),
            Some(visit_body(f.checklist_id)),
            &[Liaison],
        ),
        case(
            Method::GET,
            format!("/api/visits/{}/inspection", f.unit_visit_id),
            None,
            &[Office, Liaison],
        ),
        case(
            Method::PUT,
            format!("/api/visits/{}/inspection", f.unit_visit_id),
            Some(json!({"answers": [], "version": 999})),
            &[Liaison],
        ),
        case(
            Method::POST,
            format!("/api/visits/{}/inspection/photos", f.unit_visit_id),
            None,
            &[Liaison],
        ),
        case(
            Method::POST,
            format!("/api/visits/{}/inspection/submit", f.unit_visit_id),
            Some(json!({"version": 999})),
            &[Liaison],
        ),
        case(
            Method::GET,
            format!("/api/visits/{}/inspection", f.visit_id),
            None,
            &[Office, Inspector],
        ),
        case(
            Method::PUT,
            format!("/api/visits/{}/inspection", f.visit_id),
            Some(json!({"answers": [], "version": 999})),
            &[Office, Inspector],
        ),
        case(
            Method::POST,
            format!("/api/visits/{}/inspection/photos", f.visit_id),
            None,
            &[Office, Inspector],
        ),
        case(
            Method::POST,
            format!("/api/visits/{}/inspection/submit", f.visit_id),
            Some(json!({"version": 999})),
            &[Office, Inspector],
        ),
        case(
            Method::GET,
            format!("/api/inspection-photos/{}", f.photo_id),
            None,
            &[Office, Inspector],
        ),
        case(
            Method::GET,
            "/api/bulletins",
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(Method::POST, "/api/bulletins", Some(json!({})), &[Office]),
        case(
            Method::POST,
            "/api/bulletins/preview",
            Some(json!({"body": "**经查**"})),
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::GET,
            format!("/api/bulletins/{}", f.draft_bulletin),
            None,
            &[Office, Leader],
        ),
        case(
            Method::GET,
            format!("/api/bulletins/{}", f.public_bulletin),
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::PUT,
            format!("/api/bulletins/{}", f.draft_bulletin),
            Some(json!({})),
            &[Office],
        ),
        // Which step, the sign-off rule says (tests/bulletins.rs).
        case(
            Method::POST,
            format!("/api/bulletins/{}/actions", f.draft_bulletin),
            Some(json!({})),
            &[Office, Leader],
        ),
        case(
            Method::GET,
            "/api/settings/bulletins",
            None,
            &[Office, Leader],
        ),
        case(
            Method::PUT,
            "/api/settings/bulletins",
            Some(json!({})),
            &[Office],
        ),
        case(Method::GET, "/api/public/bulletins", None, EVERYONE),
        case(
            Method::GET,
            format!("/api/public/bulletins/{}", f.public_bulletin),
            None,
            EVERYONE,
        ),
        // A draft is not public for anyone, signed in or not.
        case(
            Method::GET,
            format!("/api/public/bulletins/{}", f.draft_bulletin),
            None,
            &[],
        ),
        case(Method::GET, "/api/public/feed.atom", None, EVERYONE),
        case(
            Method::POST,
            "/api/public/reports",
            Some(json!({})),
            EVERYONE,
        ),
        case(
            Method::GET,
            format!("/api/public/reports/{}", f.report_code),
            None,
            EVERYONE,
        ),
        // The portal's pages (painted by the server, not the API): anyone.
        case(Method::GET, "/", None, EVERYONE),
        case(Method::GET, "/bulletins", None, EVERYONE),
        case(Method::GET, "/stats", None, EVERYONE),
        case(Method::GET, "/report", None, EVERYONE),
        case(
            Method::GET,
            format!("/report/status?code={}", f.report_code),
            None,
            EVERYONE,
        ),
        case(
            Method::GET,
            format!("/report/received?code={}", f.report_code),
            None,
            EVERYONE,
        ),
        // Not a form: refused as input (400), the page shown again.
        case(
            Method::POST,
            "/report?key=access",
            Some(json!({})),
            EVERYONE,
        ),
        case(Method::GET, "/api/reports", None, &[Office]),
        case(
            Method::GET,
            format!("/api/reports/{}", f.report_id),
            None,
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/reports/{}/photo", f.report_id),
            None,
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/reports/{}/accept", f.report_id),
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/reports/{}/decline", f.report_id),
            Some(json!({})),
            &[Office],
        ),
        case(Method::GET, "/api/stats?year=2020", None, &[Office, Leader]),
        case(Method::GET, "/api/public/stats", None, EVERYONE),
        case(Method::GET, "/api/public/units", None, EVERYONE),
        case(
            Method::GET,
            "/api/exports/findings?format=csv",
            None,
            &[Office, Inspector, Liaison, Leader],
        ),
        case(
            Method::GET,
            "/api/exports/decisions?format=xlsx",
            None,
            &[Office, Liaison, Leader],
        ),
        // Staff of the liaison's unit (7) and of another (1).
        case(Method::GET, "/api/units/7/staff", None, SIGNED_IN),
        case(
            Method::GET,
            "/api/units/1/staff",
            None,
            &[Admin, Office, Inspector, Leader],
        ),
        case(
            Method::POST,
            "/api/units/7/staff",
            Some(json!({})),
            &[Admin, Office, Liaison],
        ),
        case(
            Method::POST,
            "/api/units/1/staff",
            Some(json!({})),
            &[Admin, Office],
        ),
        case(
            Method::PUT,
            format!("/api/staff/{}", f.staff_id),
            Some(json!({"name": "", "version": 0})),
            &[Admin, Office, Liaison],
        ),
        case(Method::GET, "/api/units/7/posts", None, SIGNED_IN),
        case(
            Method::POST,
            "/api/units/1/posts",
            Some(json!({})),
            &[Admin, Office],
        ),
        case(
            Method::PUT,
            format!("/api/posts/{}", f.post_id),
            Some(json!({"name": "", "a_staff_id": null, "b_staff_id": null})),
            &[Admin, Office, Liaison],
        ),
        case(
            Method::GET,
            "/api/units/1/away-notices?current=true",
            None,
            &[Admin, Office, Inspector, Leader],
        ),
        case(Method::GET, "/api/units/7/away-notices", None, SIGNED_IN),
        case(
            Method::POST,
            "/api/away-notices",
            Some(json!({})),
            &[Admin, Office, Liaison],
        ),
        case(
            Method::GET,
            "/api/supervisors",
            None,
            &[Admin, Office, Leader],
        ),
        case(
            Method::POST,
            "/api/supervisors",
            Some(json!({})),
            &[Admin, Office],
        ),
        case(
            Method::GET,
            format!("/api/supervisors/{}", f.supervisor_id),
            None,
            &[Admin, Office, Leader],
        ),
        case(
            Method::PUT,
            format!("/api/supervisors/{}", f.supervisor_id),
            Some(json!({})),
            &[Admin, Office],
        ),
        case(
            Method::GET,
            format!("/api/supervisors/{}/assignments?year=2026", f.supervisor_id),
            None,
            &[Office],
        ),
        case(
            Method::POST,
            format!("/api/supervisors/{}/assignments", f.supervisor_id),
            Some(json!({})),
            &[Office],
        ),
        case(
            Method::GET,
            format!("/api/supervisors/{}/assessments/2020", f.supervisor_id),
            None,
            &[Admin, Office, Leader],
        ),
        case(
            Method::PUT,
            format!("/api/supervisors/{}/assessments/2020", f.supervisor_id),
            Some(json!({})),
            &[Office],
        ),
        case(Method::GET, "/api/commitments/2020", None, SIGNED_IN),
        case(
            Method::PUT,
            "/api/commitments/2020",
            Some(json!({})),
            &[Admin, Office],
        ),
        case(
            Method::GET,
            "/api/commitments/2020/completion",
            None,
            &[Admin, Office, Liaison, Leader],
        ),
        case(
            Method::GET,
            "/api/commitments/2020/completion?unit_id=1",
            None,
            &[Admin, Office, Leader],
        ),
        case(
            Method::POST,
            "/api/commitments/2020/signatures",
            Some(json!({})),
            &[Admin, Office, Liaison],
        ),
        case(Method::POST, "/api/units", Some(json!({})), &[Admin]),
        case(Method::PUT, "/api/units/1", Some(json!({})), &[Admin]),
        case(
            Method::POST,
            "/api/units/import",
            Some(json!({"csv": "name,kind\n", "write": false})),
            &[Admin],
        ),
        case(
            Method::POST,
            "/api/staff/import",
            Some(json!({"csv": "unit,name\n", "write": false})),
            &[Admin, Office],
        ),
        case(
            Method::POST,
            "/api/contacts/import",
            Some(json!({"csv": "username,email\n", "write": false})),
            &[Admin],
        ),
        case(Method::GET, "/api/users", None, &[Admin]),
        case(Method::POST, "/api/users", Some(json!({})), &[Admin]),
        case(Method::GET, "/api/users/1", None, &[Admin]),
        case(Method::PUT, "/api/users/1", Some(json!({})), &[Admin]),
        case(
            Method::POST,
            "/api/users/1/password",
            Some(json!({})),
            &[Admin],
        ),
        // An empty body: refused as input (422), so no password changes here.
        case(
            Method::POST,
            "/api/auth/password",
            Some(json!({})),
            SIGNED_IN,
        ),
        case(Method::GET, "/api/notifications", None, SIGNED_IN),
        case(Method::GET, "/api/notifications/count", None, SIGNED_IN),
        case(Method::POST, "/api/notifications/1/read", None, SIGNED_IN),
        case(
            Method::GET,
            "/api/me/notification-settings",
            None,
            SIGNED_IN,
        ),
        // A refused address (422): nobody's settings change here.
        case(
            Method::PUT,
            "/api/me/notification-settings",
            Some(json!({"email": "not-an-address"})),
            SIGNED_IN,
        ),
        case(Method::GET, "/api/deliveries/failed", None, &[Office]),
        case(
            Method::POST,
            format!("/api/deliveries/{}/retry", f.failed_delivery),
            None,
            &[Office],
        ),
        case(
            Method::GET,
            "/api/settings/escalation",
            None,
            &[Office, Leader],
        ),
        // No rungs (422): the ladder stays.
        case(
            Method::PUT,
            "/api/settings/escalation",
            Some(json!({"rungs": []})),
            &[Office],
        ),
        case(Method::POST, "/api/auth/logout", None, SIGNED_IN),
    ]
}

/// The planning, bulletin and report records of the fixture.
async fn more_fixtures(
    s: &TestServer,
    office: &Session,
    decision_id: i64,
) -> (i64, i64, i64, i64, i64, i64, i64, String) {
    let inspector = s.login("inspector", DEMO).await;
    let post = |who: &Session, path: &str, body: Value| {
        let req = who.on(s.post(path), true).json(&body);
        async move {
            let resp = req.send().await.unwrap();
            assert!(resp.status().is_success(), "fixture {}", resp.status());
            resp.json::<Value>().await.unwrap()
        }
    };
    let plan = fixtures::office_plan(s, office, &inspector, 7).await;
    let (checklist, round, visit) = (plan.checklist, plan.round, plan.visit);
    let draft = inspector
        .on(
            s.request(
                Method::PUT,
                &format!("/api/visits/{}/inspection", visit["id"]),
            ),
            true,
        )
        .json(&json!({"answers": [], "version": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(draft.status(), StatusCode::OK);
    let photo: Value = inspector
        .on(
            s.post(&format!("/api/visits/{}/inspection/photos", visit["id"])),
            true,
        )
        .multipart(photo().text("item", "notice-board"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bulletin = |audience: &str| {
        json!({
            "title": "通报", "kind": "accountability", "body": "正文",
            "audience": audience, "decision_ids": [decision_id],
        })
    };
    let draft_bulletin = post(office, "/api/bulletins", bulletin("public")).await;
    let mut public = post(office, "/api/bulletins", bulletin("public")).await;
    let leader = s.login("leader", DEMO).await;
    for (action, by) in [("submit", office), ("publish", &leader)] {
        public = post(
            by,
            &format!("/api/bulletins/{}/actions", public["id"]),
            json!({"action": action, "version": public["version"]}),
        )
        .await;
    }
    let form = reqwest::multipart::Form::new()
        .text(
            "report",
            json!({"what": "窗口无人值守超过半小时"}).to_string(),
        )
        .part(
            "photo",
            reqwest::multipart::Part::bytes(include_bytes!("data/pixel.png").to_vec())
                .file_name("p.png"),
        );
    let receipt: Value = s
        .post("/api/public/reports")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = receipt["code"]
        .as_str()
        .expect("a tracking code")
        .to_owned();
    let reports: Value = office
        .on(s.get("/api/reports"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = |v: &Value| v["id"].as_i64().expect("an id");
    (
        id(&checklist),
        id(&round),
        id(&visit),
        id(&photo),
        id(&draft_bulletin),
        id(&public),
        id(&reports["items"][0]),
        code,
    )
}

/// `path` (without its query) is an instance of the OpenAPI `template`.
fn instance_of(path: &str, template: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (p, t): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), template.split('/').collect());
    p.len() == t.len()
        && p.iter()
            .zip(&t)
            .all(|(p, t)| p == t || (t.starts_with('{') && t.ends_with('}')))
}

async fn every_endpoint_answers_every_role_as_the_rules_say(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let record = |unit: i64| {
        let office = office.clone();
        let s = &s;
        async move {
            let resp = office
                .on(s.post("/api/findings"), true)
                .json(&new_finding(unit))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::CREATED);
            resp.json::<Value>().await.unwrap()
        }
    };
    let feed_back = |f: Value| {
        let office = office.clone();
        let s = &s;
        async move {
            let resp = office
                .on(s.post(&format!("/api/findings/{}/actions", f["id"])), true)
                .json(&json!({"action": "feed_back", "deadline": "2100-01-01", "version": f["version"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            resp.json::<Value>().await.unwrap()
        }
    };
    let own_unit = feed_back(record(8).await).await;
    let evidence: Value = office
        .on(
            s.post(&format!("/api/findings/{}/evidence", own_unit["id"])),
            true,
        )
        .multipart(photo())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let substantiated: Value = office
        .on(
            s.post(&format!("/api/findings/{}/actions", own_unit["id"])),
            true,
        )
        .json(&json!({"action": "substantiate", "comment": "查实", "version": own_unit["version"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let decision: Value = office
        .on(s.post("/api/decisions"), true)
        .json(&json!({
            "finding_ids": [own_unit["id"]], "person_name": "李某", "person_unit_id": 8,
            "person_post": "科员", "measures": [{"kind": "admonishment_talk"}],
            "basis": "问责办法第八条", "decided_on": "2020-07-10",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let decision_id = decision["id"]
        .as_i64()
        .expect("the fixture's decision is recorded");
    let appeal: Value = s
        .login("liaison", DEMO)
        .await
        .on(s.post("/api/appeals"), true)
        .json(&json!({"decision_id": decision_id, "grounds": "当事人当日已请假，有审批手续。"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let appeal_id = appeal["id"]
        .as_i64()
        .expect("the fixture's appeal is lodged");
    let (
        checklist_id,
        round_id,
        visit_id,
        photo_id,
        draft_bulletin,
        public_bulletin,
        report_id,
        report_code,
    ) = more_fixtures(&s, &office, decision_id).await;
    let staff: Value = office
        .on(s.post("/api/units/7/staff"), true)
        .json(&json!({"name": "孙立", "title": "窗口工作人员"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let post: Value = office
        .on(s.post("/api/units/7/posts"), true)
        .json(&json!({"name": "受理窗口", "a_staff_id": staff["id"], "b_staff_id": null}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let supervisor: Value = office
        .on(s.post("/api/supervisors"), true)
        .json(&json!({"name": "周明", "kind": "media", "term_start": "2020-01-01", "term_end": "2030-12-31"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let letter = office
        .on(s.request(Method::PUT, "/api/commitments/2020"), true)
        .json(&json!({"title": "承诺书", "text": "本人郑重承诺"}))
        .send()
        .await
        .unwrap();
    assert_eq!(letter.status(), StatusCode::OK);
    let (unit_round_id, unit_visit_id) = fixtures::unit_round(&s, checklist_id).await;
    s.raw_sql(
        "INSERT INTO outbox (channel, topic, state, attempts, next_attempt_at, created_at)
         VALUES ('email', 'digest', 'failed', 8, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
    )
    .await;
    let failed_delivery = s.scalar("SELECT MAX(id) FROM outbox").await;
    let fixture = Fixture {
        failed_delivery,
        unit_round_id,
        unit_visit_id,
        supervisor_id: supervisor["id"].as_i64().expect("a supervisor"),
        staff_id: staff["id"].as_i64().expect("a staff member"),
        post_id: post["id"].as_i64().expect("a post"),
        checklist_id,
        round_id,
        visit_id,
        photo_id,
        draft_bulletin,
        public_bulletin,
        report_id,
        report_code,
        recorded: record(7).await,
        own_unit: substantiated,
        other_unit: feed_back(record(1).await).await,
        evidence_id: evidence["id"]
            .as_i64()
            .expect("the fixture's photo is attached"),
        decision_id,
        appeal_id,
    };

    let mut checked = 0;
    let mut wrong = Vec::new();
    for who in EVERYONE.iter().copied() {
        // A fresh session per role, so the logout case ends only its own.
        let session: Option<Session> = match who {
            Anonymous => None,
            Admin => Some(s.login("admin", DEMO).await),
            Office => Some(s.login("office", DEMO).await),
            Inspector => Some(s.login("inspector", DEMO).await),
            Liaison => Some(s.login("liaison", DEMO).await),
            Leader => Some(s.login("leader", DEMO).await),
        };
        // Versions move as the matrix comments on findings: reread them for each role.
        let fresh = Fixture {
            recorded: reread(&s, &office, &fixture.recorded).await,
            own_unit: reread(&s, &office, &fixture.own_unit).await,
            other_unit: reread(&s, &office, &fixture.other_unit).await,
            evidence_id: fixture.evidence_id,
            decision_id: fixture.decision_id,
            report_code: fixture.report_code.clone(),
            ..fixture
        };
        for c in cases(&fresh) {
            let mut req = s.request(c.method.clone(), &c.path);
            if let Some(body) = &c.body {
                req = req.json(body);
            }
            if c.path.ends_with("/evidence") || c.path.ends_with("/photos") {
                req = req.multipart(photo());
            }
            if let Some(session) = &session {
                req = session.on(req, !c.method.is_safe());
            }
            let status = req.send().await.unwrap().status();
            let denied = matches!(
                status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            );
            let allowed = c.allowed.contains(&who);
            if allowed == denied || status.is_server_error() {
                wrong.push(format!("{who:?} {} {} → {status}", c.method, c.path));
            }
            let public = c.path.starts_with("/api/public/");
            if who == Anonymous && !allowed && !public && status != StatusCode::UNAUTHORIZED {
                wrong.push(format!(
                    "anonymous {} {} → {status}, not 401",
                    c.method, c.path
                ));
            }
            checked += 1;
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} answers break the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(checked, EVERYONE.len() * cases(&fixture).len());

    // Once more with a session but no CSRF token (a page of another site
    // making the signed-in browser send a form): every unsafe request is
    // refused before it is read, and nothing is written. The portal's report
    // form is the exception by design: it never reads the session (a report
    // is a citizen's, anonymous, whoever's browser sends it) and a plain form
    // cannot carry the token; the matrix above tried it for everyone.
    let mut forged = 0;
    for who in ["admin", "office", "inspector", "liaison", "leader"] {
        let session = s.login(who, DEMO).await;
        let (head_before, _) = s.state.store.audit_head().await.unwrap();
        let with_authority = |c: &Case| !c.method.is_safe() && !c.path.starts_with("/report?");
        for c in cases(&fixture).into_iter().filter(with_authority) {
            let mut req = session.on(s.request(c.method.clone(), &c.path), false);
            if let Some(body) = &c.body {
                req = req.json(body);
            }
            let status = req.send().await.unwrap().status();
            if status != StatusCode::FORBIDDEN {
                wrong.push(format!(
                    "{who} without CSRF {} {} → {status}",
                    c.method, c.path
                ));
            }
            forged += 1;
        }
        let (head_after, _) = s.state.store.audit_head().await.unwrap();
        assert_eq!(
            head_after, head_before,
            "{who}: a refused request wrote nothing"
        );
    }
    assert!(
        wrong.is_empty(),
        "{} of {forged} requests without a CSRF token were not refused:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(forged > 100, "{forged}");

    // The matrix covers every operation the OpenAPI document describes.
    let doc: Value = s
        .get("/api/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all = cases(&fixture);
    let mut uncovered = Vec::new();
    for (template, operations) in doc["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            if !all
                .iter()
                .any(|c| c.method == method && instance_of(&c.path, template))
            {
                uncovered.push(format!("{method} {template}"));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "the access matrix misses:\n{}",
        uncovered.join("\n")
    );
    let mut ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let operations = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), operations, "operation ids are unique");
    // Enums are described in their wire names (as serde writes them).
    assert_eq!(
        doc["components"]["schemas"]["VisitMode"]["enum"],
        json!(["open", "unannounced"])
    );
    // For `cargo xtask test`, which validates it against the OpenAPI specification.
    let out = common::workspace_dir().join("../target/openapi.json");
    std::fs::write(out, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
}

/// A form with a small PNG in its `file` field.
fn photo() -> reqwest::multipart::Form {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR0123456789".to_vec();
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(png).file_name("photo.png"),
    )
}

async fn reread(s: &TestServer, office: &Session, f: &Value) -> Value {
    office
        .on(s.get(&format!("/api/findings/{}", f["id"])), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
