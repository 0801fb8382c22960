//! The API over HTTP against a real server, each body run on SQLite and on
//! PostgreSQL: health, the error shape, sign in and out, sessions, CSRF,
//! throttling, the static app and its headers, and `create-admin`.

mod common;

use std::process::Command;

use common::{
    Engine, HASHED_SCRIPT, Session, TestDb, TestServer, error_of, expect_error, expect_status,
    refused,
};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use xiaoneng_server::Config;

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    health_reports_the_database,
    unknown_api_paths_answer_json,
    malformed_bodies_answer_in_the_error_shape,
    errors_speak_the_requested_language,
    sign_in_who_am_i_and_sign_out,
    a_login_issues_a_new_session_id,
    state_changes_need_the_csrf_token,
    repeated_failures_are_throttled_per_account,
    failures_from_one_address_are_throttled,
    idle_sessions_expire,
    sessions_end_at_their_lifetime_however_used,
    the_app_is_served_with_its_headers,
    a_production_start_has_no_demo_logins,
    the_audit_chain_catches_direct_database_edits,
    the_openapi_document_describes_the_api,
);

async fn health_reports_the_database(s: TestServer) {
    let resp = s.get("/api/health").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers().contains_key("x-request-id"),
        "every response carries a request id"
    );
    let body: Value = resp.json().await.unwrap();
    let engine = match s.engine() {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgresql",
    };
    assert_eq!(body, json!({ "status": "ok", "database": engine }));
}

