//! Reminders, 催办 and the escalation ladder (issue 17), on both engines:
//! the daily pass reminds the unit before, on and after a deadline, climbs
//! the ladder on the calendar's working days (urge → the unit head and the
//! leaders → 督办), each step on the finding's timeline; run twice the same
//! day it sends nothing new. The office urges an overdue finding by hand;
//! a visit tells only its inspectors; a decision tells the unit.

mod common;

use chrono::{Duration, NaiveDate, Utc};
use common::{Session, TestServer, expect, fixtures, ok_json, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xiaoneng_domain::calendar::HolidayCalendar;
use xiaoneng_server::remind::{Pass, pass};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    the_daily_pass_reminds_and_climbs_the_ladder,
    the_office_urges_an_overdue_finding,
    a_visit_tells_its_inspectors_and_never_the_unit
);

/// `who`'s notifications of `kind` (all pages: the test's are few).
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

async fn total(s: &TestServer, who: &Session) -> usize {
    let page = ok_json(who.on(s.get("/api/notifications?limit=100"), false)).await;
    page["items"].as_array().unwrap().len()
}

/// Names liaison2 (of another unit) head of unit 7, so that who is told as
/// the head is plain.
async fn head_of_unit_7(s: &TestServer) {
    s.raw_sql("UPDATE units SET head_user_id = (SELECT id FROM users WHERE username = 'liaison2') WHERE id = 7")
        .await;
}

async fn the_daily_pass_reminds_and_climbs_the_ladder(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let head = s.login("liaison2", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    head_of_unit_7(&s).await;
    let store = &s.state.store;
    let calendar: std::sync::Arc<HolidayCalendar> = store.calendar().await.unwrap();
    let today = xiaoneng_domain::beijing::day(Utc::now());
    // A deadline on a working day, ten working days from now.
    let deadline = calendar.add_working_days(today, 10);
    let f = fixtures::fed_back(&s, &office, 7, "窗口无人值守", deadline).await;
    let run = |day: NaiveDate| pass(store, &[3, 1], day, Utc::now());

    // Four working days before: nothing; three: the first reminder — once.
    let day = |wd: i64| -> NaiveDate {
        if wd >= 0 {
            calendar.add_working_days(deadline, wd as u32)
        } else {
            let mut d = deadline;
            let mut left = -wd;
            while left > 0 {
                d -= Duration::days(1);
                if calendar.is_working_day(d) {
                    left -= 1;
                }
            }
            d
        }
    };
    assert_eq!(run(day(-4)).await.unwrap(), Pass::default());
    let first = run(day(-3)).await.unwrap();
    assert_eq!(first.reminders, 1);
    assert_eq!(
        run(day(-3)).await.unwrap(),
        Pass::default(),
        "a second pass the same day sends nothing"
    );
    let near = told(&s, &liaison, "deadline_near").await;
    assert_eq!(near.len(), 1);
    assert_eq!(near[0]["deadline"], json!(deadline));
    assert_eq!(run(day(-1)).await.unwrap().reminders, 1);
    assert_eq!(run(day(0)).await.unwrap().reminders, 1);
    assert_eq!(told(&s, &liaison, "deadline_today").await.len(), 1);
    assert_eq!(
        told(&s, &head, "deadline_near").await.len(),
        0,
        "reminders are the liaisons'"
    );

    // One working day over: 催办 to the liaisons and the unit's head.
    let urged = run(day(1)).await.unwrap();
    assert_eq!((urged.steps, urged.reminders), (1, 0));
    assert_eq!(told(&s, &liaison, "urged").await.len(), 1);
    assert_eq!(told(&s, &head, "urged").await.len(), 1);
    assert_eq!(told(&s, &leader, "urged").await.len(), 0);
    assert_eq!(run(day(2)).await.unwrap(), Pass::default());
    // Three: the head and the leaders.
    assert_eq!(run(day(3)).await.unwrap().steps, 1);
    assert_eq!(told(&s, &leader, "escalated").await.len(), 1);
    assert_eq!(told(&s, &head, "escalated").await.len(), 1);
    assert_eq!(told(&s, &liaison, "escalated").await.len(), 0);
    // Five: 督办, on the office's side.
    assert_eq!(run(day(5)).await.unwrap().steps, 1);
    assert_eq!(run(day(5)).await.unwrap(), Pass::default());
    assert_eq!(told(&s, &office, "supervised").await.len(), 1);
    let supervised = s
        .scalar(&format!(
            "SELECT COUNT(*) FROM findings WHERE id = {} AND supervised_on IS NOT NULL",
            f["id"]
        ))
        .await;
    assert_eq!(supervised, 1);
    // Each step is on the timeline the office and the unit read, taken by no person.
    for who in [&office, &liaison] {
        let detail = ok_json(who.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
        let steps: Vec<&str> = detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["actor_id"] == -1)
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(steps, ["urge", "escalate", "supervise"]);
        assert_eq!(
            detail["supervised_on"],
            json!(day(5)),
            "marked 督办 for both"
        );
    }
    assert_eq!(
        total(&s, &inspector).await,
        0,
        "the inspector is never told"
    );
    // Every step is audited.
    assert_eq!(
        s.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'remind'")
            .await,
        6
    );
}

async fn the_office_urges_an_overdue_finding(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let head = s.login("liaison2", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    head_of_unit_7(&s).await;
    let deadline = (Utc::now() + Duration::days(5)).date_naive();
    let f = fixtures::fed_back(&s, &office, 7, "窗口无人值守", deadline).await;
    let urge = |f: &Value| json!({ "action": "urge", "comment": "请立即整改并报告。", "version": f["version"] });
    let path = format!("/api/findings/{}/actions", f["id"]);
    // Not before the deadline has passed; never by the unit.
    let resp = send(&s, &office, Method::POST, &path, urge(&f)).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    s.raw_sql(&format!(
        "UPDATE findings SET verify_by = '2020-01-02' WHERE id = {}",
        f["id"]
    ))
    .await;
    let resp = send(&s, &liaison, Method::POST, &path, urge(&f)).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let detail = ok_json(office.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    assert!(
        detail["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("urge"))
    );
    let after = expect(
        send(&s, &office, Method::POST, &path, urge(&f)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["state"], "fed_back", "urging changes no state");
    let urged = told(&s, &liaison, "urged").await;
    assert_eq!(urged.len(), 1);
    assert!(
        urged[0]["text"].as_str().unwrap().starts_with("催办通知"),
        "{}",
        urged[0]
    );
    assert_eq!(told(&s, &head, "urged").await.len(), 1);
    assert_eq!(told(&s, &leader, "urged").await.len(), 0);
    assert_eq!(told(&s, &office, "urged").await.len(), 0);
    let timeline = ok_json(liaison.on(s.get(&format!("/api/findings/{}", f["id"])), false)).await;
    let last = timeline["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["action"].as_str(), last["comment"].as_str()),
        (Some("urge"), Some("请立即整改并报告。"))
    );
}

async fn a_visit_tells_its_inspectors_and_never_the_unit(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let plan = fixtures::office_plan(&s, &office, &inspector, 7).await;
    let assigned = told(&s, &inspector, "visit_assigned").await;
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0]["visit_id"], plan.visit["id"]);
    // The unit visited learns nothing: not the visit, not who makes it.
    assert_eq!(total(&s, &liaison).await, 0);
    for who in ["office", "leader", "admin", "liaison2"] {
        let session = s.login(who, DEMO).await;
        assert_eq!(told(&s, &session, "visit_assigned").await.len(), 0, "{who}");
    }
}
