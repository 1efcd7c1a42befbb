//! zoneInformation (no auth, not throttled, 500 for unknown users) and versionInformation.

use crate::error::ApiError;
use crate::limits::Counters;
use crate::state::SimState;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub fn lookup(sim: &SimState, method: &Method, uri: &Uri) -> Response {
    if method != Method::GET {
        return ApiError::wrong_method(method.as_str(), &["GET"]).into_response();
    }
    Counters::bump(&sim.counters.zone_lookups);
    if sim.faults().zone_down {
        return ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            ..ApiError::invalid("The service is unavailable.")
        }
        .into_response();
    }
    let user = super::read::param(uri, "user").unwrap_or_default();
    if user.trim().is_empty()
        || !user
            .trim()
            .eq_ignore_ascii_case(&sim.cfg.credentials.username)
    {
        return ApiError::invalid("Zone information could not be determined").into_response();
    }
    Json(json!({
        "zoneName": sim.cfg.zone_name,
        "url": sim.rest_base(),
        "webUrl": format!("{}/", sim.base_url),
        "ci": 1204417,
    }))
    .into_response()
}

pub fn versions(method: &Method) -> Response {
    if method != Method::GET {
        return ApiError::wrong_method(method.as_str(), &["GET"]).into_response();
    }
    Json(json!({ "apiVersions": ["1.0"] })).into_response()
}
