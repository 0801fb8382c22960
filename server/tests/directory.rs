//! The unit tree, its heads and the CSV imports (units, staff, users'
//! contacts) over HTTP on both engines.

mod common;

use common::{TestServer, error_of, expect, expect_status, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    units_are_added_renamed_moved_and_deactivated,
    a_unit_file_is_previewed_then_written_whole_or_not_at_all,
    a_staff_file_with_a_bad_row_writes_nothing_and_names_the_row,
    a_unit_head_is_an_active_account_of_the_unit,
    a_contacts_file_sets_addresses_whole_or_not_at_all
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

/// `username`'s account as the administrator reads it.
async fn account(s: &TestServer, admin: &common::Session, username: &str) -> Value {
    let page = expect(
        admin
            .on(s.get(&format!("/api/users?q={username}&limit=100")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == username)
        .cloned()
        .unwrap_or_else(|| panic!("no account {username}"))
}

fn unit_edit(unit: &Value, head: Value) -> Value {
    json!({
        "parent_id": unit["parent_id"], "name": unit["name"], "kind": unit["kind"],
        "active": unit["active"], "head_user_id": head, "version": unit["version"],
    })
}

/// The administrator names a unit's head among the unit's active accounts
/// (never another unit's, nor on a unit just added); deactivating the
/// account, or moving it to another unit, leaves the unit without a head.
async fn a_unit_head_is_an_active_account_of_the_unit(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let head = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/users",
            json!({
                "username": "head7", "display_name": "局长 何立", "role": "liaison", "unit_id": 7,
                "password": "temporary-pass-2026", "email": "head7@example.org",
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let other = account(&s, &admin, "liaison2").await;
    let unit7 = || async {
        units(&s, &admin)
            .await
            .into_iter()
            .find(|u| u["id"] == 7)
            .unwrap()
    };

    // Another unit's account, or none that exists: refused, nothing changes.
    for wrong in [other["id"].clone(), json!(999_999)] {
        let before = unit7().await;
        let error = refused(
            send(
                &s,
                &admin,
                Method::PUT,
                "/api/units/7",
                unit_edit(&before, wrong),
            )
            .await,
        )
        .await;
        assert!(error["fields"]["head_user_id"].is_string(), "{error}");
        assert_eq!(unit7().await, before);
    }
    // A new unit has nobody yet.
    let error = refused(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/units",
            json!({"parent_id": 7, "name": "房产局第二窗口", "kind": "service_window", "head_user_id": head["id"]}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["head_user_id"].is_string(), "{error}");

    let saved = expect(
        send(
            &s,
            &admin,
            Method::PUT,
            "/api/units/7",
            unit_edit(&unit7().await, head["id"].clone()),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["head_user_id"], head["id"]);
    // Only administrators name heads.
    let office = s.login("office", DEMO).await;
    let resp = send(
        &s,
        &office,
        Method::PUT,
        "/api/units/7",
        unit_edit(&saved, json!(null)),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        s.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'unit' AND entity_id = '7'
             AND after_state LIKE '%\"head_user_id\":{}%'",
            head["id"]
        ))
        .await,
        1,
        "the change is audited"
    );

    // The account moves to another unit: the unit has no head, and an
    // editor still open on the old version is told it changed.
    let mut edit = account(&s, &admin, "head7").await;
    edit["unit_id"] = json!(other["unit_id"]);
    let edit = json!({
        "display_name": edit["display_name"], "role": edit["role"], "unit_id": edit["unit_id"],
        "active": true, "email": edit["email"], "mobile": edit["mobile"], "version": edit["version"],
    });
    expect(
        send(
            &s,
            &admin,
            Method::PUT,
            &format!("/api/users/{}", head["id"]),
            edit,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let now = unit7().await;
    assert_eq!(now["head_user_id"], Value::Null);
    let resp = send(
        &s,
        &admin,
        Method::PUT,
        "/api/units/7",
        unit_edit(&saved, json!(null)),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
}

/// A contacts file: previewed with every bad cell named, written whole or
/// not at all; a column left out keeps what was there, an empty cell removes it.
async fn a_contacts_file_sets_addresses_whole_or_not_at_all(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let before = account(&s, &admin, "inspector").await;
    let csv = "用户名,电子邮箱,手机号码\ninspector,not-an-address,13800000000\nnobody,a@example.org,\ninspector,b@example.org,\n";
    let preview = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/contacts/import",
            json!({"csv": csv, "write": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let errors: Vec<(i64, String)> = preview["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (2, "email".to_owned()),
            (3, "username".to_owned()),
            (4, "username".to_owned())
        ],
        "{preview}"
    );
    let error = refused(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/contacts/import",
            json!({"csv": csv, "write": true}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["lines[2].email"].is_string(), "{error}");
    assert_eq!(
        account(&s, &admin, "inspector").await,
        before,
        "nothing was written"
    );
    // No contact column at all: refused at the header.
    let preview = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/contacts/import",
            json!({"csv": "username\ninspector\n", "write": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["errors"][0]["line"], 1, "{preview}");

    let csv = "username,mobile\ninspector,138 0000 0001\ninspector2,\n";
    let done = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/contacts/import",
            json!({"csv": csv, "write": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["written"], true);
    let after = account(&s, &admin, "inspector").await;
    assert_eq!(after["mobile"], "13800000001");
    assert_eq!(
        after["email"], before["email"],
        "the e-mail column was not in the file"
    );
    assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
    assert_eq!(
        account(&s, &admin, "inspector2").await["mobile"],
        Value::Null
    );
    // Only administrators.
    let office = s.login("office", DEMO).await;
    let resp = send(
        &s,
        &office,
        Method::POST,
        "/api/contacts/import",
        json!({"csv": csv, "write": false}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}
