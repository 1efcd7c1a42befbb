//! Zone discovery: `zoneInformation` lookup, URL normalisation and the per-username cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use url::Url;

use super::config::ClientConfig;
use super::errors::{parse_messages, AutotaskError};

/// `zoneInformation` response (reference §1.2). Extra keys some tenants send are tolerated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneInformation {
    #[serde(default)]
    pub zone_name: String,
    /// REST base such as `https://webservices5.autotask.net/ATServicesRest/`.
    pub url: String,
    #[serde(default)]
    pub web_url: String,
    #[serde(default)]
    pub ci: i64,
}

/// A resolved zone: what Autotask said plus the normalised API base the client calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub info: ZoneInformation,
    /// `{url without trailing '/'}/v1.0`, e.g. `https://webservices5.autotask.net/ATServicesRest/v1.0`.
    pub api_base: Url,
}

impl Zone {
    pub fn from_info(info: ZoneInformation) -> Result<Self, AutotaskError> {
        let api_base = normalise_api_base(&info.url)?;
        Ok(Self { info, api_base })
    }

    /// Absolute URL for a path relative to the API base (`Tickets/query`).
    pub(crate) fn url_for(&self, relative: &str) -> Result<Url, AutotaskError> {
        let joined = format!(
            "{}/{}",
            self.api_base.as_str().trim_end_matches('/'),
            relative.trim_start_matches('/')
        );
        Url::parse(&joined).map_err(|e| AutotaskError::Decode(format!("bad request URL: {e}")))
    }

    /// Paging must stay on the host we already send credentials to (reference §4.5).
    pub(crate) fn is_same_origin(&self, candidate: &Url) -> bool {
        candidate.scheme() == self.api_base.scheme()
            && candidate.host_str().map(str::to_ascii_lowercase)
                == self.api_base.host_str().map(str::to_ascii_lowercase)
            && candidate.port_or_known_default() == self.api_base.port_or_known_default()
    }
}

/// Strip the trailing `/` Autotask puts on `url`, then append `/v1.0` (reference §1.3).
pub fn normalise_api_base(raw: &str) -> Result<Url, AutotaskError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = Url::parse(&format!("{trimmed}/v1.0"))
        .map_err(|e| AutotaskError::Decode(format!("zone url {raw:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(AutotaskError::Decode(format!(
            "zone url {raw:?} is not http(s)"
        )));
    }
    Ok(url)
}

/// Refuses plain http unless the configuration allows it (demo and tests only).
pub(crate) fn require_https(url: &Url, allow_insecure_http: bool) -> Result<(), AutotaskError> {
    if url.scheme() == "https" || (allow_insecure_http && url.scheme() == "http") {
        return Ok(());
    }
    Err(AutotaskError::InsecureUrl {
        url: url.to_string(),
    })
}

/// Calls `zoneInformation?user=` without credentials (it is unauthenticated and unthrottled).
/// Both the lookup URL and the zone it names must be https unless plain http is allowed.
pub(crate) async fn lookup(
    http: &reqwest::Client,
    config: &ClientConfig,
    username: &str,
) -> Result<Zone, AutotaskError> {
    let mut url = Url::parse(&config.zone_lookup_url)
        .map_err(|e| AutotaskError::Decode(format!("zone lookup URL is invalid: {e}")))?;
    require_https(&url, config.allow_insecure_http)?;
    url.query_pairs_mut().append_pair("user", username);
    let response = http
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(config.request_timeout)
        .send()
        .await
        .map_err(AutotaskError::from_reqwest)?;
    if response.status().is_redirection() {
        return Err(redirected(&response));
    }
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(AutotaskError::from_reqwest)?;
    if status.as_u16() == 500 {
        // Autotask reports an unknown or blank username as a 500, never a 404.
        return Err(AutotaskError::ZoneNotFound {
            username: username.to_owned(),
            messages: parse_messages(&body),
        });
    }
    if !status.is_success() {
        return Err(AutotaskError::Server {
            status: status.as_u16(),
            messages: parse_messages(&body),
        });
    }
    zone_from_answer(&body, config.allow_insecure_http)
}

/// The zone a successful `zoneInformation` answer names, refused when it is plain http (a
/// tampered or misconfigured answer must not draw the credentials off https).
fn zone_from_answer(body: &[u8], allow_insecure_http: bool) -> Result<Zone, AutotaskError> {
    let info: ZoneInformation = serde_json::from_slice(body)
        .map_err(|e| AutotaskError::Decode(format!("zoneInformation: {e}")))?;
    tracing::debug!(zone = %info.zone_name, url = %info.url, "resolved Autotask zone");
    let zone = Zone::from_info(info)?;
    require_https(&zone.api_base, allow_insecure_http)?;
    Ok(zone)
}

