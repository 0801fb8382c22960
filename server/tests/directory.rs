//! The unit tree and the CSV imports over HTTP on both engines.

mod common;

use common::{TestServer, error_of, expect, expect_status, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    units_are_added_renamed_moved_and_deactivated,
    a_unit_file_is_previewed_then_written_whole_or_not_at_all,
    a_staff_file_with_a_bad_row_writes_nothing_and_names_the_row
);

async fn units(s: &TestServer, who: &common::Session) -> Vec<Value> {
    let list = expect(
        who.on(s.get("/api/units"), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    list.as_array().unwrap().clone()
}

async fn units_are_added_renamed_moved_and_deactivated(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let top = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units",
            json!({"parent_id": null, "name": "市数据局", "kind": "municipal_unit"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let child = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units",
            json!({"parent_id": top["id"], "name": "数据局政务服务窗口", "kind": "service_window"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(child["parent_id"], top["id"]);

    // A name already used, an unknown parent, an empty name: each named.
    let error = refused(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units",
            json!({"parent_id": 99999, "name": "市数据局", "kind": "office"}),
        )
        .await,
    )
    .await;
    assert!(
        error["fields"]["name"].is_string() && error["fields"]["parent_id"].is_string(),
        "{error}"
    );

    // Moving a unit below its own child is refused; renaming and moving otherwise works.
    let (_, error) = error_of(
        send(&s, &admin, Method::PUT, &format!("/api/units/{}", top["id"]), json!({
            "parent_id": child["id"], "name": "市数据局", "kind": "municipal_unit", "active": true, "version": top["version"],
        }))
        .await,
    )
    .await;
    assert!(error["fields"]["parent_id"].is_string(), "{error}");
    let moved = expect(
        send(&s, &admin, Method::PUT, &format!("/api/units/{}", child["id"]), json!({
            "parent_id": 1, "name": "政务服务窗口(数据)", "kind": "service_window", "active": true, "version": child["version"],
        }))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["parent_id"], 1);
    assert_eq!(moved["name"], "政务服务窗口(数据)");
    // The same version again is stale.
    expect_status(send(&s, &admin, Method::PUT, &format!("/api/units/{}", child["id"]), json!({
            "parent_id": 1, "name": "又一个名字", "kind": "service_window", "active": false, "version": child["version"],
        }))
        .await, StatusCode::CONFLICT, "").await;
    let off = expect(
        send(&s, &admin, Method::PUT, &format!("/api/units/{}", child["id"]), json!({
            "parent_id": 1, "name": "政务服务窗口(数据)", "kind": "service_window", "active": false, "version": moved["version"],
        }))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(off["active"], false);
    // Only administrators keep the tree.
    let office = s.login("office", DEMO).await;
    expect_status(
        send(
            &s,
            &office,
            Method::POST,
            "/api/units",
            json!({"parent_id": null, "name": "不该有", "kind": "office"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
}

async fn a_unit_file_is_previewed_then_written_whole_or_not_at_all(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let before = units(&s, &admin).await.len();
    let csv = "\u{feff}名称,类型,上级单位\n市审计局,市直单位,\n审计局办公室,处室,市审计局\n市审计局窗口,服务窗口,没有这个单位\n市统计局,街道,\n";
    let preview = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units/import",
            json!({"csv": csv, "write": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["written"], false);
    assert_eq!(preview["rows"].as_array().unwrap().len(), 4);
    let errors = preview["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{preview}");
    assert_eq!(
        (errors[0]["line"].as_i64(), errors[0]["column"].as_str()),
        (Some(4), Some("parent"))
    );
    assert_eq!(
        (errors[1]["line"].as_i64(), errors[1]["column"].as_str()),
        (Some(5), Some("kind"))
    );

    // Writing it anyway is refused, naming the cells, and writes nothing.
    let error = refused(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units/import",
            json!({"csv": csv, "write": true}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["lines[4].parent"].is_string(), "{error}");
    assert!(error["fields"]["lines[5].kind"].is_string(), "{error}");
    assert_eq!(units(&s, &admin).await.len(), before, "nothing was written");

    // Mended, it is written whole, a parent from the file before its child.
    let good = "name,kind,parent\n市审计局,municipal_unit,\n审计局办公室,office,市审计局\n";
    let done = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units/import",
            json!({"csv": good, "write": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["written"], true);
    let all = units(&s, &admin).await;
    assert_eq!(all.len(), before + 2);
    let audit = all.iter().find(|u| u["name"] == "市审计局").unwrap();
    let office = all.iter().find(|u| u["name"] == "审计局办公室").unwrap();
    assert_eq!(office["parent_id"], audit["id"]);
    // The same file again: every name is taken now.
    let again = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units/import",
            json!({"csv": good, "write": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["errors"].as_array().unwrap().len(), 2, "{again}");
}

async fn a_staff_file_with_a_bad_row_writes_nothing_and_names_the_row(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let staff_of = |unit: i64| {
        let office = office.clone();
        let s = &s;
        async move {
            expect(
                office
                    .on(s.get(&format!("/api/units/{unit}/staff")), false)
                    .send()
                    .await
                    .unwrap(),
                StatusCode::OK,
            )
            .await
            .as_array()
            .unwrap()
            .len()
        }
    };
    let before = staff_of(7).await;
    let units = units(&s, &office).await;
    let name = units.iter().find(|u| u["id"] == 7).unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let csv = format!("单位,姓名,职务\n{name},周一,科员\n{name},,科员\n不存在的单位,吴二,科员\n");
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/staff/import",
            json!({"csv": csv, "write": true}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["lines[3].name"].is_string(), "{error}");
    assert!(error["fields"]["lines[4].unit"].is_string(), "{error}");
    assert_eq!(staff_of(7).await, before, "nothing was written");

    let csv = format!("unit,name,title\n{name},周一,科员\n{name},郑二,窗口工作人员\n");
    let done = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/staff/import",
            json!({"csv": csv, "write": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["written"], true);
    assert_eq!(staff_of(7).await, before + 2);
    // A file without the needed columns is refused at its header.
    let preview = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/staff/import",
            json!({"csv": "姓名\n周三\n", "write": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["errors"][0]["line"], 1);
    assert_eq!(preview["errors"][0]["column"], "unit");
}
