//! What every authenticated request passes before its handler: the three credential headers,
//! the hourly threshold, the thread threshold and any injected faults.

use crate::data::Actor;
use crate::error::{ApiError, ApiResult};
use crate::limits::{Counters, Slot};
use crate::state::SimState;
use axum::http::HeaderMap;
use std::sync::Arc;
use std::time::Duration;

/// Checks `ApiIntegrationCode`, `UserName` and `Secret` (header names are case-insensitive by
/// HTTP; the http crate already folds them) and returns the integration code.
pub fn authenticate(sim: &SimState, headers: &HeaderMap) -> ApiResult<String> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let creds = &sim.cfg.credentials;
    let code = get("apiintegrationcode").unwrap_or("");
    let code_ok = !code.is_empty()
        && (code == creds.tracking_id || sim.cfg.extra_tracking_ids.iter().any(|c| c == code));
    let user_ok = get("username").is_some_and(|u| u.eq_ignore_ascii_case(&creds.username));
    let secret_ok = get("secret") == Some(creds.secret.as_str());
    if code_ok && user_ok && secret_ok {
        Ok(code.to_owned())
    } else {
        Counters::bump(&sim.counters.unauthorized);
        Err(ApiError::unauthorized())
    }
}

/// Throttles and faults, in the order Autotask would hit them; the returned slot must be held
/// until the response is built.
pub async fn admit(sim: &Arc<SimState>, code: &str, entity: &str) -> ApiResult<Slot> {
    let verdict = sim.faults().verdict(entity);
    if let Some(retry) = verdict.hourly_retry_after {
        Counters::bump(&sim.counters.hourly_rejections);
        return Err(ApiError::hourly_limit(sim.limits.hourly_limit, retry));
    }
    if let Err(wait) = sim.limits.admit_hourly() {
        Counters::bump(&sim.counters.hourly_rejections);
        return Err(ApiError::hourly_limit(
            sim.limits.hourly_limit,
            wait.to_string(),
        ));
    }
    let slot = match sim.limits.acquire(code, entity) {
        Some(slot) if !verdict.thread_limit => slot,
        _ => {
            Counters::bump(&sim.counters.thread_rejections);
            return Err(ApiError::thread_limit(sim.limits.thread_limit));
        }
    };
    let delay = verdict.latency_ms + progressive_latency(sim);
    if delay > 0 {
        pause(sim, delay).await;
    }
    if let Some(ms) = verdict.hang_ms {
        pause(sim, ms).await;
    }
    if verdict.error {
        Counters::bump(&sim.counters.injected_errors);
        return Err(ApiError::invalid(
            "An unexpected error has occurred. Please try again later.",
        ));
    }
    Ok(slot)
}

fn progressive_latency(sim: &SimState) -> u64 {
    if !sim.cfg.progressive_latency || sim.limits.hourly_limit == 0 {
        return 0;
    }
    let used = sim.limits.hourly_count() * 100 / sim.limits.hourly_limit;
    match used {
        75.. => 1_000,
        50.. => 500,
        _ => 0,
    }
}

/// Sleeps, but gives up when the simulator shuts down so hung requests do not keep it alive.
async fn pause(sim: &SimState, ms: u64) {
    let mut shutdown = sim.shutdown.clone();
    tokio::select! {
        _ = tokio::time::sleep(Duration::from_millis(ms)) => {}
        _ = shutdown.changed() => {}
    }
}

/// The actor for a write: the API user, or the resource named by `ImpersonationResourceId`.
pub fn actor(sim: &SimState, headers: &HeaderMap) -> ApiResult<Actor> {
    let Some(raw) = headers.get("impersonationresourceid") else {
        return Ok(Actor::resource(sim.tenant().api_user_id));
    };
    let id = raw
        .to_str()
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| ApiError::invalid("ImpersonationResourceId must be an integer."))?;
    sim.tenant().impersonate(id)
}
