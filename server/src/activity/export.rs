//! Exports of the signed-in MSP's activity, with the page's filters: CSV for people and JSONL
//! for verifiers (per line the canonical row that was hashed, its payload, seq, prev_hash and
//! hash; the last line is the latest signed checkpoint). Streamed page by page.

use super::checkpoint::checkpoint_message;
use super::service::filter_of;
use crate::clock::fmt_utc;
use crate::state::AppState;
use crate::store::{ActivityFilter, ExportRecord, Store, StoreError};
use app::ids::MspId;
use app::wire::{ActivityQuery, CurrentUser};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::{header, StatusCode};
use serde_json::json;

pub const CSV_PATH: &str = "/activity/export.csv";
pub const JSONL_PATH: &str = "/activity/export.jsonl";
const PAGE: i64 = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(CSV_PATH, get(csv))
        .route(JSONL_PATH, get(jsonl))
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Jsonl,
}

async fn csv(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Query(query): Query<ActivityQuery>,
) -> Response {
    download(state.store, user, &query, Format::Csv)
}

async fn jsonl(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Query(query): Query<ActivityQuery>,
) -> Response {
    download(state.store, user, &query, Format::Jsonl)
}

fn download(
    store: Store,
    user: Option<Extension<CurrentUser>>,
    query: &ActivityQuery,
    format: Format,
) -> Response {
    let Some(Extension(user)) = user else {
        return (StatusCode::UNAUTHORIZED, "sign in to export activity").into_response();
    };
    let (mime, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "relay-activity.csv"),
        Format::Jsonl => ("application/x-ndjson", "relay-activity.jsonl"),
    };
    let body = Body::from_stream(stream(store, user.msp_id, filter_of(query), format));
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

enum Step {
    Header,
    Rows(i64),
    Trailer,
    Done,
}

/// The export as chunks: a header (CSV), pages of rows, the checkpoint line (JSONL).
fn stream(
    store: Store,
    msp_id: MspId,
    filter: ActivityFilter,
    format: Format,
) -> impl futures::Stream<Item = Result<String, StoreError>> + Send {
    futures::stream::try_unfold(Step::Header, move |step| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            Ok(match step {
                Step::Header if format == Format::Csv => {
                    Some((CSV_HEADER.to_string(), Step::Rows(0)))
                }
                Step::Header => Some((String::new(), Step::Rows(0))),
                Step::Rows(after) => {
                    let rows = store
                        .export_activity_page(msp_id, &filter, after, PAGE)
                        .await?;
                    match rows.last().map(|r| r.entry.id) {
                        Some(last) => {
                            let chunk: String = rows
                                .iter()
                                .map(|r| match format {
                                    Format::Csv => csv_line(r),
                                    Format::Jsonl => jsonl_line(r),
                                })
                                .collect();
                            Some((chunk, Step::Rows(last)))
                        }
                        None => Some((String::new(), Step::Trailer)),
                    }
                }
                Step::Trailer if format == Format::Jsonl => {
                    let line = match store.latest_activity_checkpoint(msp_id).await? {
                        Some(cp) => {
                            let signed = checkpoint_message(cp.msp_id, cp.seq, &cp.hash, cp.at);
                            format!(
                                "{}\n",
                                json!({"checkpoint": {
                                    "msp_id": cp.msp_id.to_string(), "seq": cp.seq.to_string(),
                                    "hash": cp.hash, "at": cp.at.to_string(), "at_utc": fmt_utc(cp.at),
                                    "signed": signed,
                                    "algorithm": "Ed25519", "public_key": cp.public_key,
                                    "signature": cp.signature,
                                }})
                            )
                        }
                        None => "{\"checkpoint\":null}\n".to_string(),
                    };
                    Some((line, Step::Done))
                }
                Step::Trailer | Step::Done => None,
            })
        }
    })
}

const CSV_HEADER: &str = "seq,time_utc,at_ms,client,kind,tool,outcome,summary,detail\r\n";

pub fn csv_line(r: &ExportRecord) -> String {
    let e = &r.entry;
    let tool = (e.kind == "tool_call")
        .then(|| e.detail.get("tool").and_then(|t| t.as_str()))
        .flatten()
        .unwrap_or_default();
    let fields = [
        e.seq.map(|s| s.to_string()).unwrap_or_default(),
        fmt_utc(e.at),
        e.at.to_string(),
        r.client_name.clone().unwrap_or_default(),
        e.kind.clone(),
        tool.to_string(),
        e.outcome.clone(),
        e.summary.clone(),
        e.detail.to_string(),
    ];
    let mut line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` gets a `'` so a spreadsheet never runs
/// ticket text as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn jsonl_line(r: &ExportRecord) -> String {
    let e = &r.entry;
    let (row, payload) = match e.seq {
        Some(seq) => {
            let fields = e.fields(seq);
            let payload = fields.canonical_payload();
            let stored = e.payload_hash.clone().unwrap_or_default();
            (Some(fields.canonical_row(&stored)), payload)
        }
        None => (None, e.fields(0).canonical_payload()),
    };
    let line = json!({
        "seq": e.seq.map(|s| s.to_string()),
        "prev_hash": e.prev_hash,
        "hash": e.hash,
        "row": row,
        "payload": payload,
        "client": r.client_name,
    });
    format!("{line}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
