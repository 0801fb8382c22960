//! The holiday calendar and the unit tree over HTTP, on both engines.

mod common;

use common::{TestServer, error_of, refused};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    deadlines_count_over_the_calendar_the_office_keeps,
    only_the_office_and_administrators_edit_the_calendar,
    every_signed_in_role_reads_the_unit_tree,
);

async fn deadlines_count_over_the_calendar_the_office_keeps(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let deadline = || async {
        let resp = office
            .on(
                s.get("/api/calendar/deadline?from=2020-06-24&working_days=5"),
                false,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let body: Value = resp.json().await.unwrap();
        body["deadline"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        deadline().await,
        "2020-07-02",
        "over the Dragon Boat holiday, not 1 July"
    );

    let resp = office
        .on(s.get("/api/calendar?year=2020"), false)
        .send()
        .await
        .unwrap();
    let days: Vec<Value> = resp.json().await.unwrap();
    assert!(
        days.contains(&json!({"day": "2020-06-28", "working": true, "name": "端午节调休上班"}))
    );
    assert_eq!(
        days.iter().filter(|d| d["working"] == false).count(),
        1 + 10 + 3 + 5 + 3 + 8
    );

    // A holiday entered moves the deadline at once.
    let put = office
        .on(
            s.request(reqwest::Method::PUT, "/api/calendar/days/2020-07-01"),
            true,
        )
        .json(&json!({"working": false, "name": "临时放假"}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    assert_eq!(deadline().await, "2020-07-03");
    let del = office
        .on(
            s.request(reqwest::Method::DELETE, "/api/calendar/days/2020-07-01"),
            true,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    assert_eq!(deadline().await, "2020-07-02");
    let again = office
        .on(
            s.request(reqwest::Method::DELETE, "/api/calendar/days/2020-07-01"),
            true,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    let weekday = office
        .on(
            s.request(reqwest::Method::PUT, "/api/calendar/days/2020-07-01"),
            true,
        )
        .json(&json!({"working": true, "name": "调休"}))
        .send()
        .await
        .unwrap();
    let error = refused(weekday).await;
    assert_eq!(
        error["fields"]["working"],
        "只有周六或周日可以设为调休上班日"
    );
    let (status, error) = error_of(
        office
            .on(s.get("/api/calendar?year=1800"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["fields"]["year"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
}

async fn only_the_office_and_administrators_edit_the_calendar(s: TestServer) {
    for (who, allowed) in [
        ("office", true),
        ("admin", true),
        ("leader", false),
        ("liaison", false),
        ("inspector", false),
    ] {
        let session = s.login(who, DEMO).await;
        let resp = session
            .on(
                s.request(reqwest::Method::PUT, "/api/calendar/days/2020-12-26"),
                true,
            )
            .json(&json!({"working": true, "name": "调休上班"}))
            .send()
            .await
            .unwrap();
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(resp.status(), expected, "{who}");
    }
    let anonymous = s.get("/api/calendar?year=2020").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn every_signed_in_role_reads_the_unit_tree(s: TestServer) {
    for who in ["admin", "office", "inspector", "liaison", "leader"] {
        let session = s.login(who, DEMO).await;
        let resp = session.on(s.get("/api/units"), false).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{who}");
        let units: Vec<Value> = resp.json().await.unwrap();
        let bureau = units
            .iter()
            .find(|u| u["name"] == "市房产局")
            .expect("市房产局");
        let children = units
            .iter()
            .filter(|u| u["parent_id"] == bureau["id"])
            .count();
        assert_eq!(children, 5, "{who}");
        assert_eq!(bureau["kind"], "municipal_unit");
    }
    assert_eq!(
        s.get("/api/units").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
