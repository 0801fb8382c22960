//! Several servers over one PostgreSQL database, as a city runs them. Each
//! keeps the sessions and the calendar it read (`db::kept`); what one
//! replica changes, the others stop using well before a kept copy would
//! be read again anyway — also when a replica lost its listening
//! connection meanwhile.

mod common;

use std::time::Duration;

use common::{Engine, Session, TestServer, ok_json, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

/// Well inside `KEEP_FOR` (10 s): a replica that sees a change this soon
/// heard of it.
const HEARD_WITHIN: Duration = Duration::from_secs(3);

/// Runs each named test body (an `async fn(TestServer, TestServer)`) on
/// two servers over one fresh PostgreSQL database with the demo logins.
macro_rules! on_two_replicas {
    ($($name:ident),* $(,)?) => {
        mod replicas {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(a) = super::TestServer::start(super::Engine::Postgres).await {
                        let b = a.replica().await;
                        super::$name(a, b).await;
                    }
                }
            )*
        }
    };
}

on_two_replicas!(
    a_sign_out_on_one_replica_ends_the_session_on_all,
    an_account_change_on_one_replica_shows_on_all,
    a_calendar_change_on_one_replica_counts_on_all,
    a_replica_that_lost_its_listener_keeps_nothing_it_may_have_missed,
);

/// Whether `check` comes to hold within `HEARD_WITHIN`, asking every 20 ms.
async fn soon(mut check: impl AsyncFnMut() -> bool) -> bool {
    let until = tokio::time::Instant::now() + HEARD_WITHIN;
    while tokio::time::Instant::now() < until {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

async fn me(server: &TestServer, session: &Session) -> (StatusCode, Value) {
    let resp = session
        .on(server.get("/api/auth/me"), false)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// Waits until replica `b` keeps `session`: `b` reads it, the account is
/// renamed behind the application's back (nobody is told), and `b` still
/// shows the old name. Answers that old name.
async fn kept_by(a: &TestServer, b: &TestServer, session: &Session) -> Value {
    let mut renames = 0;
    let mut kept = Value::Null;
    let found = soon(async || {
        let (status, before) = me(b, session).await;
        assert_eq!(status, StatusCode::OK, "a session works on every replica");
        renames += 1;
        a.raw_sql(&format!(
            "UPDATE users SET display_name = 'Renamed {renames}' WHERE id = {}",
            before["id"]
        ))
        .await;
        kept = before["display_name"].clone();
        me(b, session).await.1["display_name"] == kept
    })
    .await;
    assert!(found, "the replica keeps the session it read");
    kept
}

async fn sign_out(server: &TestServer, session: &Session) {
    let resp = session
        .on(server.post("/api/auth/logout"), true)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "signed out: {}", resp.status());
}

async fn a_sign_out_on_one_replica_ends_the_session_on_all(a: TestServer, b: TestServer) {
    let office = a.login("office", DEMO).await;
    // What makes the rest mean something: without a notice, B would go on.
    kept_by(&a, &b, &office).await;
    sign_out(&a, &office).await;
    assert!(
        soon(async || me(&b, &office).await.0 == StatusCode::UNAUTHORIZED).await,
        "the other replica refuses the ended session"
    );
}

async fn an_account_change_on_one_replica_shows_on_all(a: TestServer, b: TestServer) {
    let admin = a.login("admin", DEMO).await;
    let leader = a.login("leader", DEMO).await;
    let (status, me_before) = me(&b, &leader).await;
    assert_eq!(status, StatusCode::OK);
    let id = me_before["id"].as_i64().unwrap();
    let account = ok_json(admin.on(a.get(&format!("/api/users/{id}")), false)).await;
    let edit = json!({
        "display_name": "新的名字",
        "role": account["role"],
        "unit_id": account["unit_id"],
        "active": true,
        "version": account["version"],
    });
    let resp = send(&a, &admin, Method::PUT, &format!("/api/users/{id}"), edit).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        soon(async || me(&b, &leader).await.1["display_name"] == "新的名字").await,
        "the other replica shows the new name"
    );
}

async fn a_calendar_change_on_one_replica_counts_on_all(a: TestServer, b: TestServer) {
    let office = a.login("office", DEMO).await;
    let deadline = async || {
        let body = ok_json(office.on(
            b.get("/api/calendar/deadline?from=2020-06-24&working_days=5"),
            false,
        ))
        .await;
        body["deadline"].as_str().unwrap().to_owned()
    };
    assert_eq!(deadline().await, "2020-07-02");
    let holiday = json!({ "working": false, "name": "测试假日" });
    let resp = send(
        &a,
        &office,
        Method::PUT,
        "/api/calendar/days/2020-06-29",
        holiday,
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        soon(async || deadline().await == "2020-07-03").await,
        "the other replica counts the new holiday"
    );
}

async fn a_replica_that_lost_its_listener_keeps_nothing_it_may_have_missed(
    a: TestServer,
    b: TestServer,
) {
    let office = a.login("office", DEMO).await;
    let stale = kept_by(&a, &b, &office).await;
    // Both replicas' listening connections end. No notice is sent: B reads
    // the session again only because it forgets what it kept on losing
    // the connection on which a notice would have come.
    a.raw_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN %'",
    )
    .await;
    assert!(
        soon(async || me(&b, &office).await.1["display_name"] != stale).await,
        "the replica forgot what it kept when it stopped hearing"
    );

    // And it listens again: it keeps, and a change is heard as before.
    kept_by(&a, &b, &office).await;
    sign_out(&a, &office).await;
    assert!(
        soon(async || me(&b, &office).await.0 == StatusCode::UNAUTHORIZED).await,
        "the other replica hears again"
    );
}

/// Two replicas of a new deployment started at the same moment over an
/// empty database, both with the demo: both start, the demo is loaded once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_starting_together_load_the_demo_once() {
    for _ in 0..3 {
        let Some(db) = common::TestDb::new(Engine::Postgres).await else {
            return;
        };
        let secret = tempfile::tempdir().unwrap();
        let key = secret.path().join("secret.key");
        let again = db.again();
        let demo = |key: std::path::PathBuf| {
            move |c: &mut xiaoneng_server::Config| {
                c.demo = true;
                c.demo_story = false;
                c.secret_file = key;
            }
        };
        let (a, b) = tokio::join!(
            TestServer::on(db, demo(key.clone())),
            TestServer::on(again, demo(key.clone()))
        );
        assert_eq!(a.scalar("SELECT COUNT(*) FROM users").await, 7);
        for s in [&a, &b] {
            s.login("office", DEMO).await;
        }
        assert!(
            xiaoneng_server::audit::verify(&a.state.store)
                .await
                .unwrap()
                .is_ok()
        );
        drop(b);
        drop(a);
    }
}
