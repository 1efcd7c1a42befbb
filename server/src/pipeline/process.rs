//! Processing one event: route it to a client, then wake the agent or message its session.
//! Every effect is keyed so that processing the same event again changes nothing.

use super::context::{event_json, ContextLoader};
use super::error::PipelineError;
use super::outcome::{Outcome, SkipReason};
use super::ticket_facts::TicketFacts;
use super::WorkerConfig;
use crate::autotask::webhook::{WebhookAction, WebhookEntityType, WebhookPayload};
use crate::autotask::{TenantClient, Ticket, TicketNote};
use crate::integrations::{Purpose, Tenants};
use crate::store::{IntegrationRecord, Millis, NewAgentSession, Store, WebhookEventRecord};
use app::ids::{ClientId, SessionId, TicketId};
use serde_json::{json, Value};

pub struct Processor {
    store: Store,
    tenants: Tenants,
    context: ContextLoader,
    config: WorkerConfig,
}

/// Where routing got to: the ticket (and note) behind an event and the client it belongs to.
struct Routed {
    integration: IntegrationRecord,
    tenant: TenantClient,
    payload: WebhookPayload,
    ticket: Ticket,
    note: Option<TicketNote>,
    client_id: ClientId,
}

impl Routed {
    fn facts(&self, context: Option<&Value>) -> TicketFacts {
        TicketFacts::new(&self.integration.web_url, &self.ticket, context)
    }
}

impl Processor {
    pub fn new(store: Store, tenants: Tenants, config: WorkerConfig) -> Self {
        Self {
            store,
            tenants,
            context: ContextLoader::default(),
            config,
        }
    }

