//! Approve and deny links from the plan note: `GET /approve/{token}` and `GET /deny/{token}`
//! show the plan and never decide (scanners and previews fetch them); a POST from the page's
//! form decides, with a one-time code mailed to the approver when outgoing mail is configured,
//! or without one only where the admin allowed link-only decisions.

pub mod code;
pub mod guard;
pub mod html;
pub mod load;
mod post;
mod respond;
pub mod service;
pub mod view;

use crate::state::AppState;
use crate::store::ApprovalPlanRecord;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use http::StatusCode;
use load::Lookup;
use view::LinkDecision;

/// Path prefixes of the link pages (public: technicians are not Relay users).
pub const APPROVE: &str = "/approve/";
pub const DENY: &str = "/deny/";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/approve/{token}", get(show_approve).post(post::approve))
        .route("/deny/{token}", get(show_deny).post(post::deny))
}

async fn show_approve(state: State<AppState>, token: Path<String>) -> Response {
    show(state, token, LinkDecision::Approve).await
}

async fn show_deny(state: State<AppState>, token: Path<String>) -> Response {
    show(state, token, LinkDecision::Deny).await
}

/// GET: what the plan would do, and the form for this link's decision. Changes nothing.
async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    decision: LinkDecision,
) -> Response {
    let now = crate::clock::now_ms();
    match load::lookup(&state.store, &token, now).await {
        Err(e) => respond::failed("lookup", e),
        Ok(Lookup::Neutral) => respond::neutral(),
        Ok(Lookup::Closed(plan)) => closed(&plan),
        Ok(Lookup::Open(plan)) => open_page(&state, &plan, &token, decision, None, now).await,
    }
}

/// A plan that no longer waits: what was decided, by whom, when.
fn closed(plan: &ApprovalPlanRecord) -> Response {
    let body = html::outcome(&plan.code, &load::outcome(plan));
    respond::page(
        StatusCode::OK,
        html::frame(&format!("Plan {}", plan.code), &body),
    )
}

/// The pending plan's page: the plan, then `extra` (a message or the code form) or the form
/// for `decision` as the MSP's mail and link settings allow.
async fn open_page(
    state: &AppState,
    plan: &ApprovalPlanRecord,
    token: &str,
    decision: LinkDecision,
    extra: Option<String>,
    now: i64,
) -> Response {
    let page = match load::plan_page(&state.store, plan).await {
        Ok(page) => page,
        Err(e) => return respond::failed("plan page", e),
    };
    let mut body = html::plan_summary(&page);
    match extra {
        Some(extra) => body.push_str(&extra),
        None => match link_mode(state, plan).await {
            Err(e) => return respond::failed("link mode", e),
            Ok(mode) => body.push_str(&decision_part(state, plan, token, decision, mode, now)),
        },
    }
    respond::page(
        StatusCode::OK,
        html::frame(&format!("{} plan {}", decision.verb(), plan.code), &body),
    )
}

/// How a link can decide this plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkMode {
    /// Outgoing mail is configured: the approver types a mailed code.
    Code,
    /// No mail, and the admin allowed links to decide without a code.
    LinkOnly,
    /// No mail and no permission: only a reply on the ticket decides.
    ReplyOnly,
}

async fn link_mode(
    state: &AppState,
    plan: &ApprovalPlanRecord,
) -> Result<LinkMode, crate::store::StoreError> {
    if state.outbox.configured(plan.msp_id).await {
        return Ok(LinkMode::Code);
    }
    Ok(
        if state.store.approval_link_only(plan.integration_id).await? {
            LinkMode::LinkOnly
        } else {
            LinkMode::ReplyOnly
        },
    )
}

fn reply_instructions(plan: &ApprovalPlanRecord) -> String {
    format!(
        "This link cannot decide: Relay has no outgoing mail server to send the approver a code. \
         The assigned technician decides by replying on the ticket with \"approve {code}\" or \
         \"deny {code} <reason>\" on the first line.",
        code = plan.code
    )
}

fn decision_part(
    state: &AppState,
    plan: &ApprovalPlanRecord,
    token: &str,
    decision: LinkDecision,
    mode: LinkMode,
    now: i64,
) -> String {
    let note = match mode {
        LinkMode::ReplyOnly => return html::notice("reply-only", &reply_instructions(plan)),
        LinkMode::Code => match plan.approver_email.as_deref() {
            Some(email) => format!(
                "Pressing {} mails a one-time code to the approver ({}); you type it on the next page.",
                decision.verb(),
                code::mask_email(email)
            ),
            None => {
                return html::notice(
                    "no-approver-email",
                    &format!(
                        "The approver has no e-mail address in Autotask, so no code can be sent. {}",
                        reply_hint(plan)
                    ),
                )
            }
        },
        LinkMode::LinkOnly => format!("Pressing {} decides now.", decision.verb()),
    };
    let guard = guard_fields(state, plan, now);
    html::decision_form(token, decision, &guard, &note)
}

fn reply_hint(plan: &ApprovalPlanRecord) -> String {
    format!(
        "Reply on the ticket with \"approve {0}\" or \"deny {0} <reason>\".",
        plan.code
    )
}

/// The hidden anti-forgery fields for a form of this plan's page.
fn guard_fields(state: &AppState, plan: &ApprovalPlanRecord, now: i64) -> String {
    html::guard_fields(now, &guard::form_mac(&state.cipher, &plan.token_hash, now))
}
