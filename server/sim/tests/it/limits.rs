//! Throttling and fault injection: the 3-thread limit per (integration code, entity), the hourly
//! threshold with Retry-After, ThresholdInformation, injected 500s, latency and hangs.

use super::{error_text, read, start, start_with, Api};
use futures::future::join_all;
use relay_sim::{Faults, SimConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const THREAD_MSG: &str =
    "Thread Threshold Exceeded -- The Autotask API thread threshold of 3 threads has been exceeded.";

#[tokio::test]
async fn a_fourth_concurrent_request_per_entity_gets_the_thread_429() {
    let sim = start_with(SimConfig {
        extra_tracking_ids: vec!["OTHERINTEGRATIONCODE0000001".into()],
        ..SimConfig::default()
    })
    .await;
    sim.set_faults(Faults {
        latency_ms: 400,
        ..Faults::default()
    });
    let api = Api::new(&sim);
    let tickets = (0..5).map(|_| api.get("Tickets/41207"));
    let other_entity = api.get("Companies/0");
    let other_code = async {
        let c = sim.demo_credentials();
        let resp = reqwest::Client::new()
            .get(api.url("Tickets/41208"))
            .header("ApiIntegrationCode", "OTHERINTEGRATIONCODE0000001")
            .header("UserName", c.username)
            .header("Secret", c.secret)
            .send()
            .await
            .unwrap();
        read(resp).await
    };
    let (results, company, other) = tokio::join!(join_all(tickets), other_entity, other_code);
    let ok = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let limited: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .map(|(_, v)| v)
        .collect();
    assert_eq!((ok, limited.len()), (3, 2));
    assert_eq!(error_text(limited[0]), THREAD_MSG);
    assert_eq!(
        company.0,
        StatusCode::OK,
        "other entities have their own threads"
    );
    assert_eq!(
        other.0,
        StatusCode::OK,
        "other integration codes have their own threads"
    );
    assert_eq!(
        sim.peak_in_flight("Tickets"),
        4,
        "three admitted plus the attempts refused"
    );
    assert_eq!(sim.stats().thread_rejections, 2);
}

#[tokio::test]
async fn forced_thread_limit_answers_the_next_requests_then_recovers() {
    let sim = start().await;
    let api = Api::new(&sim);
    sim.set_faults(Faults {
        thread_limit_next: 2,
        ..Faults::default()
    });
    assert_eq!(
        api.get("Tickets/41207").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let (status, v) = api.get("Tickets/41207").await;
    assert_eq!(
        (status, error_text(&v).as_str()),
        (StatusCode::TOO_MANY_REQUESTS, THREAD_MSG)
    );
    assert_eq!(api.get("Tickets/41207").await.0, StatusCode::OK);
}

#[tokio::test]
async fn hourly_threshold_answers_429_with_retry_after_and_threshold_information_counts() {
    let sim = start_with(SimConfig {
        hourly_limit: 5,
        ..SimConfig::default()
    })
    .await;
    let api = Api::new(&sim);
    let (status, t) = api.get("ThresholdInformation").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        t,
        json!({ "externalRequestThreshold": 5, "requestThresholdTimeframe": 60, "currentTimeframeRequestCount": 1 })
    );
    for _ in 0..3 {
        assert_eq!(api.get("Companies/0").await.0, StatusCode::OK);
    }
    let (_, t) = api.get("threshOLDinformation").await;
    assert_eq!(t["currentTimeframeRequestCount"], 5);
    let resp = api
        .request(Method::GET, &api.url("Companies/0"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 3000 && retry <= 3600, "{retry}");
    assert_eq!(sim.stats().hourly_rejections, 1);
}

#[tokio::test]
async fn forced_hourly_threshold_can_send_an_http_date() {
    let sim = start().await;
    let api = Api::new(&sim);
    sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_secs: 7,
        ..Faults::default()
    });
    let resp = api
        .request(Method::GET, &api.url("Tickets/41207"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "7");
    sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_as_date: true,
        ..Faults::default()
    });
    let resp = api
        .request(Method::GET, &api.url("Tickets/41207"))
        .send()
        .await
        .unwrap();
    let when = resp.headers()["retry-after"].to_str().unwrap().to_owned();
    assert!(httpdate::parse_http_date(&when).is_ok(), "{when}");
    assert_eq!(api.get("Tickets/41207").await.0, StatusCode::OK);
}

#[tokio::test]
async fn injected_errors_latency_and_hangs() {
    let sim = start().await;
    let api = Api::new(&sim);
    sim.set_faults(Faults {
        error_next: 2,
        ..Faults::default()
    });
    assert_eq!(
        api.get("Tickets/41207").await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        api.get("Tickets/41207").await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(api.get("Tickets/41207").await.0, StatusCode::OK);
    sim.set_faults(Faults {
        error_rate: 1.0,
        entity: Some("companies".into()),
        ..Faults::default()
    });
    assert_eq!(
        api.get("Companies/0").await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        api.get("Tickets/41207").await.0,
        StatusCode::OK,
        "faults limited to one entity"
    );

    sim.set_faults(Faults {
        latency_ms: 250,
        ..Faults::default()
    });
    let started = Instant::now();
    assert_eq!(api.get("Tickets/41207").await.0, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(250));

    sim.set_faults(Faults {
        hang_next: 1,
        hang_ms: 10_000,
        ..Faults::default()
    });
    let impatient = api
        .request(Method::GET, &api.url("Tickets/41207"))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(impatient.is_err_and(|e| e.is_timeout()));
    assert_eq!(api.get("Tickets/41207").await.0, StatusCode::OK);
}

#[tokio::test]
async fn control_api_sets_faults_and_reports_stats_over_http() {
    let sim = start().await;
    let api = Api::new(&sim);
    let http = reqwest::Client::new();
    let base = sim.base_url();
    let resp = http
        .put(format!("{base}/_sim/faults"))
        .json(&json!({ "errorNext": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(sim.faults().error_next, 1);
    assert_eq!(
        api.get("Tickets/41207").await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let (_, stats) = read(http.get(format!("{base}/_sim/stats")).send().await.unwrap()).await;
    assert_eq!(stats["requestCount"], 1);
    assert_eq!(stats["injectedErrors"], 1);
    http.delete(format!("{base}/_sim/stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(sim.request_count(), 0);
    let (_, creds) = read(
        http.get(format!("{base}/_sim/credentials"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(creds["trackingId"], sim.demo_credentials().tracking_id);
    assert_eq!(creds["apiUserResourceId"], sim.api_user_resource_id());
}

#[tokio::test]
async fn other_integrations_usage_shows_in_threshold_information() {
    let sim = start().await;
    let api = Api::new(&sim);
    let http = reqwest::Client::new();
    let base = sim.base_url();
    let set = http
        .put(format!("{base}/_sim/usage"))
        .json(&json!({ "otherRequests": 6000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let (_, t) = api.get("ThresholdInformation").await;
    assert_eq!(t["currentTimeframeRequestCount"], 6001, "{t}");
    sim.set_other_usage(0);
    let (_, t) = api.get("ThresholdInformation").await;
    assert_eq!(t["currentTimeframeRequestCount"], 2);
    let bad = http
        .put(format!("{base}/_sim/usage"))
        .json(&json!({ "otherRequests": "lots" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::INTERNAL_SERVER_ERROR);
}
