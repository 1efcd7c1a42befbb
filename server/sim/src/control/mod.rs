//! The `/_sim` control API (no Autotask auth; tests and the demo only): act as technicians and
//! contacts, read back notes, set faults, read stats, deactivate webhooks, send readiness GETs.

mod ops;

pub(crate) use ops::{
    create_note, create_ticket, deactivate_webhook, notes, record, records, remove_record,
    update_ticket,
};
pub use ops::{NoteView, Person};

use super::error::{ApiError, ApiResult};
use super::faults::Faults;
use super::limits::Stats;
use super::state::SimState;
use super::webhooks;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::sync::Arc;

type Sim = State<Arc<SimState>>;

pub fn router() -> Router<Arc<SimState>> {
    Router::new()
        .route("/credentials", get(credentials))
        .route("/tickets", post(post_ticket).patch(patch_ticket))
        .route("/tickets/{id}", get(get_ticket))
        .route("/tickets/{id}/notes", get(get_notes).post(post_note))
        .route(
            "/faults",
            get(get_faults).put(put_faults).delete(clear_faults),
        )
        .route("/stats", get(get_stats).delete(clear_stats))
        .route("/webhooks/deliveries", get(deliveries))
        .route("/webhooks/{entity}/{id}/deactivate", post(deactivate))
        .route("/readiness", post(readiness))
        .route("/usage", put(put_usage))
}

/// `{"otherRequests": n}`: requests the tenant's other integrations made this hour, which
/// ThresholdInformation then reports (to watch Relay's budget governor react).
async fn put_usage(State(sim): Sim, Json(body): Json<Value>) -> Response {
    let Some(n) = body.get("otherRequests").and_then(Value::as_u64) else {
        return ApiError::invalid("otherRequests (a whole number) is required").into_response();
    };
    sim.limits
        .other_usage
        .store(n, std::sync::atomic::Ordering::Relaxed);
    Json(json!({ "otherRequests": n })).into_response()
}

fn reply(r: ApiResult<Value>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Splits `asResource` / `asContact` off a control body; the rest are entity fields.
fn split_person(mut body: Map<String, Value>, fallback: i64) -> (Map<String, Value>, Person) {
    let contact = body.remove("asContact").and_then(|v| v.as_i64());
    let resource = body.remove("asResource").and_then(|v| v.as_i64());
    let person = match (contact, resource) {
        (Some(c), _) => Person::Contact(c),
        (None, Some(r)) => Person::Resource(r),
        _ => Person::Resource(fallback),
    };
    (body, person)
}

async fn credentials(State(sim): Sim) -> Json<Value> {
    let c = &sim.cfg.credentials;
    Json(json!({
        "username": c.username, "secret": c.secret, "trackingId": c.tracking_id,
        "baseUrl": sim.base_url,
        "zoneLookupUrl": format!("{}/atservicesrest/v1.0/zoneInformation", sim.base_url),
        "apiUserResourceId": sim.tenant().api_user_id,
    }))
}

async fn post_ticket(State(sim): Sim, Json(body): Json<Map<String, Value>>) -> Response {
    let (fields, by) = split_person(body, super::data::ADMIN_RESOURCE_ID);
    reply(create_ticket(&sim, fields, by).map(|id| json!({ "itemId": id })))
}

async fn patch_ticket(State(sim): Sim, Json(body): Json<Map<String, Value>>) -> Response {
    let (fields, by) = split_person(body, super::data::ADMIN_RESOURCE_ID);
    let Some(id) = fields.get("id").and_then(Value::as_i64) else {
        return ApiError::invalid("id is required").into_response();
    };
    reply(update_ticket(&sim, id, fields, by).map(|id| json!({ "itemId": id })))
}

async fn get_ticket(State(sim): Sim, Path(id): Path<i64>) -> Json<Value> {
    Json(json!({ "item": record(&sim, "Tickets", id) }))
}

async fn get_notes(State(sim): Sim, Path(id): Path<i64>) -> Json<Value> {
    Json(json!({ "items": notes(&sim, id) }))
}

async fn post_note(
    State(sim): Sim,
    Path(id): Path<i64>,
    Json(body): Json<Map<String, Value>>,
) -> Response {
    let (fields, by) = split_person(body, super::data::ADMIN_RESOURCE_ID);
    reply(create_note(&sim, id, fields, by).map(|id| json!({ "itemId": id })))
}

async fn get_faults(State(sim): Sim) -> Json<Faults> {
    Json(sim.faults().clone())
}

async fn put_faults(State(sim): Sim, Json(f): Json<Faults>) -> Json<Faults> {
    *sim.faults() = f.clone();
    Json(f)
}

async fn clear_faults(State(sim): Sim) -> Json<Faults> {
    *sim.faults() = Faults::default();
    Json(Faults::default())
}

async fn get_stats(State(sim): Sim) -> Json<Stats> {
    Json(Stats::collect(&sim.counters, &sim.limits))
}

async fn clear_stats(State(sim): Sim) -> StatusCode {
    sim.counters.reset();
    sim.limits.reset();
    StatusCode::NO_CONTENT
}

async fn deliveries(State(sim): Sim) -> Json<Value> {
    Json(json!({ "items": sim.hooks.log() }))
}

async fn deactivate(State(sim): Sim, Path((entity, id)): Path<(String, i64)>) -> Response {
    if deactivate_webhook(&sim, &entity, id) {
        Json(json!({ "deactivated": true })).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({ "errors": ["No such webhook."] })),
        )
            .into_response()
    }
}

async fn readiness(State(sim): Sim, Json(body): Json<Value>) -> Response {
    let Some(url) = body.get("url").and_then(Value::as_str) else {
        return ApiError::invalid("url is required").into_response();
    };
    match webhooks::send_readiness(&sim, url).await {
        Ok(status) => Json(json!({ "status": status })).into_response(),
        Err(e) => (StatusCode::BAD_GATEWAY, Json(json!({ "errors": [e] }))).into_response(),
    }
}
