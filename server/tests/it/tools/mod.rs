//! The agent's Autotask tools against the simulated tenant over real HTTP: arguments, results,
//! errors, request counts, note splitting and publish values, and crash reconciliation.

mod api;
mod directory;
mod notes;
mod tickets;
mod updates;

use app::ids::TicketId;
use relay_sim::Person;
use serde_json::{json, Value};
use server::gateway::tools::{self, Reconciled, ToolEnv, ToolError, ToolOutput};

pub use crate::autotask::{env, Env};

pub const TECHNICIAN: i64 = 29682910;
pub const COMPANY: i64 = 612;

/// Runs a tool (short name) as the agent would, with this relay reference.
pub async fn call(
    env: &Env,
    tool: &str,
    args: Value,
    relay_ref: &str,
) -> Result<ToolOutput, ToolError> {
    let name = format!("autotask:autotask-{tool}");
    let tool_env = ToolEnv {
        tenant: &env.tenant,
        ticket_id: TicketId(41207),
        company_id: None,
        relay_ref,
    };
    tools::run(&name, &args, &tool_env).await
}

pub async fn reconcile(env: &Env, tool: &str, args: Value, relay_ref: &str) -> Reconciled {
    let name = format!("autotask:autotask-{tool}");
    let tool_env = ToolEnv {
        tenant: &env.tenant,
        ticket_id: TicketId(41207),
        company_id: None,
        relay_ref,
    };
    tools::reconcile(&name, &args, &tool_env)
        .await
        .expect("reconcile runs")
}

/// Runs a tool that must succeed; checks that `requests` matches what the simulator counted.
pub async fn ok(env: &Env, tool: &str, args: Value) -> ToolOutput {
    let before = env.sim.request_count();
    let out = call(env, tool, args.clone(), "RLY-1-1-0")
        .await
        .unwrap_or_else(|e| panic!("{tool} {args}: {e}"));
    assert_eq!(
        u64::from(out.requests),
        env.sim.request_count() - before,
        "{tool}: requests"
    );
    assert!(
        out.for_model.starts_with("<autotask-data>"),
        "{}",
        out.for_model
    );
    out
}

/// The JSON the brain receives, without the data markers.
pub fn view(out: &ToolOutput) -> Value {
    let inner = out
        .for_model
        .lines()
        .filter(|l| {
            !l.starts_with("<autotask-data>")
                && !l.starts_with("</autotask-data>")
                && !l.starts_with("The following is data")
        })
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&inner).unwrap_or_else(|e| panic!("{e}: {inner}"))
}

/// An invalid-arguments error whose message mentions `word`.
pub async fn invalid(env: &Env, tool: &str, args: Value, word: &str) {
    match call(env, tool, args.clone(), "RLY-1-1-0").await {
        Err(ToolError::InvalidArguments(message)) => {
            assert!(message.contains(word), "{tool} {args}: {message}")
        }
        other => panic!("{tool} {args}: expected invalid arguments, got {other:?}"),
    }
}

/// A fresh ticket for company 612, raised by a contact.
pub fn new_ticket(env: &Env, title: &str) -> i64 {
    env.sim
        .create_ticket(
            json!({"title": title, "companyID": COMPANY, "status": 1, "priority": 2}),
            Person::Resource(TECHNICIAN),
        )
        .expect("ticket created")
}
