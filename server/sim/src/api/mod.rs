//! The Autotask-facing HTTP surface: one fallback handler that routes case-insensitively, runs
//! the auth/limit/fault gate, then the read or write handler; plus the control API under `/_sim`.

mod gate;
mod read;
mod route;
mod write;
mod zone;

use super::error::{ApiError, ApiResult};
use super::limits::Counters;
use super::schema::{entity_info_json, fields_json, udfs_json};
use super::state::SimState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use route::Target;
use serde_json::Value;
use std::sync::Arc;

pub fn router(sim: Arc<SimState>) -> Router {
    Router::new()
        .nest("/_sim", super::control::router())
        .fallback(dispatch)
        .with_state(sim)
}

async fn dispatch(
    State(sim): State<Arc<SimState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(target) = route::parse(uri.path()) else {
        return ApiError::no_route(&uri.to_string()).into_response();
    };
    match target {
        Target::Zone => return zone::lookup(&sim, &method, &uri),
        Target::Versions => return zone::versions(&method),
        _ => {}
    }
    let code = match gate::authenticate(&sim, &headers) {
        Ok(code) => code,
        Err(e) => return e.into_response(),
    };
    Counters::bump(&sim.counters.requests);
    let _slot = match gate::admit(&sim, &code, target.limit_key()).await {
        Ok(slot) => slot,
        Err(e) => return e.into_response(),
    };
    let allowed = target.methods();
    if !allowed.contains(&method.as_str()) {
        return ApiError::wrong_method(method.as_str(), &allowed).into_response();
    }
    match handle(&sim, target, &method, &uri, &headers, &body) {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

fn handle(
    sim: &Arc<SimState>,
    target: Target,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<Value> {
    let get = method == Method::GET;
    match target {
        Target::Threshold => Ok(read::threshold(sim)),
        Target::Info(e) => Ok(entity_info_json(e)),
        Target::InfoFields(e) => Ok(fields_json(e)),
        Target::InfoUdfs(e) => Ok(udfs_json(e)),
        Target::Query(e) => read::query(sim, e, method, uri, body),
        Target::QueryCount(e) => read::count(sim, e, method, uri, body),
        Target::QueryNext(e) => read::next(sim, e, method, uri, body),
        Target::Item(e, id) if get => read::item(sim, e, id, None),
        Target::ChildList(_, pid, child) if get => Ok(read::child_list(sim, pid, child)),
        Target::ChildItem(_, pid, child, id) if get => {
            read::item(sim, child.entity, id, Some((child.parent_field, pid)))
        }
        _ => write::handle(sim, target, method, headers, body),
    }
}
