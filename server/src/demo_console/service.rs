//! `DemoService` over the running simulator and the store (which companies are the MSP's
//! clients, which tickets woke a session).

use std::collections::HashMap;

use super::people::{self, active, int, person, text};
use crate::store::Store;
use app::demo_wire::{DemoActor, DemoClient, DemoConsoleView, DemoTicket, DemoTicketDetail};
use app::error::AppError;
use app::ids::{ClientId, TicketId};
use app::service::DemoService;
use app::wire::CurrentUser;
use relay_sim::{Person, SimError, SimHandle};
use serde_json::{json, Value};

/// Tickets listed on the console, newest first.
const TICKETS_SHOWN: usize = 20;
/// Clients (with their contacts) offered in the raise form.
const CLIENTS_SHOWN: i64 = 200;

#[derive(Clone)]
pub struct DemoConsole {
    sim: SimHandle,
    store: Store,
    /// The simulated verification provider the demo connects (none in console-only tests).
    verifier: Option<super::DemoVerifier>,
    mail_inbox: Option<String>,
}

/// The MSP's clients by Autotask company id.
type Companies = HashMap<i64, (ClientId, String)>;

impl DemoConsole {
    pub fn new(sim: SimHandle, store: Store) -> Self {
        Self {
            sim,
            store,
            verifier: None,
            mail_inbox: None,
        }
    }

    /// Connects the simulated verification provider for the MSPs that use the console.
    pub fn with_verifier(mut self, verifier: super::DemoVerifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    async fn seed_verifier(&self, user: &CurrentUser) -> Result<Option<String>, AppError> {
        match &self.verifier {
            Some(v) => {
                v.seed(&self.store, user).await?;
                Ok(Some(v.page_url.clone()))
            }
            None => Ok(None),
        }
    }

    /// Links the console to the simulated mail server's inbox ("Mail sent by Relay").
    pub fn with_mail_inbox(mut self, url: String) -> Self {
        self.mail_inbox = Some(url);
        self
    }

    async fn companies(&self, user: &CurrentUser) -> Result<Companies, AppError> {
        let (rows, _) = self
            .store
            .list_client_rows(user.msp_id, "", CLIENTS_SHOWN, 0)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.autotask_id?.parse().ok()?, (r.id, r.name))))
            .collect())
    }

    /// The ticket if it belongs to one of the MSP's clients (else not found: the console
    /// never reaches another MSP's companies).
    fn ticket(&self, companies: &Companies, id: i64) -> Result<Value, AppError> {
        self.sim
            .record("Tickets", id)
            .filter(|t| int(t, "companyID").is_some_and(|c| companies.contains_key(&c)))
            .ok_or_else(|| AppError::not_found("The ticket"))
    }

    async fn ticket_row(&self, companies: &Companies, t: &Value) -> Result<DemoTicket, AppError> {
        let id = int(t, "id").unwrap_or_default();
        let (client_id, client) = companies[&int(t, "companyID").unwrap_or_default()].clone();
        let session = self
            .store
            .agent_session_for_ticket(client_id, TicketId(id))
            .await?;
        let assigned = int(t, "assignedResourceID")
            .and_then(|r| self.sim.record("Resources", r))
            .and_then(|r| person(&r))
            .map(|p| p.name);
        Ok(DemoTicket {
            id,
            number: text(t, "ticketNumber"),
            title: text(t, "title"),
            client,
            status: people::status_label(int(t, "status")),
            assigned,
            session: session.map(|s| s.id),
        })
    }
}

fn sim_error(e: SimError) -> AppError {
    AppError::validation(
        "demo",
        format!("The simulated Autotask refused: {}", e.messages.join("; ")),
    )
}

