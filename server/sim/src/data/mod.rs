//! The tenant's records: one id-ordered table per entity, plus who acted on a write.

mod apply;
pub mod generate;
mod rules;
mod seed;
mod seed_service;

pub use apply::{apply_body, udf_value, WriteMode};
pub use rules::{Change, ChangeKind, WriteOp};

use super::schema::Entity;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

pub type Record = Map<String, Value>;

/// Role ids technicians can be assigned with (`assignedResourceRoleID`).
pub const ROLES: &[i64] = &[29682834, 29682835];
pub const ADMIN_RESOURCE_ID: i64 = 4;
pub const API_USER_RESOURCE_ID: i64 = 29683020;

/// Who made a change: a resource (possibly impersonated by the API user) or a contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Resource { id: i64, impersonator: Option<i64> },
    Contact(i64),
}

impl Actor {
    pub fn resource(id: i64) -> Self {
        Actor::Resource {
            id,
            impersonator: None,
        }
    }

    /// The id a webhook reports as `PersonID`.
    pub fn person_id(self) -> i64 {
        match self {
            Actor::Resource { id, .. } | Actor::Contact(id) => id,
        }
    }

    pub fn resource_id(self) -> Option<i64> {
        match self {
            Actor::Resource { id, .. } => Some(id),
            Actor::Contact(_) => None,
        }
    }

    pub fn impersonator(self) -> Option<i64> {
        match self {
            Actor::Resource { impersonator, .. } => impersonator,
            Actor::Contact(_) => None,
        }
    }
}

/// Webhook bookkeeping that is not part of the webhook record itself.
#[derive(Clone, Debug, Default)]
pub struct HookRuntime {
    pub sequence: i64,
    pub consecutive_failures: u32,
}

#[derive(Default)]
pub struct Tenant {
    tables: BTreeMap<Entity, BTreeMap<i64, Record>>,
    high_water: HashMap<Entity, i64>,
    ticket_numbers: HashMap<String, u32>,
    pub hooks: HashMap<(Entity, i64), HookRuntime>,
    pub api_user_id: i64,
}

impl Tenant {
    /// Builds the seeded tenant: the hand-written demo data plus `companies` generated ones.
    pub fn seeded(api_username: &str, companies: usize, contacts_per: usize, seed: u64) -> Self {
        let mut t = Tenant {
            api_user_id: API_USER_RESOURCE_ID,
            ..Tenant::default()
        };
        seed::seed_crm(&mut t);
        seed_service::seed_resources(&mut t, api_username);
        seed_service::seed_service_desk(&mut t);
        generate::generate(&mut t, companies, contacts_per, seed);
        t
    }

    pub fn table(&self, e: Entity) -> Option<&BTreeMap<i64, Record>> {
        self.tables.get(&e)
    }

    pub fn get(&self, e: Entity, id: i64) -> Option<&Record> {
        self.tables.get(&e)?.get(&id)
    }

    pub fn get_mut(&mut self, e: Entity, id: i64) -> Option<&mut Record> {
        self.tables.get_mut(&e)?.get_mut(&id)
    }

    pub fn exists(&self, e: Entity, id: i64) -> bool {
        self.get(e, id).is_some()
    }

    /// Stores a record under the next id; ids are never reused, like Autotask's sequences.
    pub fn insert(&mut self, e: Entity, rec: Record) -> i64 {
        let id = self.high_water.get(&e).map_or(1, |last| last + 1);
        self.insert_with_id(e, id, rec);
        id
    }

    pub fn insert_with_id(&mut self, e: Entity, id: i64, mut rec: Record) {
        rec.insert("id".into(), id.into());
        let high = self.high_water.entry(e).or_insert(id);
        *high = (*high).max(id);
        self.tables.entry(e).or_default().insert(id, rec);
    }

    pub fn remove(&mut self, e: Entity, id: i64) -> Option<Record> {
        self.tables.get_mut(&e)?.remove(&id)
    }

    /// Next `T<yyyymmdd>.<nnnn>` number for the given day.
    pub fn next_ticket_number(&mut self, ymd: &str) -> String {
        let n = self.ticket_numbers.entry(ymd.to_owned()).or_insert(0);
        *n += 1;
        format!("T{ymd}.{:04}", *n)
    }

    pub fn note_ticket_number(&mut self, ymd: &str, seq: u32) {
        let n = self.ticket_numbers.entry(ymd.to_owned()).or_insert(0);
        *n = (*n).max(seq);
    }
}

/// Companies in the hand-written seed, company 0 included.
pub fn seed_company_count() -> usize {
    seed::company_count()
}

/// A record with every field of the entity present (null when unset), as Autotask returns them.
pub fn blank(e: Entity) -> Record {
    let mut r: Record = e
        .fields()
        .iter()
        .map(|f| (f.name.to_owned(), Value::Null))
        .collect();
    if e.has_udfs() {
        let udfs = e
            .udfs()
            .iter()
            .map(|u| serde_json::json!({"name": u.name, "value": null}))
            .collect();
        r.insert("userDefinedFields".into(), Value::Array(udfs));
    }
    r
}

/// `blank(e)` overlaid with the given JSON object's fields.
pub fn make(e: Entity, fields: Value) -> Record {
    let mut r = blank(e);
    if let Value::Object(m) = fields {
        r.extend(m);
    }
    r
}

pub fn int_field(rec: &Record, name: &str) -> Option<i64> {
    rec.get(name).and_then(Value::as_i64)
}

pub fn str_field<'a>(rec: &'a Record, name: &str) -> Option<&'a str> {
    rec.get(name).and_then(Value::as_str)
}

pub fn bool_field(rec: &Record, name: &str) -> bool {
    rec.get(name).and_then(Value::as_bool).unwrap_or(false)
}
