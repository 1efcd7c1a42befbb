//! Credentials stay where they were sent: a 3xx from Autotask (or from the zone lookup) is a
//! typed error and the `Location` host is never called; plain-http zones are refused unless
//! the client is configured for a local simulator.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use relay_sim::SimConfig;
use serde_json::json;
use server::autotask::{AutotaskClient, AutotaskError, Ticket, ZoneInformation};

use super::{credentials, test_config};

/// Every request the "other host" saw, as (path, headers).
type Seen = Arc<Mutex<Vec<(String, HeaderMap)>>>;

async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// A host that records whatever reaches it and answers like Autotask would.
async fn recorder() -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let router = Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push((uri.to_string(), headers));
            axum::Json(json!({ "item": null }))
        }
    });
    (serve(router).await, seen)
}

/// A zone whose lookup answers normally but whose API answers every call with `status` to
/// the same path on `target`.
async fn redirecting_zone(status: StatusCode, target: SocketAddr) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let zone = json!({
        "zoneName": "Redirecting", "url": format!("http://{addr}/ATServicesRest/"),
        "webUrl": format!("http://{addr}/"), "ci": 1,
    });
    let router = Router::new()
        .route(
            "/atservicesrest/v1.0/zoneInformation",
            get(move || async move { axum::Json(zone) }),
        )
        .fallback(move |uri: Uri| async move {
            let location = format!("http://{target}{}", uri.path());
            (status, [(header::LOCATION, location)]).into_response()
        });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

#[tokio::test]
async fn api_redirects_are_refused_and_never_followed() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let (other, seen) = recorder().await;
    for status in [
        StatusCode::MOVED_PERMANENTLY,
        StatusCode::FOUND,
        StatusCode::TEMPORARY_REDIRECT,
        StatusCode::PERMANENT_REDIRECT,
    ] {
        let zone = redirecting_zone(status, other).await;
        let mut config = test_config(&sim);
        config.zone_lookup_url = format!("http://{zone}/atservicesrest/v1.0/zoneInformation");
        let client = AutotaskClient::new(config);
        let tenant = client.tenant(credentials(&sim));
        let err = tenant.get::<Ticket>(41207).await.unwrap_err();
        match &err {
            AutotaskError::Redirected {
                status: got,
                location,
            } => {
                assert_eq!(*got, status.as_u16());
                let location = location.as_deref().unwrap_or_default();
                assert!(
                    location.starts_with(&format!("http://{other}/")),
                    "{location}"
                );
            }
            other => panic!("expected Redirected for {status}, got {other:?}"),
        }
        assert!(!err.is_transient(), "a redirect is not retried");
        assert!(err.to_string().contains("redirect"), "{err}");
    }
    let seen = seen.lock().unwrap();
    assert!(
        seen.is_empty(),
        "the other host was called: {:?}",
        seen.iter().map(|(path, _)| path).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_redirecting_zone_lookup_is_refused_and_never_followed() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let (other, seen) = recorder().await;
    let lookup = serve(Router::new().fallback(move || async move {
        (
            StatusCode::FOUND,
            [(header::LOCATION, format!("http://{other}/zoneInformation"))],
        )
    }))
    .await;
    let mut config = test_config(&sim);
    config.zone_lookup_url = format!("http://{lookup}/atservicesrest/v1.0/zoneInformation");
    let tenant = AutotaskClient::new(config).tenant(credentials(&sim));
    let err = tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::Redirected { status: 302, .. }),
        "{err:?}"
    );
    assert!(seen.lock().unwrap().is_empty(), "the other host was called");
    assert_eq!(sim.request_count(), 0);
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let mut config = test_config(&sim);
    config.allow_insecure_http = false;
    let client = AutotaskClient::new(config);
    let tenant = client.tenant(credentials(&sim));

    // The lookup URL itself: refused before anything is sent.
    let err = tenant.get::<Ticket>(41207).await.unwrap_err();
    match &err {
        AutotaskError::InsecureUrl { url } => {
            assert!(url.starts_with("http://127.0.0.1:"), "{url}")
        }
        other => panic!("expected InsecureUrl, got {other:?}"),
    }
    assert!(!err.is_transient());
    assert_eq!(sim.stats().zone_lookups, 0, "the lookup was never called");

    // A stored zone (from the database) on plain http: refused too, nothing cached.
    let username = &tenant.credentials().username;
    let stored = ZoneInformation {
        zone_name: "stored".into(),
        url: sim.rest_base(),
        web_url: String::new(),
        ci: 1,
    };
    let err = client
        .remember_zone(username, stored.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, AutotaskError::InsecureUrl { .. }), "{err:?}");
    assert!(client.cached_zone(username).await.is_none());
    assert_eq!(sim.request_count(), 0, "no credentials went out");

    // The same zone with the simulator switch on works.
    let allowed = AutotaskClient::new(test_config(&sim));
    allowed.remember_zone(username, stored).await.unwrap();
    let ticket = allowed
        .tenant(credentials(&sim))
        .get::<Ticket>(41207)
        .await
        .unwrap();
    assert!(ticket.is_some());
}