#[async_trait::async_trait]
impl DemoService for DemoConsole {
    async fn console(
        &self,
        user: &CurrentUser,
        ticket: Option<i64>,
    ) -> Result<DemoConsoleView, AppError> {
        let verify_page = self.seed_verifier(user).await?;
        let companies = self.companies(user).await?;
        let mut clients: HashMap<i64, DemoClient> = HashMap::new();
        for c in self.sim.records("Contacts").iter().filter(|c| active(c)) {
            let Some((_, name)) = int(c, "companyID").and_then(|id| companies.get(&id)) else {
                continue;
            };
            let entry = clients
                .entry(int(c, "companyID").unwrap_or_default())
                .or_insert_with(|| DemoClient {
                    name: name.clone(),
                    contacts: Vec::new(),
                });
            entry.contacts.extend(person(c));
        }
        let mut clients: Vec<DemoClient> = clients.into_values().collect();
        clients.sort_by(|a, b| a.name.cmp(&b.name));
        let api_user = self.sim.api_user_resource_id();
        let technicians = self
            .sim
            .records("Resources")
            .iter()
            .filter(|r| active(r) && int(r, "id") != Some(api_user))
            .filter(|r| int(r, "defaultServiceDeskRoleID").is_some())
            .filter_map(person)
            .collect();
        let mut tickets = Vec::new();
        let all = self.sim.records("Tickets");
        let ours = all
            .iter()
            .rev()
            .filter(|t| int(t, "companyID").is_some_and(|c| companies.contains_key(&c)));
        for t in ours.take(TICKETS_SHOWN) {
            tickets.push(self.ticket_row(&companies, t).await?);
        }
        let selected = match ticket {
            Some(id) => {
                let t = self.ticket(&companies, id)?;
                let name_of = |contact: bool, id: i64| {
                    let entity = if contact { "Contacts" } else { "Resources" };
                    self.sim
                        .record(entity, id)
                        .and_then(|r| person(&r))
                        .map(|p| p.name)
                };
                let mut notes = self.sim.notes(id);
                notes.sort_by_key(|n| std::cmp::Reverse(n.id));
                Some(DemoTicketDetail {
                    ticket: self.ticket_row(&companies, &t).await?,
                    description: text(&t, "description"),
                    contact: int(&t, "contactID")
                        .and_then(|c| self.sim.record("Contacts", c))
                        .and_then(|c| person(&c)),
                    notes: notes
                        .iter()
                        .map(|n| people::note(n, name_of, api_user))
                        .collect(),
                })
            }
            None => None,
        };
        Ok(DemoConsoleView {
            clients,
            technicians,
            tickets,
            selected,
            verify_page,
            mail_inbox: self.mail_inbox.clone(),
        })
    }

    async fn raise_ticket(
        &self,
        user: &CurrentUser,
        contact: i64,
        title: String,
        description: String,
    ) -> Result<i64, AppError> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 255 {
            return Err(AppError::validation(
                "title",
                "Give the ticket a title (at most 255 characters).",
            ));
        }
        self.seed_verifier(user).await?;
        let companies = self.companies(user).await?;
        let belongs = self
            .sim
            .record("Contacts", contact)
            .and_then(|c| int(&c, "companyID"))
            .is_some_and(|c| companies.contains_key(&c));
        if !belongs {
            return Err(AppError::validation(
                "contact",
                "Choose a contact of one of your clients.",
            ));
        }
        let fields = json!({ "title": title, "description": description.trim() });
        self.sim
            .create_ticket(fields, Person::Contact(contact))
            .map_err(sim_error)
    }

    async fn reply(
        &self,
        user: &CurrentUser,
        ticket: i64,
        by: DemoActor,
        text: String,
    ) -> Result<(), AppError> {
        if text.trim().is_empty() {
            return Err(AppError::validation("text", "Write the reply first."));
        }
        let companies = self.companies(user).await?;
        self.ticket(&companies, ticket)?;
        // A contact's reply is visible to everyone; a technician's reply here is internal.
        let (person, publish, title) = match by {
            DemoActor::Contact(id) => (Person::Contact(id), 1, "Reply from the customer"),
            DemoActor::Technician(id) => (Person::Resource(id), 2, "Technician note"),
        };
        let fields = json!({ "title": title, "description": text.trim(), "publish": publish });
        self.sim
            .create_note(ticket, fields, person)
            .map(drop)
            .map_err(sim_error)
    }

    async fn reassign(
        &self,
        user: &CurrentUser,
        ticket: i64,
        resource: i64,
    ) -> Result<(), AppError> {
        let companies = self.companies(user).await?;
        self.ticket(&companies, ticket)?;
        // Autotask wants a role with every assignee: the technician's default service-desk role.
        let role = self
            .sim
            .record("Resources", resource)
            .and_then(|r| int(&r, "defaultServiceDeskRoleID"))
            .ok_or_else(|| {
                AppError::validation("resource", "That technician has no service-desk role.")
            })?;
        let fields = json!({ "assignedResourceID": resource, "assignedResourceRoleID": role });
        self.sim
            .update_ticket(ticket, fields, Person::Resource(resource))
            .map_err(sim_error)
    }
}
