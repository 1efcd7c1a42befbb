//! Write handlers: creates, collection-level PATCH/PUT with `id` in the body, child-route writes
//! and deletes, all answering `{"itemId": N}`.

use super::gate;
use super::route::Target;
use crate::data::WriteOp;
use crate::error::{ApiError, ApiResult};
use crate::state::SimState;
use axum::http::{HeaderMap, Method};
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub fn handle(
    sim: &Arc<SimState>,
    target: Target,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<Value> {
    let actor = gate::actor(sim, headers)?;
    let delete = method == Method::DELETE;
    let doc = if delete { Map::new() } else { object(body)? };
    let put = method == Method::PUT;
    let op = match (target, method.as_str()) {
        (Target::Collection(entity), "POST") => WriteOp::Create {
            entity,
            parent: None,
            body: &doc,
        },
        (Target::Collection(entity), _) => WriteOp::Update {
            entity,
            parent: None,
            body: &doc,
            put,
        },
        (Target::ChildList(_, pid, child), "POST") => WriteOp::Create {
            entity: child.entity,
            parent: Some(pid),
            body: &doc,
        },
        (Target::ChildList(_, pid, child), _) => WriteOp::Update {
            entity: child.entity,
            parent: Some(pid),
            body: &doc,
            put,
        },
        (Target::Item(entity, id), _) => WriteOp::Delete {
            entity,
            parent: None,
            id,
        },
        (Target::ChildItem(_, pid, child, id), _) => WriteOp::Delete {
            entity: child.entity,
            parent: Some(pid),
            id,
        },
        _ => return Err(ApiError::wrong_method(method.as_str(), &target.methods())),
    };
    let id = sim.apply_write(op, actor)?;
    Ok(json!({ "itemId": id }))
}

fn object(body: &[u8]) -> ApiResult<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::invalid("The request body must be a JSON object.")),
        Err(e) => Err(ApiError::invalid(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}
