//! Black-box tests of the simulated Autotask tenant, driven with raw HTTP the way the reference
//! documents the real API.

mod fixtures;
mod limits;
mod model;
mod paging;
mod queries;
mod receiver;
mod smtp;
mod webhooks;
mod writes;
mod zone_auth;

use relay_sim::{SimConfig, SimHandle};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub async fn start() -> SimHandle {
    start_with(SimConfig::default()).await
}

pub async fn start_with(cfg: SimConfig) -> SimHandle {
    relay_sim::start(cfg).await.expect("simulator starts")
}

/// A raw HTTP client that sends the three Autotask credential headers.
pub struct Api {
    pub http: reqwest::Client,
    pub sim: SimHandle,
}

impl Api {
    pub fn new(sim: &SimHandle) -> Self {
        Api {
            http: reqwest::Client::new(),
            sim: sim.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/ATServicesRest/V1.0/{path}", self.sim.base_url())
    }

    pub fn request(&self, method: Method, url: &str) -> reqwest::RequestBuilder {
        let c = self.sim.demo_credentials();
        self.http
            .request(method, url)
            .header("ApiIntegrationCode", c.tracking_id)
            .header("UserName", c.username)
            .header("Secret", c.secret)
    }

    /// Sends a request to an absolute URL and returns status and JSON body (Null when empty).
    pub async fn send_url(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.request(method, url);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        read(rb.send().await.expect("request sent")).await
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        self.send_url(method, &self.url(path), body).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PATCH, path, Some(&body)).await
    }

    /// POST /{entity}/query, asserting success.
    pub async fn query(&self, entity: &str, body: Value) -> Value {
        let (status, v) = self.post(&format!("{entity}/query"), body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v
    }

    /// Ids of the first page of a query with the given filter.
    pub async fn ids(&self, entity: &str, filter: Value) -> Vec<i64> {
        let v = self.query(entity, json!({ "filter": filter })).await;
        ids(&v)
    }

    /// Creates a record and returns its itemId.
    pub async fn create(&self, path: &str, body: Value) -> i64 {
        let (status, v) = self.post(path, body).await;
        assert_eq!(status, StatusCode::OK, "create {path}: {v}");
        v["itemId"].as_i64().expect("itemId")
    }
}

pub async fn read(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let v = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, v)
}

pub fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default()
}

/// The first message of an Autotask error body.
pub fn error_text(v: &Value) -> String {
    v["errors"][0].as_str().unwrap_or_default().to_owned()
}
