//! Write operations (create / update / delete) with each entity's business rules; every write
//! reports what changed so webhooks can be built from it.

mod crm;
mod hooks;
mod notes;
mod tickets;

use super::{apply_body, blank, int_field, Actor, Record, Tenant, WriteMode};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use serde_json::{Map, Value};

/// One write as routed from the URL: `parent` is the id in `/{Parent}/{parentId}/{Child}`.
#[derive(Debug, Clone, Copy)]
pub enum WriteOp<'a> {
    Create {
        entity: Entity,
        parent: Option<i64>,
        body: &'a Map<String, Value>,
    },
    Update {
        entity: Entity,
        parent: Option<i64>,
        body: &'a Map<String, Value>,
        put: bool,
    },
    Delete {
        entity: Entity,
        parent: Option<i64>,
        id: i64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Create,
    Update,
}

/// A change to a webhook-capable record, fed to the webhook builder.
#[derive(Clone, Debug)]
pub struct Change {
    pub entity: Entity,
    pub id: i64,
    pub kind: ChangeKind,
    pub changed: Vec<&'static str>,
    pub actor: Actor,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub item_id: i64,
    pub change: Option<Change>,
    /// A webhook that was deleted and whose deactivation URL must be called.
    pub removed_webhook: Option<(Entity, Record)>,
}

impl Outcome {
    fn item(item_id: i64) -> Self {
        Outcome {
            item_id,
            ..Outcome::default()
        }
    }
}

impl Tenant {
    pub fn write(&mut self, op: WriteOp<'_>, actor: Actor) -> ApiResult<Outcome> {
        use Entity as E;
        match op {
            WriteOp::Create {
                entity,
                parent,
                body,
            } => match entity {
                E::Tickets => tickets::create(self, body, actor),
                E::TicketNotes => notes::create(self, need(parent)?, body, actor),
                E::Companies => crm::create_company(self, body, actor),
                E::Contacts => crm::create_contact(self, need(parent)?, body, actor),
                E::ConfigurationItems => crm::create_asset(self, body, actor),
                E::TicketWebhooks | E::TicketNoteWebhooks => {
                    hooks::create_webhook(self, entity, body)
                }
                E::TicketWebhookFields | E::TicketNoteWebhookFields => {
                    hooks::create_field(self, entity, need(parent)?, body)
                }
                E::TicketWebhookExcludedResources | E::TicketNoteWebhookExcludedResources => {
                    hooks::create_excluded(self, entity, need(parent)?, body)
                }
                _ => Err(unsupported(entity)),
            },
            WriteOp::Update {
                entity,
                parent,
                body,
                put,
            } => {
                let mode = if put {
                    WriteMode::Put
                } else {
                    WriteMode::Patch
                };
                match entity {
                    E::Tickets => tickets::update(self, body, mode, actor),
                    E::TicketNotes => notes::update(self, need(parent)?, body, mode, actor),
                    E::Companies | E::Contacts | E::Resources | E::ConfigurationItems => {
                        crm::update(self, entity, parent, body, mode)
                    }
                    E::TicketWebhookFields | E::TicketNoteWebhookFields => {
                        hooks::update_field(self, entity, need(parent)?, body, mode)
                    }
                    E::TicketWebhooks | E::TicketNoteWebhooks => {
                        hooks::update_webhook(self, entity, body, mode)
                    }
                    _ => Err(unsupported(entity)),
                }
            }
            WriteOp::Delete { entity, parent, id } => match entity {
                E::TicketWebhooks | E::TicketNoteWebhooks => {
                    hooks::delete_webhook(self, entity, id)
                }
                _ => delete_child(self, entity, parent, id),
            },
        }
    }

    /// Resolves `ImpersonationResourceId`: the target must be an active, non-API resource.
    pub fn impersonate(&self, resource_id: i64) -> ApiResult<Actor> {
        let ok = self.get(Entity::Resources, resource_id).is_some_and(|r| {
            super::bool_field(r, "isActive") && int_field(r, "licenseType") != Some(7)
        });
        if !ok {
            return Err(ApiError::invalid(format!(
                "Impersonation failed: resource {resource_id} does not exist, is inactive or does not allow impersonation."
            )));
        }
        Ok(Actor::Resource {
            id: resource_id,
            impersonator: Some(self.api_user_id),
        })
    }
}

fn unsupported(e: Entity) -> ApiError {
    ApiError::invalid(format!(
        "This operation is not supported for {}.",
        e.path_name()
    ))
}

fn need(parent: Option<i64>) -> ApiResult<i64> {
    parent.ok_or_else(|| ApiError::invalid("A parent id is required for this entity."))
}

/// The `id` of an update body, bound case-insensitively.
fn body_id(body: &Map<String, Value>) -> ApiResult<i64> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("id"))
        .and_then(|(_, v)| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        .ok_or_else(|| ApiError::invalid("The id field is required to update an entity."))
}

/// `{parent field}` of a child body must match the URL's parent id when given.
fn check_parent(body: &Map<String, Value>, field: &str, parent: i64) -> ApiResult<()> {
    let given = body
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(field))
        .and_then(|(_, v)| v.as_i64());
    match given {
        Some(g) if g != parent => Err(ApiError::invalid(format!(
            "{field} {g} does not match the parent id {parent} in the URL."
        ))),
        _ => Ok(()),
    }
}

/// Loads a record for update, checking it belongs to `parent` when the route has one.
fn load_for_update(
    t: &Tenant,
    e: Entity,
    id: i64,
    parent: Option<(&str, i64)>,
) -> ApiResult<Record> {
    let rec = t.get(e, id).ok_or_else(|| {
        ApiError::invalid(format!("{} with id {id} was not found.", e.singular()))
    })?;
    if let Some((field, pid)) = parent {
        if int_field(rec, field) != Some(pid) {
            return Err(ApiError::invalid(format!(
                "{} {id} does not belong to parent {pid}.",
                e.singular()
            )));
        }
    }
    Ok(rec.clone())
}

fn new_record(e: Entity, body: &Map<String, Value>) -> ApiResult<(Record, Vec<&'static str>)> {
    let mut rec = blank(e);
    let changed = apply_body(e, &mut rec, body, WriteMode::Create)?;
    Ok((rec, changed))
}

fn delete_child(t: &mut Tenant, e: Entity, parent: Option<i64>, id: i64) -> ApiResult<Outcome> {
    let field = Entity::ALL
        .iter()
        .flat_map(|p| p.children())
        .find(|c| c.entity == e)
        .map(|c| c.parent_field);
    let belongs = t.get(e, id).is_some_and(|r| match (field, parent) {
        (Some(f), Some(p)) => int_field(r, f) == Some(p),
        _ => true,
    });
    if !belongs {
        return Err(ApiError::invalid(
            "No matching records found. The logged in Resource may not have the required permissions to delete the data.",
        ));
    }
    t.remove(e, id);
    if let Some(fam) = e.hook_family().filter(|f| f.fields == e) {
        if let Some(p) = parent {
            hooks::refresh_ready(t, fam, p);
        }
    }
    Ok(Outcome::item(id))
}

fn now() -> Value {
    clock::now_string().into()
}
