//! Zone discovery, case-insensitive routing and headers, authentication and unknown routes.

use super::{error_text, read, start, Api};
use relay_sim::Faults;
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[tokio::test]
async fn zone_lookup_returns_rest_base_with_trailing_slash_without_auth() {
    let sim = start().await;
    let user = sim.demo_credentials().username;
    let resp = reqwest::Client::new()
        .get(sim.zone_lookup_url())
        .query(&[("user", user.as_str())])
        .send()
        .await
        .unwrap();
    let (status, v) = read(resp).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v["url"],
        Value::from(format!("{}/ATServicesRest/", sim.base_url()))
    );
    assert!(v["zoneName"].is_string() && v["webUrl"].is_string() && v["ci"].is_i64());
    // The zone host answers the same path in Swagger casing too, and lookups are not counted.
    let upper = format!(
        "{}/ATServicesRest/V1.0/ZoneInformation?user={user}",
        sim.base_url()
    );
    assert_eq!(reqwest::get(upper).await.unwrap().status(), StatusCode::OK);
    assert_eq!(sim.request_count(), 0);
}

#[tokio::test]
async fn zone_lookup_for_unknown_or_blank_user_is_500() {
    let sim = start().await;
    for user in ["nobody@elsewhere.example", ""] {
        let url = format!("{}?user={user}", sim.zone_lookup_url());
        let (status, v) = read(reqwest::get(url).await.unwrap()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(error_text(&v), "Zone information could not be determined");
    }
}

#[tokio::test]
async fn zone_lookup_can_be_taken_down() {
    let sim = start().await;
    sim.set_faults(Faults {
        zone_down: true,
        ..Faults::default()
    });
    let url = format!(
        "{}?user={}",
        sim.zone_lookup_url(),
        sim.demo_credentials().username
    );
    assert_eq!(
        reqwest::get(&url).await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    sim.clear_faults();
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn paths_match_in_any_case_with_optional_trailing_slash() {
    let sim = start().await;
    let api = Api::new(&sim);
    for path in [
        "/ATServicesRest/V1.0/Companies/0",
        "/atservicesrest/v1.0/companies/0",
        "/AtServicesRest/v1.0/COMPANIES/0/",
    ] {
        let url = format!("{}{path}", sim.base_url());
        let (status, v) = api.send_url(Method::GET, &url, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(v["item"]["id"], 0, "{path}");
    }
}

#[tokio::test]
async fn header_names_are_case_insensitive() {
    let sim = start().await;
    let c = sim.demo_credentials();
    let resp = reqwest::Client::new()
        .get(format!(
            "{}/atservicesrest/v1.0/Companies/0",
            sim.base_url()
        ))
        .header("APIIntegrationcode", &c.tracking_id)
        .header("Username", &c.username)
        .header("SECRET", &c.secret)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_or_missing_credentials_are_401() {
    let sim = start().await;
    let c = sim.demo_credentials();
    let url = format!("{}/ATServicesRest/V1.0/Tickets/41207", sim.base_url());
    let good = [
        ("ApiIntegrationCode", c.tracking_id.as_str()),
        ("UserName", c.username.as_str()),
        ("Secret", c.secret.as_str()),
    ];
    for skip in 0..3 {
        for wrong in [false, true] {
            let mut rb = reqwest::Client::new().get(&url);
            for (i, (name, value)) in good.iter().enumerate() {
                match (i == skip, wrong) {
                    (false, _) => rb = rb.header(*name, *value),
                    (true, true) => rb = rb.header(*name, "WRONGVALUE"),
                    (true, false) => {}
                }
            }
            let status = rb.send().await.unwrap().status();
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "header {skip} wrong={wrong}"
            );
        }
    }
    assert_eq!(sim.stats().unauthorized, 6);
    assert_eq!(
        sim.request_count(),
        0,
        "rejected credentials are not API requests"
    );
}

#[tokio::test]
async fn unknown_routes_are_404() {
    let sim = start().await;
    let api = Api::new(&sim);
    for path in [
        "Widgets/query",
        "Tickets/41207/Notes/query",
        "Tickets/notanid",
        "Tickets/41207/Gadgets",
    ] {
        let (status, _) = api.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = api
        .send_url(Method::GET, &format!("{}/elsewhere", sim.base_url()), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn version_information_lists_v1() {
    let sim = start().await;
    let url = format!("{}/atservicesrest/versioninformation", sim.base_url());
    let (status, v) = read(reqwest::get(url).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["apiVersions"][0], "1.0");
}
