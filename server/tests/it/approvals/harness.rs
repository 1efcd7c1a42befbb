//! A client in execute mode, a fresh ticket assigned to the technician, and a scripted brain
//! that posts its plan note and then asks to close the ticket (update-ticket needs approval).

use crate::agent::harness::{agented, stop, Agented, Scripted, BUDGETS};
use crate::pipeline::harness::{ALICIA, CONTOSO, TECH};
use app::ids::{EventId, SessionId, TicketId};
use app::states::ClientMode;
use relay_sim::Person;
use serde_json::{json, Value};
use server::agent::chat::{BrainReply, Finish, ToolCall, Usage};
use server::agent::runner::Runner;
use server::store::{ApprovalPlanRecord, NewAgentSession};

pub const UPDATE: &str = "autotask:autotask-update-ticket";
pub const NOTE: &str = "autotask:autotask-internal-note";
pub const ROLE: i64 = 29_682_834;

pub struct Approving {
    pub a: Agented,
    pub ticket: i64,
    pub session: SessionId,
    pub runner: Runner,
}

fn reply(content: &str, name: &str, arguments: Value) -> BrainReply {
    BrainReply {
        content: Some(content.into()),
        tool_calls: vec![ToolCall {
            id: format!("call_{name}"),
            name: name.into(),
            arguments,
        }],
        finish: Finish::ToolCalls,
        usage: Usage {
            prompt_tokens: 100,
            completion_tokens: 10,
        },
    }
}

/// A ticket (assigned to `TECH` unless `assigned` is false) whose session has run until its
/// update waits for approval.
pub async fn approving(assigned: bool) -> Approving {
    let a = agented().await;
    let store = &a.app.state.store;
    store
        .set_client_mode(a.seeded.msp, a.seeded.client, ClientMode::Execute, 1)
        .await
        .unwrap();
    let mut fields = json!({ "title": "Printer offline", "description": "Nobody can print",
        "companyID": CONTOSO, "contactID": ALICIA, "priority": 1 });
    if assigned {
        fields["assignedResourceID"] = TECH.into();
        fields["assignedResourceRoleID"] = ROLE.into();
    }
    let ticket = a
        .sim
        .create_ticket(fields, Person::Resource(TECH))
        .expect("ticket");
    let (session, _) = store
        .create_agent_session(NewAgentSession {
            msp_id: a.seeded.msp,
            client_id: a.seeded.client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({ "ticket": { "id": ticket, "title": "Printer offline" },
                             "company": { "id": CONTOSO, "name": "Contoso Dental Group" } }),
            created_at: 1,
        })
        .await
        .unwrap();
    let brain = Scripted::new(
        vec![
            Ok(reply(
                "Plan first.",
                NOTE,
                json!({ "ticketId": ticket, "text": "Plan: the printer works again, close the ticket." }),
            )),
            Ok(reply(
                "The customer confirmed the printer works again, so the ticket can be closed.",
                UPDATE,
                json!({ "ticketId": ticket, "status": "Complete" }),
            )),
        ],
        Ok(stop()),
    );
    let runner = a.runner(brain, BUDGETS);
    let approving = Approving {
        a,
        ticket,
        session: session.id,
        runner,
    };
    approving.runner.run_once().await;
    approving
}

impl Approving {
    pub async fn plans(&self) -> Vec<ApprovalPlanRecord> {
        self.a
            .app
            .state
            .store
            .session_approval_plans(self.session)
            .await
            .unwrap()
    }

    pub async fn plan(&self) -> ApprovalPlanRecord {
        self.plans().await.pop().expect("a plan")
    }

    pub fn status(&self) -> i64 {
        self.a.sim.record("Tickets", self.ticket).unwrap()["status"]
            .as_i64()
            .unwrap()
    }

    /// Notes Relay (the API user) posted on the ticket, oldest first.
    pub fn relay_notes(&self) -> Vec<String> {
        let api = self.a.sim.api_user_resource_id();
        self.a
            .sim
            .notes(self.ticket)
            .into_iter()
            .filter(|n| n.creator_resource_id == Some(api))
            .map(|n| format!("{}\n{}", n.title.unwrap_or_default(), n.description))
            .collect()
    }

    /// Runs the runner until it finds nothing to do.
    pub async fn work(&self) {
        for _ in 0..10 {
            if self.runner.run_once().await == 0 {
                return;
            }
        }
    }
}
