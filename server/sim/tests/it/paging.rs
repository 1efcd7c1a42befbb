//! Paging: absolute nextPageUrls re-POSTed with the same body, GET → 405 on POST paging, GET
//! paging for search queries, prevPageUrl, and the 10,000-company listing in 20 requests.

use super::{error_text, ids, start, start_with, Api};
use relay_sim::{seed_company_count, SimConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn all_companies(page: usize) -> Value {
    json!({ "MaxRecords": page, "filter": [{ "op": "gte", "field": "id", "value": 0 }] })
}

#[tokio::test]
async fn pages_are_id_ordered_and_linked_by_absolute_urls() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = all_companies(4);
    let first = api.query("Companies", body.clone()).await;
    assert_eq!(ids(&first), [0, 612, 744, 803]);
    assert_eq!(first["pageDetails"]["count"], 4);
    assert_eq!(first["pageDetails"]["requestCount"], 4);
    assert_eq!(first["pageDetails"]["prevPageUrl"], Value::Null);
    let next = first["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        next.starts_with(&format!(
            "{}/ATServicesRest/V1.0/Companies/query/next?paging=",
            sim.base_url()
        )),
        "{next}"
    );

    let mut seen = ids(&first);
    let mut url = Some(next);
    let mut pages = 1;
    while let Some(u) = url {
        let (status, page) = api.send_url(Method::POST, &u, Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page["pageDetails"]["prevPageUrl"].is_string());
        seen.extend(ids(&page));
        url = page["pageDetails"]["nextPageUrl"]
            .as_str()
            .map(str::to_owned);
        pages += 1;
    }
    assert_eq!(pages, 4, "14 companies in pages of 4");
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(seen, sorted, "ascending ids, no repeats");
    assert_eq!(seen.len(), 14);
}

#[tokio::test]
async fn post_paging_rejects_get_and_accepts_bodyless_post() {
    let sim = start().await;
    let api = Api::new(&sim);
    let first = api.query("Companies", all_companies(5)).await;
    let next = first["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, v) = api.send_url(Method::GET, &next, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        error_text(&v).contains("does not support http method 'GET'"),
        "{v}"
    );
    let (status, page) = api.send_url(Method::POST, &next, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page), [829, 836, 842, 851, 858]);
    // The previous-page link leads back to the first page.
    let prev = page["pageDetails"]["prevPageUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, back) = api.send_url(Method::POST, &prev, None).await;
    assert_eq!(ids(&back), ids(&first));
}

#[tokio::test]
async fn search_queries_page_by_get_and_reject_post() {
    let sim = start().await;
    let api = Api::new(&sim);
    let url = reqwest::Url::parse_with_params(
        &api.url("Companies/query"),
        &[("search", all_companies(10).to_string())],
    )
    .unwrap();
    let (status, first) = api.send_url(Method::GET, url.as_str(), None).await;
    assert_eq!(status, StatusCode::OK);
    let next = first["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = api
        .send_url(Method::POST, &next, Some(&all_companies(10)))
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, page) = api.send_url(Method::GET, &next, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&page), [866, 874, 881, 889]);
    assert_eq!(page["pageDetails"]["nextPageUrl"], Value::Null);
}

#[tokio::test]
async fn ten_thousand_companies_list_in_twenty_requests() {
    let sim = start_with(SimConfig {
        companies: 10_000 - seed_company_count(),
        contacts_per_company: 1,
        ..SimConfig::default()
    })
    .await;
    let api = Api::new(&sim);
    let body = all_companies(500);
    sim.reset_request_count();
    let mut page = api.query("Companies", body.clone()).await;
    let mut total = ids(&page).len();
    let mut types = std::collections::BTreeSet::new();
    loop {
        for item in page["items"].as_array().unwrap() {
            types.insert(item["companyType"].as_i64().unwrap());
        }
        let Some(next) = page["pageDetails"]["nextPageUrl"]
            .as_str()
            .map(str::to_owned)
        else {
            break;
        };
        let (status, p) = api.send_url(Method::POST, &next, Some(&body)).await;
        assert_eq!(status, StatusCode::OK);
        page = p;
        total += ids(&page).len();
    }
    assert_eq!(total, 10_000);
    assert_eq!(sim.request_count(), 20);
    assert_eq!(types.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4, 6, 7, 8]);
    let (_, count) = api.post("Contacts/query/count", all_companies(1)).await;
    assert!(count["queryCount"].as_u64().unwrap() > 10_000 - seed_company_count() as u64);
}