    pub async fn process(
        &self,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> Result<Outcome, PipelineError> {
        let routed = match self.route(event).await? {
            Ok(routed) => routed,
            Err(skip) => return Ok(skip),
        };
        let ticket_id = routed.ticket.id;
        let existing = self
            .store
            .agent_session_for_ticket(routed.client_id, ticket_id)
            .await?;
        if let Some(session) = &existing {
            if session.source_event_id == event.id {
                // A replay of the event that woke it: the wake already happened.
                return Ok(Outcome::Woke {
                    client_id: routed.client_id,
                    session_id: session.id,
                    ticket_id,
                    ticket: routed.facts(Some(&session.context)),
                    context: session.context.clone(),
                });
            }
        }
        if let Some(session) = &existing {
            if let Some(decided) = self.approvals(&routed, session.id).await? {
                return Ok(decided);
            }
        }
        // Only reading here: the budget is spent once an effect happens (`spend_budget`), so
        // retries and replays of the same event cost nothing.
        let window = self.budget_window_ms();
        let used = self
            .store
            .wake_budget_used(event.integration_id, ticket_id, now, window)
            .await?;
        if used >= self.config.wake_budget {
            let reason = SkipReason::WakeBudget {
                used,
                window_minutes: window / 60_000,
            };
            return Ok(Outcome::Skipped {
                client_id: Some(routed.client_id),
                detail: json!({ "ticket_id": ticket_id }),
                reason,
            });
        }
        match existing {
            Some(session) => {
                let facts = routed.facts(Some(&session.context));
                self.deliver(&routed, session.id, facts, event, now).await
            }
            None => self.wake(&routed, event, now).await,
        }
    }

    async fn wake(
        &self,
        routed: &Routed,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> Result<Outcome, PipelineError> {
        let context = self
            .context
            .load(
                routed.integration.id,
                &routed.tenant,
                &routed.ticket,
                &routed.payload,
                routed.note.as_ref(),
            )
            .await?;
        let new = NewAgentSession {
            msp_id: event.msp_id,
            client_id: routed.client_id,
            ticket_id: routed.ticket.id,
            source_event_id: event.id,
            context: context.clone(),
            created_at: now,
        };
        let (session, created) = self.store.create_agent_session(new).await?;
        if !created && session.source_event_id != event.id {
            // Another event of the ticket won the race to wake it; this one is news for it.
            let facts = routed.facts(Some(&session.context));
            return self.deliver(routed, session.id, facts, event, now).await;
        }
        if created {
            self.spend_budget(event, routed.ticket.id, now).await?;
        }
        Ok(Outcome::Woke {
            client_id: routed.client_id,
            session_id: session.id,
            ticket_id: routed.ticket.id,
            ticket: routed.facts(Some(&context)),
            context,
        })
    }

    async fn deliver(
        &self,
        routed: &Routed,
        session_id: SessionId,
        facts: TicketFacts,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> Result<Outcome, PipelineError> {
        let message = json!({
            "ticket": { "id": routed.ticket.id, "title": routed.ticket.title, "status": routed.ticket.status },
            "event": event_json(&routed.payload, routed.note.as_ref()),
        });
        // False means this event already delivered it; the outcome is the same either way,
        // but only a new message spends the ticket's budget.
        let added = self
            .store
            .add_session_message(session_id, event.id, message.clone(), now)
            .await?;
        if added {
            self.spend_budget(event, routed.ticket.id, now).await?;
        }
        Ok(Outcome::Delivered {
            client_id: routed.client_id,
            session_id,
            ticket_id: routed.ticket.id,
            ticket: facts,
            message,
        })
    }

    /// A pending approval plan hears the ticket first: the assigned technician's reply decides
    /// it (and is not passed on); a change of assignee wakes the session to re-issue the plan.
    async fn approvals(
        &self,
        routed: &Routed,
        session_id: SessionId,
    ) -> Result<Option<Outcome>, PipelineError> {
        let msp_id = routed.integration.msp_id;
        let Some(plan) = self
            .store
            .pending_plan_for_ticket(msp_id, routed.ticket.id)
            .await?
            .filter(|p| p.session_id == session_id)
        else {
            return Ok(None);
        };
        let assigned = routed.ticket.assigned_resource_id;
        let Some(note) = &routed.note else {
            if assigned != plan.approver_resource_id {
                let notice = json!({ "approval": { "plan_id": plan.id.get(), "code": plan.code,
                    "assignee_changed": assigned.map(|r| r.get()),
                    "meaning": "Relay re-issues the plan for the ticket's new assignee." } });
                self.store
                    .add_session_notice(session_id, &notice, crate::clock::now_ms())
                    .await?;
            }
            return Ok(None);
        };
        let decided =
            crate::approvals::reply::decide_by_reply(&self.store, &plan, assigned, note).await?;
        match decided {
            Some(crate::store::DecideResult::Decided(plan)) => Ok(Some(Outcome::Decided {
                client_id: routed.client_id,
                session_id,
                ticket_id: routed.ticket.id,
                ticket: routed.facts(None),
                code: plan.code,
                decision: plan.state.as_str().to_string(),
            })),
            _ => Ok(None),
        }
    }

    fn budget_window_ms(&self) -> i64 {
        self.config.budget_window.as_millis() as i64
    }

    /// Counts one effect (a new session or a new message) against the ticket's wake budget.
    async fn spend_budget(
        &self,
        event: &WebhookEventRecord,
        ticket_id: TicketId,
        now: Millis,
    ) -> Result<(), PipelineError> {
        let window = self.budget_window_ms();
        self.store
            .take_wake_budget(event.integration_id, ticket_id, now, window)
            .await?;
        Ok(())
    }

    /// The ticket, note and client of an event, or the skip that ends its processing.
    async fn route(
        &self,
        event: &WebhookEventRecord,
    ) -> Result<Result<Routed, Outcome>, PipelineError> {
        let skip = |reason: SkipReason, detail: Value| {
            Ok(Err(Outcome::Skipped {
                client_id: None,
                reason,
                detail,
            }))
        };
        let payload = match WebhookPayload::parse(event.raw_body.as_bytes()) {
            Ok(p) => p,
            Err(e) if e.is_incomplete() => {
                return skip(SkipReason::Incomplete(e.to_string()), Value::Null)
            }
            Err(e) => return skip(SkipReason::Unparseable(e.to_string()), Value::Null),
        };
        let detail = json!({ "event": event_json(&payload, None) });
        let Some(integration) = self
            .store
            .integration(event.integration_id)
            .await?
            .filter(|i| i.disconnected_at.is_none())
        else {
            return skip(SkipReason::Disconnected, detail);
        };
        let api_user = integration.api_user_resource_id;
        if payload.person_id == Some(api_user.get()) {
            return skip(SkipReason::OwnApiUser, detail);
        }
        if payload.action == WebhookAction::Delete {
            return skip(SkipReason::Deleted, detail);
        }
        // A wake is what an agent waits for: it must not queue behind an import, and its short
        // retry budget lets the worker retry later instead of holding its lease.
        let tenant = self.tenants.tenant(&integration, Purpose::Interactive)?;
        let (ticket_id, note) = match &payload.entity_type {
            WebhookEntityType::Ticket => (TicketId::from(payload.id), None),
            WebhookEntityType::TicketNote => {
                let Some(note) = tenant.get::<TicketNote>(payload.id).await? else {
                    return skip(SkipReason::NotFound("note"), detail);
                };
                let by_api_user = note.creator_resource_id == Some(api_user)
                    || note.impersonator_creator_resource_id == Some(api_user);
                if by_api_user {
                    return skip(SkipReason::OwnApiUser, detail);
                }
                let Some(ticket_id) = note.ticket_id else {
                    return skip(SkipReason::NotFound("note's ticket"), detail);
                };
                // Intake keys a note by its ticket only when the payload names the ticket;
                // otherwise it held later events back until now (see the claim), and joins
                // its ticket's order here, waiting if an earlier event of the ticket is open.
                let key = format!("ticket:{ticket_id}");
                if event.order_key != key
                    && self
                        .store
                        .join_event_order(event.integration_id, event.id, &key)
                        .await?
                {
                    return Err(PipelineError::Reordered(ticket_id));
                }
                (ticket_id, Some(note))
            }
            other => {
                return skip(
                    SkipReason::UnhandledEntity(other.as_str().to_owned()),
                    detail,
                )
            }
        };
        let Some(ticket) = tenant.get::<Ticket>(ticket_id.get()).await? else {
            return skip(SkipReason::NotFound("ticket"), detail);
        };
        let created_by_api_user = ticket.creator_resource_id == Some(api_user)
            || ticket.impersonator_creator_resource_id == Some(api_user);
        if note.is_none() && payload.action == WebhookAction::Create && created_by_api_user {
            return skip(SkipReason::OwnApiUser, detail);
        }
        let mut facts = json!(TicketFacts::new(&integration.web_url, &ticket, None));
        facts["company_id"] = json!(ticket.company_id);
        let detail = json!({ "event": event_json(&payload, note.as_ref()), "ticket": facts });
        let Some(company) = ticket.company_id else {
            return skip(SkipReason::NoCompany, detail);
        };
        let Some(client) = self
            .store
            .client_by_autotask_id(integration.msp_id, &company.to_string())
            .await?
        else {
            return skip(SkipReason::NoClient(company), detail);
        };
        Ok(Ok(Routed {
            integration,
            tenant,
            payload,
            ticket,
            note,
            client_id: client.id,
        }))
    }
}
