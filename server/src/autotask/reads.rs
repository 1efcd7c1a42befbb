//! Reads: `GET /{Entity}/{id}`, `query/count`, and `ThresholdInformation`.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::client::TenantClient;
use super::entities::{Entity, ThresholdInformation};
use super::errors::AutotaskError;
use super::http::ApiRequest;
use super::query::Query;

#[derive(Deserialize)]
struct ItemEnvelope<T> {
    item: Option<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CountEnvelope {
    query_count: u64,
}

pub(crate) fn decode<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, AutotaskError> {
    serde_json::from_slice(body).map_err(|e| AutotaskError::Decode(format!("{what}: {e}")))
}

impl TenantClient {
    /// One record. Autotask answers a missing id with `{"item": null}` on some entities and 404
    /// on others; both are `Ok(None)`.
    pub async fn get<E: Entity>(&self, id: i64) -> Result<Option<E>, AutotaskError> {
        let request = ApiRequest::new(Method::GET, E::PATH, format!("{}/{id}", E::PATH));
        match self.send(&request).await {
            Ok(response) => Ok(decode::<ItemEnvelope<E>>(E::PATH, &response.body)?.item),
            Err(AutotaskError::NotFound { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// How many records match, without fetching them (use before big pulls).
    pub async fn count<E: Entity>(&self, query: &Query) -> Result<u64, AutotaskError> {
        let request = ApiRequest::new(Method::POST, E::PATH, format!("{}/query/count", E::PATH))
            .json(&query.to_count_body()?);
        let response = self.send(&request).await?;
        Ok(decode::<CountEnvelope>("query/count", &response.body)?.query_count)
    }

    /// The tenant's hourly usage as Autotask reports it (this call counts as a request).
    pub async fn threshold_information(&self) -> Result<ThresholdInformation, AutotaskError> {
        let request = ApiRequest::new(
            Method::GET,
            "ThresholdInformation",
            "ThresholdInformation".into(),
        );
        let response = self.send(&request).await?;
        decode("ThresholdInformation", &response.body)
    }
}
