//! The demo data the README's run command loads tells the source's story,
//! on both engines, through the same rules as the API (so it also checks
//! that the audit chain it leaves verifies).

mod common;

use common::{TestServer, ok_json};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(the_demo_tells_the_2020_campaign_and_this_months_work);

fn count(list: &Value, key: &str) -> i64 {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

async fn the_demo_tells_the_2020_campaign_and_this_months_work(s: TestServer) {
    let engine = s.engine();
    drop(s);
    let Some(s) = TestServer::start_with(engine, |c| c.demo = true).await else {
        return;
    };
    let office = s.login("office", DEMO).await;
    let get = |path: &str| ok_json(office.on(s.get(path), false));

    // 2020: three full-coverage rounds, 40 substantiated findings, all rectified.
    let y2020: Value = get("/api/stats?year=2020").await;
    assert_eq!(y2020["findings"], 40, "{y2020}");
    assert_eq!(count(&y2020["by_state"], "closed"), 40);
    assert_eq!(y2020["rectified"]["closed"], 40);
    let coverage = y2020["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), 3);
    for round in coverage {
        assert_eq!(
            round["targeted"], round["visited"],
            "full coverage: {round}"
        );
    }
    assert_eq!(count(&y2020["by_measure"], "reassignment"), 8);

    // Seven reassignments from 10 July, one from 30 July, three months each.
    let csv = office
        .on(s.get("/api/exports/decisions?format=csv"), false)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let reassignments: Vec<&str> = csv.lines().filter(|l| l.contains("到基层再上岗")).collect();
    assert_eq!(reassignments.len(), 8, "{csv}");
    assert_eq!(
        reassignments
            .iter()
            .filter(|l| l.contains("2020-07-10,2020-10-10"))
            .count(),
        7
    );
    assert_eq!(
        reassignments
            .iter()
            .filter(|l| l.contains("2020-07-30,2020-10-30"))
            .count(),
        1
    );

    // The bulletins that announced them are public, with the names masked.
    let public: Value =
        ok_json(s.get("/api/public/bulletins?year=2020&measure=reassignment")).await;
    let items = public["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{public}");
    let seven = items
        .iter()
        .find(|b| b["title"] == "关于7名工作人员到基层再上岗的通报")
        .unwrap();
    assert_eq!(seven["measures"].as_array().map(Vec::len), Some(7));
    // A list carries excerpts; the bulletin's own page its text.
    assert_eq!(seven["body"], Value::Null);
    let seven: Value = ok_json(s.get(&format!("/api/public/bulletins/{}", seven["id"]))).await;
    for m in seven["measures"].as_array().unwrap() {
        let person = m["person"].as_str().unwrap();
        assert!(
            person.ends_with('某') && person.chars().count() == 2,
            "{person}"
        );
        assert!(seven["body"].as_str().unwrap().contains(person));
    }
    let all: Value = ok_json(s.get("/api/public/bulletins")).await;
    assert_eq!(
        all["items"].as_array().map(Vec::len),
        Some(4),
        "the internal one is not public"
    );

    // This month: deadlines due soon and overdue, work waiting for the office.
    let rectifying: Value = get("/api/findings?state=rectifying").await;
    let due: Vec<&str> = rectifying["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["due"]["state"].as_str())
        .collect();
    assert!(
        due.contains(&"overdue") && due.contains(&"due_soon"),
        "{due:?}"
    );
    let fed_back: Value = get("/api/findings?state=fed_back").await;
    assert_eq!(fed_back["items"][0]["due"]["state"], "due_soon");
    for state in ["report_submitted", "substantiated", "recorded"] {
        let page: Value = get(&format!("/api/findings?state={state}")).await;
        assert!(
            !page["items"].as_array().unwrap().is_empty(),
            "a finding {state} this month"
        );
    }
    let reports: Value = get("/api/reports?status=received").await;
    assert_eq!(reports["items"].as_array().map(Vec::len), Some(3));

    // The inspector has visits coming and a draft under way; the liaison sees only their unit's.
    let inspector = s.login("inspector", DEMO).await;
    let visits: Value = ok_json(inspector.on(s.get("/api/visits"), false)).await;
    let statuses: Vec<&str> = visits["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"planned") && statuses.contains(&"in_progress"),
        "{statuses:?}"
    );
    let liaison = s.login("liaison", DEMO).await;
    let theirs: Value = ok_json(liaison.on(s.get("/api/findings?limit=100"), false)).await;
    for f in theirs["items"].as_array().unwrap() {
        assert!(
            f["unit_name"].as_str().unwrap().starts_with("市房产局"),
            "{f}"
        );
        assert_ne!(f["state"], "recorded");
    }
    // Of plans, the liaison sees their unit's own self-inspection — three
    // visits, one made — and none of the office's.
    let get_as = |who: &common::Session, path: &str| {
        let req = who.on(s.get(path), false);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let rounds = get_as(&liaison, "/api/rounds").await;
    let rounds = rounds["items"].as_array().unwrap();
    assert_eq!(rounds.len(), 1, "{rounds:?}");
    assert_eq!(
        (
            rounds[0]["kind"].as_str(),
            rounds[0]["owner_unit_name"].as_str()
        ),
        (Some("self"), Some("市房产局"))
    );
    assert_eq!(rounds[0]["coverage"], json!({"targeted": 3, "visited": 1}));
    let visits = get_as(&liaison, "/api/visits").await;
    let visits = visits["items"].as_array().unwrap();
    assert_eq!(visits.len(), 3);
    assert!(
        visits.iter().all(|v| v["round_id"] == rounds[0]["id"]),
        "{visits:?}"
    );
    // The group's liaison has a mutual inspection to make today.
    let liaison2 = s.login("liaison2", DEMO).await;
    let visits = get_as(&liaison2, "/api/visits").await;
    assert!(
        visits["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| { v["status"] == "planned" && v["inspectors"][0]["id"] == liaison2.me["id"] }),
        "{visits}"
    );
    // The office's own rounds, apart from the units': three in 2020 and this month's.
    let office_rounds = get_as(&office, "/api/rounds?kind=office&limit=100").await;
    assert_eq!(office_rounds["items"].as_array().map(Vec::len), Some(4));

    // Oversight: the supervisors of 2020, graded on a real record; this
    // year's letter with one person per unit still to sign.
    let roster: Value = ok_json(office.on(s.get("/api/supervisors"), false)).await;
    let roster = roster["items"].as_array().unwrap();
    assert_eq!(roster.len(), 4);
    let graded: Value = ok_json(office.on(
        s.get(&format!(
            "/api/supervisors/{}/assessments/2020",
            roster[0]["id"]
        )),
        false,
    ))
    .await;
    assert!(graded["grade"].is_string(), "{graded}");
    assert!(
        graded["record"]["visits_made"].as_i64().unwrap() >= 10,
        "{graded}"
    );
    let year = chrono::Utc::now().format("%Y").to_string();
    let completion: Value =
        ok_json(office.on(s.get(&format!("/api/commitments/{year}/completion")), false)).await;
    assert_eq!(
        completion["incomplete"].as_array().unwrap().len(),
        4,
        "{completion}"
    );
    let notices: Value =
        ok_json(inspector.on(s.get("/api/units/11/away-notices?current=true"), false)).await;
    assert_eq!(notices.as_array().unwrap().len(), 1, "{notices}");

    // Everything it wrote is on an intact audit chain.
    let checked = xiaoneng_server::audit::verify(&s.state.store)
        .await
        .unwrap();
    assert!(
        checked.as_ref().is_ok_and(|n| *n > 500),
        "the chain verifies: {checked:?}"
    );
}
