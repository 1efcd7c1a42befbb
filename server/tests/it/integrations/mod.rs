//! The Autotask connect journey against the simulated tenant: credential wizard, secrets at
//! rest, company-type import and its restart handling, the webhook card.

mod forms;
mod governor;
mod harness;
mod health;
mod import;
mod policies;
mod purposes;
mod registration;
mod secrets;
mod silence;
mod tenants;
mod webhook;
mod webhook_forms;
mod wizard;
