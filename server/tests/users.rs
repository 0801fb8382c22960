//! User accounts over HTTP on both engines: an administrator creates,
//! edits, deactivates and resets; a user changes their own password.

mod common;

use common::{Session, TestServer, error_of, expect, expect_status, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";
const TEMPORARY: &str = "temporary-pass-2026";

both_engines!(
    a_new_account_must_choose_its_own_password,
    deactivating_ends_sessions_and_a_reset_forces_a_change,
    accounts_are_validated_listed_and_edited_on_version
);

async fn create_liaison(s: &TestServer, admin: &Session, username: &str) -> Value {
    expect(
        send(
            s,
            admin,
            Method::POST,
            "/api/users",
            json!({
                "username": username, "display_name": "赵联络", "role": "liaison",
                "unit_id": 7, "password": TEMPORARY,
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn a_new_account_must_choose_its_own_password(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let account = create_liaison(&s, &admin, "liaison.zhao").await;
    assert_eq!(account["must_change_password"], true);
    assert_eq!(account["active"], true);
    assert!(account.get("password_hash").is_none(), "{account}");

    let zhao = s.login("liaison.zhao", TEMPORARY).await;
    assert_eq!(zhao.me["must_change_password"], true);
    // Until a password of their own is chosen, only the essentials answer.
    let error = expect_status(
        zhao.on(s.get("/api/findings"), false).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
    assert_eq!(error["code"], "password_change_required");
    expect(
        zhao.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    expect(
        zhao.on(s.get("/api/public/stats"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;

    // The current password must be right, and the new one must differ and match.
    let change = |current: &str, password: &str, confirm: &str| json!({"current": current, "password": password, "confirm": confirm});
    let error = refused(
        send(
            &s,
            &zhao,
            Method::POST,
            "/api/auth/password",
            change("wrong-password-x", "my-own-passphrase", "my-own-passphrase"),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["current"].is_string(), "{error}");
    let (_, error) = error_of(
        send(
            &s,
            &zhao,
            Method::POST,
            "/api/auth/password",
            change(TEMPORARY, TEMPORARY, TEMPORARY),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["password"].is_string(), "{error}");
    let (_, error) = error_of(
        send(
            &s,
            &zhao,
            Method::POST,
            "/api/auth/password",
            change(TEMPORARY, "my-own-passphrase", "my-own-passphrasE"),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["confirm"].is_string(), "{error}");

    let resp = send(
        &s,
        &zhao,
        Method::POST,
        "/api/auth/password",
        change(TEMPORARY, "my-own-passphrase", "my-own-passphrase"),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let old = zhao;
    let zhao = Session::from_login(resp).await;
    assert_eq!(zhao.me["must_change_password"], false);
    // The session goes on under a new id: whoever knew the old one is out.
    assert_ne!(zhao.cookie, old.cookie);
    assert_eq!(zhao.csrf, old.csrf, "the open page keeps its CSRF token");
    expect_status(
        old.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "the old session id is dead",
    )
    .await;
    // The session goes on, now with the unit's findings.
    expect(
        zhao.on(s.get("/api/findings"), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        s.try_login("liaison.zhao", TEMPORARY).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = s.login("liaison.zhao", "my-own-passphrase").await;
    assert_eq!(again.me["must_change_password"], false);
}

async fn deactivating_ends_sessions_and_a_reset_forces_a_change(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let account = create_liaison(&s, &admin, "liaison.qian").await;
    let id = account["id"].as_i64().unwrap();
    let qian = s.login("liaison.qian", TEMPORARY).await;
    let changed = send(&s, &qian, Method::POST, "/api/auth/password", json!({"current": TEMPORARY, "password": "qian-passphrase-1", "confirm": "qian-passphrase-1"})).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let qian = Session::from_login(changed).await;

    // A reset ends the session now and asks for a new password at next sign-in.
    let reset = expect(
        send(&s, &admin, Method::POST, &format!("/api/users/{id}/password"), json!({"password": "reset-pass-2026-x", "version": account["version"].as_i64().unwrap() + 1})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reset["must_change_password"], true);
    expect_status(
        qian.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "the reset ended the session",
    )
    .await;
    let qian = s.login("liaison.qian", "reset-pass-2026-x").await;
    assert_eq!(qian.me["must_change_password"], true);

    // Moved to another unit: the session ends (the next one starts with
    // what the account may do now); a new name alone changes nothing.
    let renamed = json!({
        "display_name": "钱联络员", "role": "liaison", "unit_id": 7, "active": true,
        "version": reset["version"],
    });
    let renamed = expect(
        send(
            &s,
            &admin,
            Method::PUT,
            &format!("/api/users/{id}"),
            renamed,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // A new display name keeps the session.
    expect(
        qian.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let moved = json!({
        "display_name": "钱联络员", "role": "liaison", "unit_id": 12, "active": true,
        "version": renamed["version"],
    });
    let moved = expect(
        send(&s, &admin, Method::PUT, &format!("/api/users/{id}"), moved).await,
        StatusCode::OK,
    )
    .await;
    expect_status(
        qian.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "another unit ends the session",
    )
    .await;
    let reset = moved;
    let qian = s.login("liaison.qian", "reset-pass-2026-x").await;

    // Deactivating ends it too, and the account can no longer sign in; it is still listed.
    let edit = json!({
        "display_name": "钱联络", "role": "liaison", "unit_id": 7, "active": false,
        "version": reset["version"],
    });
    let off = expect(
        send(&s, &admin, Method::PUT, &format!("/api/users/{id}"), edit).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(off["active"], false);
    expect_status(
        qian.on(s.get("/api/auth/me"), false).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "",
    )
    .await;
    assert_eq!(
        s.try_login("liaison.qian", "reset-pass-2026-x")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let listed = expect(
        admin
            .on(s.get("/api/users?active=false&q=qian"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["items"][0]["display_name"], "钱联络");
}

async fn accounts_are_validated_listed_and_edited_on_version(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let before = expect(
        admin
            .on(s.get("/api/users?limit=100"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let count = before["items"].as_array().unwrap().len();

    // Each wrong field is named, and nothing is written.
    let error = refused(send(&s, &admin, Method::POST, "/api/users", json!({
            "username": "has space", "display_name": "", "role": "liaison", "unit_id": null, "password": "short",
        }))
        .await).await;
    for field in ["username", "display_name", "unit_id", "password"] {
        assert!(error["fields"][field].is_string(), "{field} in {error}");
    }
    let (_, error) = error_of(
        send(&s, &admin, Method::POST, "/api/users", json!({
            "username": "office", "display_name": "重名", "role": "office", "unit_id": null, "password": TEMPORARY,
        }))
        .await,
    )
    .await;
    assert!(
        error["fields"]["username"].is_string(),
        "a taken username: {error}"
    );
    let (_, error) = error_of(
        send(&s, &admin, Method::POST, "/api/users", json!({
            "username": "nobody.unit", "display_name": "无单位", "role": "liaison", "unit_id": 99999, "password": TEMPORARY,
        }))
        .await,
    )
    .await;
    assert!(
        error["fields"]["unit_id"].is_string(),
        "an unknown unit: {error}"
    );
    let after = expect(
        admin
            .on(s.get("/api/users?limit=100"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        after["items"].as_array().unwrap().len(),
        count,
        "nothing was written"
    );

    // Filters: by role.
    let liaisons = expect(
        admin
            .on(s.get("/api/users?role=liaison"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        liaisons["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["role"] == "liaison")
    );
    let error = refused(
        admin
            .on(s.get("/api/users?role=mayor"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(error["fields"]["role"].is_string());

    // A stale edit is refused; an administrator cannot lock themselves out.
    let sun = create_liaison(&s, &admin, "liaison.sun").await;
    let id = sun["id"].as_i64().unwrap();
    let edit = |version: &Value| {
        json!({
            "display_name": "孙联络", "role": "inspector", "unit_id": null, "active": true, "version": version,
        })
    };
    let saved = expect(
        send(
            &s,
            &admin,
            Method::PUT,
            &format!("/api/users/{id}"),
            edit(&sun["version"]),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["role"], "inspector");
    expect_status(
        send(
            &s,
            &admin,
            Method::PUT,
            &format!("/api/users/{id}"),
            edit(&sun["version"]),
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    let own = admin.me["id"].as_i64().unwrap();
    let mine = expect(
        admin
            .on(s.get(&format!("/api/users/{own}")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let error = refused(send(&s, &admin, Method::PUT, &format!("/api/users/{own}"), json!({
            "display_name": mine["display_name"], "role": "admin", "unit_id": null, "active": false, "version": mine["version"],
        }))
        .await).await;
    assert!(error["fields"]["active"].is_string());
}
