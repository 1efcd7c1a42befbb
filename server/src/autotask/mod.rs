//! Autotask REST client: zone discovery, auth headers, typed entities, queries, writes, picklists and rate limits.
//!
//! One [`AutotaskClient`] per process; [`AutotaskClient::tenant`] binds it to an integration's
//! [`Credentials`] and every call goes through that [`TenantClient`]. Facts about Autotask
//! behaviour cited in comments come from `reference/autotask-rest-api.md`.

mod backoff;
mod client;
mod config;
mod credentials;
pub mod entities;
mod errors;
mod http;
mod limiter;
mod paging;
mod picklists;
mod query;
mod raw;
mod reads;
mod resource_id;
mod status;
pub mod webhook;
mod writes;
mod zone;

pub use backoff::{exponential_delay, jittered_delay, parse_retry_after, MAX_RETRY_AFTER};
pub use client::{AutotaskClient, TenantClient};
pub use config::{ClientConfig, RetryPolicy, DEFAULT_ZONE_LOOKUP_URL};
pub use credentials::{Credentials, Secret};
pub use entities::{
    Company, ConfigurationItem, Contact, Entity, EntityFields, FieldInfo, PicklistValue, Resource,
    ThresholdInformation, Ticket, TicketNote, TicketNoteWebhook, TicketWebhook, UserDefinedField,
    WebhookEntity, WebhookExcludedResource, WebhookField,
};
pub use errors::AutotaskError;
pub use limiter::Lane;
pub use paging::{Page, PageCursor, PageDetails};
pub use picklists::PicklistField;
pub use query::{Filter, Op, Query, MAX_RECORDS_LIMIT};
pub use raw::RequestCounter;
pub use resource_id::pick_api_user;
pub use zone::{normalise_api_base, Zone, ZoneInformation};