async fn unknown_api_paths_answer_json(s: TestServer) {
    expect_error(
        s.get("/api/no-such-thing/42").send().await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    expect_error(
        s.get("/api").send().await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    expect_error(
        s.request(Method::DELETE, "/api/health")
            .send()
            .await
            .unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

async fn malformed_bodies_answer_in_the_error_shape(s: TestServer) {
    let login = || s.post("/api/auth/login");

    let resp = login()
        .header(header::CONTENT_TYPE, "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    expect_error(resp, StatusCode::BAD_REQUEST, "bad_request").await;

    let resp = login()
        .body(r#"{"username":"office","password":"x"}"#)
        .send()
        .await
        .unwrap();
    expect_error(
        resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;

    let resp = login()
        .json(&json!({ "username": "office", "password": 5 }))
        .send()
        .await
        .unwrap();
    let error = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(
        error["fields"]["password"].is_string(),
        "names the wrong field: {error}"
    );

    let resp = login()
        .json(&json!({ "username": "office" }))
        .send()
        .await
        .unwrap();
    let error = refused(resp).await;
    assert_eq!(error["fields"]["password"], "此项必填");

    let resp = login()
        .json(&json!({ "username": "  ", "password": "" }))
        .send()
        .await
        .unwrap();
    let error = refused(resp).await;
    let fields: Vec<&str> = error["fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, ["password", "username"]);

    let huge = "x".repeat(300 * 1024);
    let resp = login()
        .json(&json!({ "username": huge, "password": "x" }))
        .send()
        .await
        .unwrap();
    expect_error(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

async fn errors_speak_the_requested_language(s: TestServer) {
    let ask = |lang: &'static str| {
        s.post("/api/auth/login")
            .header(header::ACCEPT_LANGUAGE, lang)
            .json(&json!({ "username": "office", "password": "" }))
            .send()
    };
    let (_, en) = error_of(ask("en-GB,en;q=0.9").await.unwrap()).await;
    assert_eq!(en["message"], "Some of the information is not valid");
    assert_eq!(en["fields"]["password"], "This field is required");
    let (_, zh) = error_of(ask("zh-CN").await.unwrap()).await;
    assert_eq!(zh["message"], "提交的内容有误，请按提示修改");
    assert_eq!(zh["fields"]["password"], "此项必填");
}

async fn sign_in_who_am_i_and_sign_out(s: TestServer) {
    expect_error(
        s.get("/api/auth/me").send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    expect_error(
        s.try_login("liaison", "not-the-password").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    expect_status(
        s.try_login("nobody", DEMO).await,
        StatusCode::UNAUTHORIZED,
        "an unknown user gets the same answer",
    )
    .await;

    let session = s.login("liaison", DEMO).await;
    let attrs: Vec<String> = session
        .set_cookie
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attrs.contains(&"httponly".into()), "{}", session.set_cookie);
    assert!(
        attrs.contains(&"samesite=strict".into()),
        "{}",
        session.set_cookie
    );
    assert!(attrs.contains(&"path=/".into()), "{}", session.set_cookie);
    assert!(
        !attrs.contains(&"secure".into()),
        "plain HTTP gets no Secure flag"
    );
    let id = session.cookie.split_once('=').unwrap().1;
    assert!(
        id.len() >= 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "a ≥128-bit random id: {id}"
    );
    assert_eq!(session.me["role"], "liaison");
    assert_eq!(session.me["unit_name"], "市房产局");
    assert_eq!(session.me["username"], "liaison");
    assert!(session.me.get("password_hash").is_none());

    let me: Value = session
        .on(s.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me, session.me);

    let resp = session
        .on(s.post("/api/auth/logout"), true)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let cleared = resp
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cleared.starts_with("xn_session=;") || cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let resp = session
        .on(s.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::UNAUTHORIZED,
        "the session ended on the server"
    );

    let audit = s.state.store.recent_audit(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|(action, _, _)| action.as_str()).collect();
    assert_eq!(
        actions[..4],
        ["logout", "login", "login_failed", "login_failed"]
    );
    assert_eq!(audit[0].2, session.me["id"].as_i64());
}

async fn a_login_issues_a_new_session_id(s: TestServer) {
    let first = s.login("office", DEMO).await;
    let resp = first
        .on(s.post("/api/auth/login"), true)
        .json(&json!({ "username": "office", "password": DEMO }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let second = Session::from_login(resp).await;
    assert_ne!(first.cookie, second.cookie);
    assert_ne!(first.csrf, second.csrf);
    let old = first.on(s.get("/api/auth/me"), false).send().await.unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the replaced session is gone"
    );
    let new = second
        .on(s.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), StatusCode::OK);
}

async fn state_changes_need_the_csrf_token(s: TestServer) {
    let session = s.login("office", DEMO).await;
    expect_error(
        session
            .on(s.post("/api/auth/logout"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "csrf_failed",
    )
    .await;
    let wrong = session
        .on(s.post("/api/auth/logout"), false)
        .header("X-CSRF-Token", "0".repeat(64))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let still = session
        .on(s.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(
        still.status(),
        StatusCode::OK,
        "a refused request changed nothing"
    );
    let ok = session
        .on(s.post("/api/auth/logout"), true)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
}

async fn repeated_failures_are_throttled_per_account(s: TestServer) {
    for attempt in 1..=5 {
        let resp = s.try_login("Office", "wrong password").await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let resp = s.try_login("office", DEMO).await;
    assert_eq!(
        resp.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    let retry: u64 = resp.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry), "Retry-After {retry}");
    let (_, error) = error_of(resp).await;
    assert_eq!(error["code"], "too_many_requests");
    assert_eq!(error["retry_after"].as_u64(), Some(retry));

    let other = s.try_login("leader", DEMO).await;
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "other accounts are not locked"
    );
}

async fn failures_from_one_address_are_throttled(s: TestServer) {
    for n in 0..20 {
        let resp = s.try_login(&format!("guess{n}"), "wrong password").await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    // The address's 21st failure is refused, whichever account it tries…
    let resp = s.try_login("leader", "wrong password").await;
    assert_eq!(
        resp.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the address's failures are refused"
    );
    assert!(resp.headers().contains_key(header::RETRY_AFTER));
    // …but a colleague behind the same address signs in with the right password.
    assert_eq!(
        s.try_login("office", DEMO).await.status(),
        StatusCode::OK,
        "a shared address never refuses the right password"
    );
    // The audit log has one entry per account's window and one for the
    // address's lock, not one per guess.
    let audit = s.state.store.recent_audit(60).await.unwrap();
    let locked = audit
        .iter()
        .filter(|(action, _, _)| action == "login_address_locked")
        .count();
    assert_eq!(locked, 1);
}

async fn idle_sessions_expire(s: TestServer) {
    let ended = |c: &mut Config| c.session_idle_minutes = 0;
    a_session_ends_under(s, ended, "idle longer than allowed").await;
}

async fn sessions_end_at_their_lifetime_however_used(s: TestServer) {
    let ended = |c: &mut Config| c.session_max_hours = 0;
    a_session_ends_under(
        s,
        ended,
        "older than a session may be, however recently used",
    )
    .await;
}

/// A server on the demo logins configured by `setting`: a session it starts
/// is over a moment later.
async fn a_session_ends_under(s: TestServer, setting: impl FnOnce(&mut Config), why: &str) {
    let engine = s.engine();
    drop(s);
    let Some(s) = TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        setting(c);
    })
    .await
    else {
        return;
    };
    let session = s.login("office", DEMO).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let resp = session
        .on(s.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{why}");
}

async fn the_app_is_served_with_its_headers(s: TestServer) {
    let resp = s.get("/").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let h = resp.headers().clone();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.contains_key(header::REFERRER_POLICY));
    assert_eq!(
        h[header::CACHE_CONTROL],
        "no-cache",
        "index.html is never cached"
    );
    assert!(resp.text().await.unwrap().contains("data-app=portal"));

    // Each page gets its own shell: the portal's (painted by the server; an
    // address it has no page for is not found), or the staff app's.
    for (path, app, status) in [
        ("/report/status", "data-app=portal", StatusCode::OK),
        ("/bulletins/3", "data-app=portal", StatusCode::NOT_FOUND),
        ("/no/such/page", "data-app=portal", StatusCode::NOT_FOUND),
        ("/staff", "data-app=staff", StatusCode::OK),
        ("/staff/findings", "data-app=staff", StatusCode::OK),
        ("/login", "data-app=staff", StatusCode::OK),
    ] {
        let route = s.get(path).send().await.unwrap();
        assert_eq!(route.status(), status, "{path}");
        assert_eq!(route.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(route.text().await.unwrap().contains(app), "{path} is {app}");
    }

    let asset = s
        .get(&format!("/{HASHED_SCRIPT}"))
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(
        asset.headers()[header::CONTENT_ENCODING],
        "br",
        "the precompressed copy"
    );
    assert_eq!(
        asset.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(
        asset.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );

    let plain = s.get(&format!("/{HASHED_SCRIPT}")).send().await.unwrap();
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('app');");

    let missing = s.get("/missing-file.js").send().await.unwrap();
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "a missing file is not the app"
    );
}

async fn a_production_start_has_no_demo_logins(s: TestServer) {
    let engine = s.engine();
    drop(s);
    let db = TestDb::new(engine)
        .await
        .expect("the engine ran a moment ago");
    // `create-admin` refuses a short password, then creates the administrator.
    let bin = env!("CARGO_BIN_EXE_xiaoneng");
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("secret.key");
    let out = Command::new(bin)
        .args([
            "create-admin",
            "--username",
            "root.admin",
            "--display-name",
            "首任管理员",
        ])
        .env("DATABASE_URL", &db.url)
        .env("XIAONENG_SECRET_FILE", &secret)
        .env("XIAONENG_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));
    let out = Command::new(bin)
        .args([
            "create-admin",
            "--username",
            "root.admin",
            "--display-name",
            "首任管理员",
        ])
        .env("DATABASE_URL", &db.url)
        .env("XIAONENG_SECRET_FILE", &secret)
        .env("XIAONENG_ADMIN_PASSWORD", "a long admin passphrase")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let s = TestServer::on(db, |c| {
        c.demo = false;
        c.secret_file = secret.clone();
    })
    .await;
    // The binary and the server wrote one chain with one key.
    assert!(
        xiaoneng_server::audit::verify(&s.state.store)
            .await
            .unwrap()
            .is_ok()
    );
    assert_eq!(
        s.try_login("office", DEMO).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let admin = s.login("root.admin", "a long admin passphrase").await;
    assert_eq!(admin.me["role"], "admin");
}

async fn the_audit_chain_catches_direct_database_edits(s: TestServer) {
    use xiaoneng_server::audit::{Break, verify};
    let session = s.login("office", DEMO).await;
    session
        .on(s.post("/api/auth/logout"), true)
        .send()
        .await
        .unwrap();
    s.try_login("office", "wrong password").await;
    let entries = verify(&s.state.store)
        .await
        .unwrap()
        .expect("an untouched chain holds");
    let (head, _) = s.state.store.audit_head().await.unwrap();
    assert_eq!(entries, head);
    assert!(
        entries >= 3 + 13 + 5,
        "demo data, login, logout and a failure: {entries}"
    );

    let page = s.state.store.audit_page(0, 1000).await.unwrap();
    let failed = page
        .iter()
        .find(|r| r.action == "login_failed")
        .unwrap()
        .clone();
    assert!(failed.detail.contains("office"));

    // Someone rewrites who failed to sign in, directly in the database.
    s.raw_sql(&format!(
        "UPDATE audit_log SET detail = '{{\"username\":\"leader\"}}' WHERE id = {}",
        failed.id
    ))
    .await;
    assert_eq!(
        verify(&s.state.store).await.unwrap(),
        Err(Break::Altered { id: failed.id })
    );

    // Put back exactly, and the chain holds again.
    s.raw_sql(&format!(
        "UPDATE audit_log SET detail = '{}' WHERE id = {}",
        failed.detail.replace('\'', "''"),
        failed.id
    ))
    .await;
    assert_eq!(verify(&s.state.store).await.unwrap(), Ok(entries));

    // Removing an entry in the middle, or at the end, is found too.
    s.raw_sql("DELETE FROM audit_log WHERE id = 5").await;
    assert_eq!(
        verify(&s.state.store).await.unwrap(),
        Err(Break::Unlinked { id: 6 })
    );
    s.raw_sql(&format!(
        "DELETE FROM audit_log WHERE id >= 5 AND id <> {entries}"
    ))
    .await;
    s.raw_sql(&format!("DELETE FROM audit_log WHERE id = {entries}"))
        .await;
    assert_eq!(
        verify(&s.state.store).await.unwrap(),
        Err(Break::Head {
            head_seq: entries,
            last_id: 4
        })
    );

    // And `xiaoneng audit-verify` says so, with a failing exit code.
    let out = Command::new(env!("CARGO_BIN_EXE_xiaoneng"))
        .arg("audit-verify")
        .env("DATABASE_URL", &s.db.url)
        .env("XIAONENG_SECRET_FILE", &s.state.config.secret_file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("entries removed at the end"));
}

async fn the_openapi_document_describes_the_api(s: TestServer) {
    let resp = s.get("/api/openapi.json").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let doc: Value = resp.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let login = &doc["paths"]["/api/auth/login"]["post"];
    assert_eq!(
        login["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/LoginRequest"
    );
    for status in ["200", "401", "422", "429"] {
        assert!(
            login["responses"][status].is_object(),
            "login documents {status}"
        );
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Me",
        "ErrorResponse",
        "ErrorBody",
        "ErrorCode",
        "Finding",
        "FindingDetail",
        "ActionRequest",
        "Due",
    ] {
        assert!(schemas[name].is_object(), "schema {name}");
    }
    assert!(doc["components"]["securitySchemes"]["csrf"].is_object());
}