/// The typed error for a 3xx (the client never follows one).
pub(crate) fn redirected(response: &reqwest::Response) -> AutotaskError {
    AutotaskError::Redirected {
        status: response.status().as_u16(),
        location: response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// One slot per username; the async mutex makes concurrent first requests share one lookup.
type Slot = Arc<tokio::sync::Mutex<Option<Zone>>>;

#[derive(Default)]
pub(crate) struct ZoneCache {
    slots: Mutex<HashMap<String, Slot>>,
}

impl ZoneCache {
    fn slot(&self, username: &str) -> Slot {
        let key = username.to_ascii_lowercase();
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.entry(key).or_default().clone()
    }

    /// The cached zone, or a fresh lookup. The flag says whether it came from the cache, because
    /// only a cached zone is worth re-resolving after a 401.
    pub(crate) async fn get_or_resolve<F, Fut>(
        &self,
        username: &str,
        resolve: F,
    ) -> Result<(Zone, bool), AutotaskError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Zone, AutotaskError>>,
    {
        let slot = self.slot(username);
        let mut guard = slot.lock().await;
        if let Some(zone) = guard.as_ref() {
            return Ok((zone.clone(), true));
        }
        let zone = resolve().await?;
        *guard = Some(zone.clone());
        Ok((zone, false))
    }

    /// Drops the cached zone if it is still `stale`; a concurrent caller may already have replaced it.
    pub(crate) async fn invalidate(&self, username: &str, stale: &Zone) {
        let slot = self.slot(username);
        let mut guard = slot.lock().await;
        if guard.as_ref() == Some(stale) {
            *guard = None;
        }
    }

    pub(crate) async fn set(&self, username: &str, zone: Zone) {
        *self.slot(username).lock().await = Some(zone);
    }

    pub(crate) async fn peek(&self, username: &str) -> Option<Zone> {
        self.slot(username).lock().await.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_trailing_slash_and_version() {
        let url = normalise_api_base("https://webservices5.autotask.net/ATServicesRest/").unwrap();
        assert_eq!(
            url.as_str(),
            "https://webservices5.autotask.net/ATServicesRest/v1.0"
        );
        let url = normalise_api_base("https://webservices5.autotask.net/ATServicesRest").unwrap();
        assert_eq!(
            url.as_str(),
            "https://webservices5.autotask.net/ATServicesRest/v1.0"
        );
        let url = normalise_api_base("http://127.0.0.1:4010/atservicesrest//").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:4010/atservicesrest/v1.0");
        assert!(normalise_api_base("not a url").is_err());
        assert!(normalise_api_base("ftp://example.test/x/").is_err());
    }

    #[test]
    fn parses_zone_fixture() {
        let raw = r#"{"zoneName":"America West","url":"https://webservices5.autotask.net/ATServicesRest/",
            "webUrl":"https://ww5.autotask.net/","ci":1204417,"dataBaseType":"x"}"#;
        let info: ZoneInformation = serde_json::from_str(raw).unwrap();
        let zone = Zone::from_info(info).unwrap();
        assert_eq!(zone.info.ci, 1204417);
        assert_eq!(
            zone.url_for("Tickets/query").unwrap().as_str(),
            "https://webservices5.autotask.net/ATServicesRest/v1.0/Tickets/query"
        );
    }

    #[test]
    fn plain_http_only_when_allowed() {
        let https = Url::parse("https://webservices5.autotask.net/ATServicesRest/v1.0").unwrap();
        let http = Url::parse("http://webservices5.autotask.net/ATServicesRest/v1.0").unwrap();
        assert!(require_https(&https, false).is_ok());
        assert!(require_https(&https, true).is_ok());
        assert!(require_https(&http, true).is_ok());
        assert!(matches!(
            require_https(&http, false),
            Err(AutotaskError::InsecureUrl { url }) if url == http.as_str()
        ));
    }

    #[test]
    fn a_plain_http_zone_in_the_answer_is_refused_in_production() {
        let answer = br#"{"zoneName":"America West","url":"http://webservices5.autotask.net/ATServicesRest/","webUrl":"https://ww5.autotask.net/","ci":1}"#;
        match zone_from_answer(answer, false) {
            Err(AutotaskError::InsecureUrl { url }) => {
                assert_eq!(url, "http://webservices5.autotask.net/ATServicesRest/v1.0")
            }
            other => panic!("expected InsecureUrl, got {other:?}"),
        }
        assert!(
            zone_from_answer(answer, true).is_ok(),
            "allowed for a simulator"
        );
        let https = br#"{"zoneName":"America West","url":"https://webservices5.autotask.net/ATServicesRest/","ci":1}"#;
        assert!(zone_from_answer(https, false).is_ok());
    }

    #[test]
    fn same_origin_check() {
        let zone = Zone::from_info(ZoneInformation {
            zone_name: String::new(),
            url: "https://webservices5.autotask.net/ATServicesRest/".into(),
            web_url: String::new(),
            ci: 0,
        })
        .unwrap();
        let ok = Url::parse(
            "https://WEBSERVICES5.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging=x",
        )
        .unwrap();
        assert!(zone.is_same_origin(&ok));
        for bad in [
            "https://evil.example/ATServicesRest/V1.0/Tickets/query/next",
            "http://webservices5.autotask.net/ATServicesRest/V1.0/Tickets/query/next",
            "https://webservices5.autotask.net:8443/ATServicesRest/V1.0/Tickets/query/next",
            "https://webservices5.autotask.net.evil.example/x",
        ] {
            assert!(!zone.is_same_origin(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
