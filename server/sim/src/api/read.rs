//! Read handlers: get by id (`{"item": null}` for missing ids), queries with paging, counts,
//! child collections, entityInformation and ThresholdInformation.

use crate::data::int_field;
use crate::error::{ApiError, ApiResult};
use crate::query::{present, PageToken, QuerySpec, StoredQuery};
use crate::schema::{Child, Entity};
use crate::state::SimState;
use axum::http::{Method, StatusCode, Uri};
use serde_json::{json, Value};
use std::sync::Arc;

pub fn item(sim: &SimState, e: Entity, id: i64, parent: Option<(&str, i64)>) -> ApiResult<Value> {
    let t = sim.tenant();
    let found = t.get(e, id).filter(|r| match parent {
        Some((field, pid)) => int_field(r, field) == Some(pid),
        None => true,
    });
    match found {
        Some(rec) => Ok(json!({ "item": present(e, rec, None) })),
        None if sim.faults().missing_item_404 => Err(ApiError {
            status: StatusCode::NOT_FOUND,
            ..ApiError::invalid(format!("{} with id {id} was not found.", e.singular()))
        }),
        None => Ok(json!({ "item": null })),
    }
}

/// The query document of a request: the POST body, or the `search` parameter of a GET.
fn query_input(method: &Method, uri: &Uri, body: &[u8]) -> ApiResult<(Value, Option<String>)> {
    if method == Method::GET {
        let search = param(uri, "search")
            .ok_or_else(|| ApiError::invalid("The search parameter is required."))?;
        let v = serde_json::from_str(&search).map_err(|e| {
            ApiError::invalid(format!("The search parameter is not valid JSON: {e}"))
        })?;
        return Ok((v, Some(search)));
    }
    let v = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("The query body is not valid JSON: {e}")))?;
    Ok((v, None))
}

pub fn param(uri: &Uri, name: &str) -> Option<String> {
    url::form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.into_owned())
}

pub fn query(
    sim: &SimState,
    e: Entity,
    method: &Method,
    uri: &Uri,
    body: &[u8],
) -> ApiResult<Value> {
    let (doc, search) = query_input(method, uri, body)?;
    let q = StoredQuery {
        entity: e,
        spec: QuerySpec::parse(e, &doc)?,
        via_get: method == Method::GET,
        search,
        starts: Vec::new(),
    };
    Ok(serve_page(sim, None, q, 0, i64::MIN))
}

pub fn count(
    sim: &SimState,
    e: Entity,
    method: &Method,
    uri: &Uri,
    body: &[u8],
) -> ApiResult<Value> {
    let (doc, _) = query_input(method, uri, body)?;
    let spec = QuerySpec::parse(e, &doc)?;
    let n = spec.count(sim.tenant().table(e));
    Ok(json!({ "queryCount": n }))
}

/// `/query/next?paging=`: the verb must match the original query's (POST body / GET search).
pub fn next(
    sim: &SimState,
    e: Entity,
    method: &Method,
    uri: &Uri,
    body: &[u8],
) -> ApiResult<Value> {
    let token = param(uri, "paging")
        .and_then(|p| PageToken::decode(&p))
        .ok_or_else(|| ApiError::invalid("The paging parameter is missing or invalid."))?;
    let via_get = method == Method::GET;
    if token.get != via_get {
        let allowed = if token.get { "GET" } else { "POST" };
        return Err(ApiError::wrong_method(method.as_str(), &[allowed]));
    }
    let stored = sim.pages().get_mut(token.query_id).cloned();
    let q = match stored {
        Some(q) => q,
        None => {
            // Expired state: rebuild from the re-sent body or search text when there is one.
            let has_input = if via_get {
                param(uri, "search").is_some()
            } else {
                !body.is_empty()
            };
            if !has_input {
                return Err(ApiError::invalid(
                    "The paging state for this query has expired; run the query again.",
                ));
            }
            let (doc, search) = query_input(method, uri, body)?;
            let q = StoredQuery {
                entity: e,
                spec: QuerySpec::parse(e, &doc)?,
                via_get,
                search,
                starts: Vec::new(),
            };
            sim.pages().restore(token.query_id, q.clone());
            q
        }
    };
    if q.entity != e {
        return Err(ApiError::invalid(
            "The paging token belongs to a different entity.",
        ));
    }
    Ok(serve_page(
        sim,
        Some(token.query_id),
        q,
        token.page,
        token.last_id,
    ))
}

fn serve_page(
    sim: &SimState,
    query_id: Option<u64>,
    q: StoredQuery,
    page: usize,
    after: i64,
) -> Value {
    let (items, more, last) = {
        let t = sim.tenant();
        let (rows, more) = q.spec.page(t.table(q.entity), after);
        let items: Vec<Value> = rows
            .iter()
            .map(|r| present(q.entity, r, q.spec.include.as_ref()))
            .collect();
        let last = rows.last().and_then(|r| int_field(r, "id"));
        (items, more, last)
    };
    let mut pages = sim.pages();
    let qid = match query_id {
        Some(id) => Some(id),
        None if more => Some(pages.store(q.clone())),
        None => None,
    };
    let mut prev_start = None;
    if let Some(stored) = qid.and_then(|id| pages.get_mut(id)) {
        if stored.starts.len() <= page {
            stored.starts.resize(page + 1, i64::MIN);
        }
        stored.starts[page] = after;
        prev_start = page.checked_sub(1).map(|p| stored.starts[p]);
    }
    drop(pages);
    let url = |page: usize, last_id: i64| -> Value {
        let Some(query_id) = qid else {
            return Value::Null;
        };
        let token = PageToken {
            page_size: q.spec.page_size,
            last_id,
            page,
            query_id,
            get: q.via_get,
        };
        let search = q.search.as_deref().map_or(String::new(), |s| {
            format!(
                "&search={}",
                url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
            )
        });
        format!(
            "{}/ATServicesRest/V1.0/{}/query/next?paging={}{search}",
            sim.base_url,
            q.entity.path_name(),
            token.encode()
        )
        .into()
    };
    let next = match (more, last) {
        (true, Some(last)) => url(page + 1, last),
        _ => Value::Null,
    };
    let prev = prev_start.map_or(Value::Null, |start| url(page - 1, start));
    json!({
        "items": items,
        "pageDetails": {
            "count": items.len(),
            "requestCount": q.spec.page_size,
            "prevPageUrl": prev,
            "nextPageUrl": next,
        }
    })
}

/// Child collections are plain lists (no `/query` beneath them).
pub fn child_list(sim: &SimState, pid: i64, child: Child) -> Value {
    let t = sim.tenant();
    let items: Vec<Value> = t
        .table(child.entity)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .filter(|r| int_field(r, child.parent_field) == Some(pid))
        .map(|r| present(child.entity, r, None))
        .collect();
    json!({
        "items": items,
        "pageDetails": {"count": items.len(), "requestCount": 500, "prevPageUrl": null, "nextPageUrl": null}
    })
}

pub fn threshold(sim: &Arc<SimState>) -> Value {
    json!({
        "externalRequestThreshold": sim.limits.hourly_limit,
        "requestThresholdTimeframe": 60,
        "currentTimeframeRequestCount": sim.limits.hourly_count()
            + sim.limits.other_usage.load(std::sync::atomic::Ordering::Relaxed),
    })
}
