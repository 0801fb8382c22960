//! The server behind a real reverse proxy (issue 16), on both engines:
//! nginx from Debian, started by the test with the README's example
//! (`deploy/nginx.conf`), terminating TLS in front of the server. Clients
//! come from their own loopback addresses (127.0.0.2, 127.0.0.3…), so the
//! server must tell them apart behind the one proxy — and must not believe
//! what a client writes into `X-Forwarded-For` itself.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::TestServer;
use xiaoneng_server::http::client::parse_proxy;

const DEMO: &str = "xiaoneng-demo";
const NGINX: &str = "/usr/sbin/nginx";

both_engines!(behind_nginx_each_client_is_itself);

/// nginx running the example config in front of `upstream`; stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(upstream: &str) -> Nginx {
        assert!(
            Path::new(NGINX).exists(),
            "nginx is missing: `cargo xtask test` installs Debian's nginx"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = &dir.path().to_path_buf();
        let ok = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=localhost", "-keyout"])
            .arg(d.join("key.pem"))
            .arg("-out")
            .arg(d.join("cert.pem"))
            .stderr(Stdio::null())
            .status()
            .expect("running openssl");
        assert!(ok.success(), "a self-signed certificate");
        let port = free_port();
        let example = std::fs::read_to_string(workspace().join("deploy/nginx.conf")).unwrap();
        // The example's first server block, with this test's address,
        // certificate and upstream.
        let block =
            &example[example.find("server {").unwrap()..example.find("# Plain HTTP").unwrap()];
        let block = block
            .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port} ssl;"))
            .replace(
                "/etc/ssl/xiaoneng/fullchain.pem",
                &d.join("cert.pem").display().to_string(),
            )
            .replace(
                "/etc/ssl/xiaoneng/privkey.pem",
                &d.join("key.pem").display().to_string(),
            )
            .replace("http://127.0.0.1:8080", upstream);
        assert!(block.contains(upstream) && block.contains(&port.to_string()));
        let conf = format!(
            "daemon off;\nworker_processes 1;\nuser root root;\npid {d}/nginx.pid;\n\
             error_log {d}/error.log;\nevents {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n fastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n{block}\n}}\n",
            d = d.display()
        );
        std::fs::write(d.join("nginx.conf"), conf).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .stderr(Stdio::null())
            .spawn()
            .expect("starting nginx");
        let nginx = Nginx {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return nginx;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "nginx did not listen: {}",
            std::fs::read_to_string(d.join("error.log")).unwrap_or_default()
        );
    }
}

impl Drop for Nginx {
    /// SIGTERM: the master stops its workers (SIGKILL would leave them running).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What curl got: the status, the head and the body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// A sign-in through nginx over HTTPS, from the client address `from`.
async fn login(
    port: u16,
    from: &str,
    username: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> Answer {
    let mut curl = Command::new("curl");
    curl.args(["-sk", "--max-time", "20", "-D", "-", "--interface", from])
        .args(["-H", "Content-Type: application/json"])
        .arg("--data")
        .arg(serde_json::json!({ "username": username, "password": password }).to_string());
    if let Some(f) = forwarded_for {
        curl.args(["-H", &format!("X-Forwarded-For: {f}")]);
    }
    curl.arg(format!("https://127.0.0.1:{port}/api/auth/login"));
    let out = tokio::task::spawn_blocking(move || curl.output().unwrap())
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no answer through nginx: {text}"));
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

async fn behind_nginx_each_client_is_itself(s: TestServer) {
    let engine = s.engine();
    drop(s);
    let s = TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        c.trusted_proxies = vec![parse_proxy("127.0.0.1").unwrap()];
    })
    .await
    .unwrap();
    let nginx = Nginx::start(&s.url);
    let port = nginx.port;

    // One client fails 20 times (each a different account, so no account
    // locks), writing a made-up address into X-Forwarded-For itself.
    for n in 0..20 {
        let a = login(
            port,
            "127.0.0.2",
            &format!("guess{n}"),
            "x",
            Some("6.6.6.6"),
        )
        .await;
        assert_eq!(a.status, 401, "{}", a.body);
    }
    assert_eq!(
        s.last_audited_address().await.as_deref(),
        Some("127.0.0.2"),
        "the client nginx saw, not the proxy and not what the client wrote"
    );
    // Its next failure is refused…
    let a = login(port, "127.0.0.2", "leader", "x", Some("6.6.6.7")).await;
    assert_eq!(a.status, 429, "{}", a.body);
    // …yet its right password still works, for an account not locked…
    let a = login(port, "127.0.0.2", "office", DEMO, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    // …over HTTPS, so the cookie is Secure (the demo's own setting is not).
    let cookie = a
        .head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("a session cookie")
        .to_owned();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // Another client behind the same proxy is not touched by the first one's failures.
    let a = login(port, "127.0.0.3", "someone.else", "x", None).await;
    assert_eq!(a.status, 401, "{}", a.body);
    assert_eq!(s.last_audited_address().await.as_deref(), Some("127.0.0.3"));
    drop(nginx);
}
