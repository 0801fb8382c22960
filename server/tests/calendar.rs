//! The holiday calendar and the unit tree over HTTP, on both engines.

mod common;

use common::{TestServer, error_of, refused};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    deadlines_count_over_the_calendar_the_office_keeps,
    only_the_office_and_administrators_edit_the_calendar,
    a_year_of_holidays_comes_from_an_ics_or_csv_file,
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

/// The 2026 arrangement as a calendar application exports it (CRLF, a folded line).
const ICS_2026: &str = include_str!("data/holidays-2026.ics");

async fn a_year_of_holidays_comes_from_an_ics_or_csv_file(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let import = |text: String, write: bool| {
        office
            .on(
                s.request(reqwest::Method::POST, "/api/calendar/import"),
                true,
            )
            .json(&json!({"csv": text, "write": write}))
            .send()
    };
    let year = || async {
        let resp = office
            .on(s.get("/api/calendar?year=2026"), false)
            .send()
            .await
            .unwrap();
        resp.json::<Vec<Value>>().await.unwrap()
    };
    let (s_ref, office_ref) = (&s, &office);
    let deadline = |from: &'static str| async move {
        let url = format!("/api/calendar/deadline?from={from}&working_days=1");
        let resp = office_ref.on(s_ref.get(&url), false).send().await.unwrap();
        resp.json::<Value>().await.unwrap()["deadline"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // The demo carries this year's arrangement; the file names its days its own way.
    let demo = year().await;
    assert_eq!(demo.len(), 39);
    assert!(
        demo.contains(&json!({"day": "2026-10-10", "working": true, "name": "国庆节调休上班"}))
    );
    assert_eq!(deadline("2026-09-30").await, "2026-10-08", "over 国庆节");

    // The preview: every day of every event, on the event's line; nothing written.
    let preview = import(ICS_2026.to_owned(), false).await.unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: Value = preview.json().await.unwrap();
    assert_eq!(preview["errors"], json!([]));
    assert_eq!(preview["written"], false);
    let rows = preview["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 39);
    assert!(rows.contains(&json!({"line": 30, "cells": ["2026-02-23", "休", "春节"]})));
    assert!(rows.contains(&json!({"line": 22, "cells": ["2026-02-14", "班", "春节 补班"]})));
    assert_eq!(year().await, demo, "a preview writes nothing");

    let written = import(ICS_2026.to_owned(), true).await.unwrap();
    assert_eq!(written.status(), StatusCode::OK);
    assert_eq!(written.json::<Value>().await.unwrap()["written"], true);
    let days = year().await;
    assert_eq!(days.len(), 39);
    assert_eq!(days.iter().filter(|d| d["working"] == true).count(), 6);
    assert!(days.contains(&json!({"day": "2026-10-10", "working": true, "name": "国庆节 补班"})));
    // Deadlines count over the imported days at once.
    assert_eq!(deadline("2026-09-30").await, "2026-10-08", "over 国庆节");
    assert_eq!(
        deadline("2026-02-13").await,
        "2026-02-14",
        "a Saturday worked"
    );

    // A CSV file adds two days (8 October made a holiday); the rest stay as they are.
    let csv = "日期,类型,名称\n2026/10/8,休,国庆节（调整）\n20261231,休,跨年\n";
    let written = import(csv.to_owned(), true).await.unwrap();
    assert_eq!(written.status(), StatusCode::OK);
    let days = year().await;
    assert_eq!(days.len(), 41);
    assert!(
        days.contains(&json!({"day": "2026-10-08", "working": false, "name": "国庆节（调整）"}))
    );
    assert!(days.contains(&json!({"day": "2026-12-31", "working": false, "name": "跨年"})));
    assert_eq!(deadline("2026-09-30").await, "2026-10-09");

    // Bad rows: each cell named by its line; writing refused, nothing written.
    let bad = "day,kind,name\n2026-11-04,班,周三不能调休\n2026-11-05,放风,未知类型\n2026-13-01,休,没有这天\n\
               2026-11-07,休,重复\n2026-11-07,休,重复\n1999-01-01,休,太早\n2026-11-08,休,\n";
    let preview: Value = import(bad.to_owned(), false)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cells: Vec<(u64, &str)> = preview["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        cells,
        [
            (2, "kind"),
            (3, "kind"),
            (4, "day"),
            (6, "day"),
            (7, "day"),
            (8, "name")
        ]
    );
    let error = refused(import(bad.to_owned(), true).await.unwrap()).await;
    assert_eq!(
        error["fields"]["lines[2].kind"],
        "只有周六或周日可以设为调休上班日"
    );
    assert!(error["fields"]["lines[6].day"].is_string(), "{error}");
    assert_eq!(
        year().await.len(),
        41,
        "nothing of a refused file is written"
    );

    // Hostile files: a year-long event, a broken calendar, no days at all.
    let long = ICS_2026.replacen("DTEND;VALUE=DATE:20260104", "DTEND;VALUE=DATE:20270104", 1);
    let error = refused(import(long, true).await.unwrap()).await;
    assert!(error["fields"]["lines[6].day"].is_string(), "{error}");
    let broken = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026\r\n";
    let error = refused(import(broken.to_owned(), true).await.unwrap()).await;
    assert!(
        error["fields"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k.starts_with("lines[")),
        "{error}"
    );
    let empty = refused(import("day,kind,name\n".to_owned(), true).await.unwrap()).await;
    assert!(empty["fields"]["lines[1].file"].is_string(), "{empty}");
    assert_eq!(year().await.len(), 41);

    // Only the office and administrators.
    let liaison = s.login("liaison", DEMO).await;
    let resp = liaison
        .on(
            s.request(reqwest::Method::POST, "/api/calendar/import"),
            true,
        )
        .json(&json!({"csv": ICS_2026, "write": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}
