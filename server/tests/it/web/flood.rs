//! Floods of setup and sign-in against the real binary: argon2 runs behind a small gate, so
//! the process stays small and keeps answering; and a parallel burst of wrong passwords
//! checks no more passwords than the sign-in limit allows.

use super::*;
use crate::support::test_app;
use http::StatusCode;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("RELAY_DATA_DIR", dir.path())
        .env("RELAY_BIND", format!("127.0.0.1:{port}"))
        .env("RELAY_LOG_LEVEL", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server binary starts");
    Server {
        child,
        port,
        _dir: dir,
    }
}

/// Peak and current resident memory of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become healthy");
}

/// Fires `n` form posts at once and, while they run, checks that `/healthz` answers quickly.
async fn flood(http: &reqwest::Client, base: &str, path: &str, form: &str, n: usize) -> Vec<u16> {
    let posts: Vec<_> = (0..n)
        .map(|_| {
            let req = http
                .post(format!("{base}{path}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(form.to_string());
            tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let health = http
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("healthz answers during the flood");
    assert!(health.status().is_success());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "healthz took {:?} during the flood",
        started.elapsed()
    );
    let mut statuses = Vec::new();
    for p in posts {
        statuses.push(p.await.unwrap().expect("every request is answered"));
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn setup_and_sign_in_floods_keep_the_server_small_and_answering() {
    let server = start_server();
    let base = format!("http://127.0.0.1:{}", server.port);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    wait_healthy(&http, &base).await;

    let setup = format!(
        "msp_name=Flood+MSP&name=Ada&email=ada%40flood.example&password={p}&password_confirm={p}",
        p = ADMIN_PASSWORD
    );
    let statuses = flood(&http, &base, "/api/auth/setup", &setup, 200).await;
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(ok, 1, "exactly one setup wins: {statuses:?}");
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 409 | 503)),
        "{statuses:?}"
    );

    let wrong = "email=ada%40flood.example&password=not-the-password";
    let statuses = flood(&http, &base, "/api/auth/sign_in", wrong, 200).await;
    let checked = statuses.iter().filter(|s| **s == 400).count();
    assert!(checked <= 5, "{checked} wrong passwords were checked");
    assert!(
        statuses.iter().all(|s| matches!(s, 400 | 429 | 503)),
        "{statuses:?}"
    );

    let (peak, now) = memory_kib(server.child.id());
    assert!(
        peak < 200 * 1024,
        "peak RSS {} MiB (now {} MiB)",
        peak / 1024,
        now / 1024
    );
    // A webhook still gets its clear answer (unknown integration) after the floods.
    let res = http
        .post(format!("{base}/hooks/autotask/999?secret=nope"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
}

async fn sign_in_as(router: &axum::Router, email: &str, password: &str, from: Option<&str>) -> u16 {
    let form = format!("email={}&password={password}", email.replace('@', "%40"));
    let mut req = form_post("/api/auth/sign_in", &form, None);
    if let Some(ip) = from {
        req.headers_mut()
            .insert("x-forwarded-for", ip.parse().unwrap());
    }
    send(router, req).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_checks_no_more_passwords_than_the_limit() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let before = app.state.auth.password_checks();
    let tries: Vec<_> = (0..50)
        .map(|_| {
            let router = app.router.clone();
            tokio::spawn(async move { sign_in_as(&router, ADMIN_EMAIL, "wrong-guess", None).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let checks = app.state.auth.password_checks() - before;
    assert!(checks <= 5, "{checks} passwords checked: {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), checks);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 50 - checks);
    // The account is locked for the window, the right password included.
    assert_eq!(
        sign_in_as(&app.router, ADMIN_EMAIL, ADMIN_PASSWORD, None).await,
        StatusCode::TOO_MANY_REQUESTS.as_u16()
    );
}

#[tokio::test]
async fn a_finished_install_refuses_setup_without_hashing() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let before = app.state.auth.password_checks();
    let form = format!(
        "msp_name=Other&name=Eve&email=eve%40other.example&password={p}&password_confirm={p}",
        p = ADMIN_PASSWORD
    );
    let res = send(&app.router, form_post("/api/auth/setup", &form, None)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.state.auth.password_checks(), before, "no argon2 run");
}
