//! The store's operations, each written once as a macro body and compiled for both backends.
//!
//! sqlx's executors are concrete per database, and spelling the generic bounds for "any
//! database that can bind and decode all of these types" costs more than it saves; a macro
//! body is type-checked separately for each pool type instead, so every query and every
//! piece of logic around it still exists exactly once in the source.

pub(crate) mod activity;
pub(crate) mod agent_sessions;
pub(crate) mod clients;
pub(crate) mod events;
pub(crate) mod imports;
pub(crate) mod integrations;
pub(crate) mod sessions;
pub(crate) mod tenancy;

/// Implements `Store` for `$store` (a struct in the calling module with a `pool: $pool`
/// field; `$backend` names a `Backend` variant) by compiling every operation for `$pool` into
/// a private `ops` module and delegating each trait method to it.
macro_rules! impl_store {
    ($store:ident, $pool:ty, $backend:ident) => {
        mod ops {
            pub(crate) mod tenancy {
                $crate::store::ops::tenancy::tenancy_ops!($pool);
            }
            pub(crate) mod sessions {
                $crate::store::ops::sessions::session_ops!($pool);
            }
            pub(crate) mod clients {
                $crate::store::ops::clients::client_ops!($pool);
            }
            pub(crate) mod activity {
                $crate::store::ops::activity::activity_ops!($pool);
            }
            pub(crate) mod integrations {
                $crate::store::ops::integrations::integration_ops!($pool);
            }
            pub(crate) mod imports {
                $crate::store::ops::imports::import_ops!($pool);
            }
            pub(crate) mod events {
                $crate::store::ops::events::event_ops!($pool);
            }
            pub(crate) mod agent_sessions {
                $crate::store::ops::agent_sessions::agent_session_ops!($pool);
            }
        }

        mod store_impl {
            use super::ops;
            use $crate::store::{
                ActivityRecord, ClientRecord, Millis, MspRecord, NewActivity, NewClient,
                NewMspAdmin, NewSession, SessionUser, UserRecord,
            };
            use $crate::store::{
                AgentSessionRecord, EventFinish, NewAgentSession, NewWebhookEvent,
                SessionMessageRecord, WebhookEventRecord,
            };
            use $crate::store::{ClientListRow, ImportCompany, ImportJobRecord, NewImportJob};
            use $crate::store::{
                CredentialsUpdate, IntegrationRecord, NewIntegration, SealFn, WebhookRotation,
            };

            $crate::store::ops::delegate! {
                super::$store, $crate::store::Backend::$backend;
                tenancy::ping() -> ();
                tenancy::count_users() -> i64;
                tenancy::create_msp_with_admin(new: NewMspAdmin) -> UserRecord;
                tenancy::user_by_email(email: &str) -> Option<UserRecord>;
                tenancy::list_users(msp_id: i64) -> Vec<UserRecord>;
                tenancy::msp(msp_id: i64) -> Option<MspRecord>;
                sessions::create_session(session: NewSession) -> ();
                sessions::session_user(token_hash: &str, now: Millis) -> Option<SessionUser>;
                sessions::delete_session(token_hash: &str) -> ();
                sessions::delete_expired_sessions(now: Millis) -> u64;
                sessions::record_sign_in_failure(scope: &str, at: Millis) -> ();
                sessions::count_sign_in_failures(scope: &str, since: Millis) -> i64;
                sessions::clear_sign_in_failures(scope: &str) -> ();
                sessions::prune_sign_in_failures(before: Millis) -> u64;
                clients::list_clients(msp_id: i64, search: &str, limit: i64, offset: i64)
                    -> (Vec<ClientRecord>, i64);
                clients::client_by_autotask_id(msp_id: i64, autotask_id: &str)
                    -> Option<ClientRecord>;
                clients::upsert_autotask_client(new: NewClient) -> (ClientRecord, bool);
                activity::append_activity(entry: NewActivity) -> i64;
                activity::list_activity(msp_id: i64, client_id: Option<i64>, limit: i64, offset: i64)
                    -> (Vec<ActivityRecord>, i64);
                integrations::create_integration(new: NewIntegration, seal: &SealFn)
                    -> IntegrationRecord;
                integrations::integration(id: i64) -> Option<IntegrationRecord>;
                integrations::active_integration(msp_id: i64) -> Option<IntegrationRecord>;
                integrations::update_integration_credentials(id: i64, update: CredentialsUpdate)
                    -> bool;
                integrations::set_integration_company_types(id: i64, types: Vec<i64>, now: Millis)
                    -> bool;
                integrations::rotate_webhook_secret(id: i64, rotation: WebhookRotation) -> bool;
                integrations::mark_webhook_connected(id: i64, at: Millis) -> bool;
                integrations::record_webhook_event_at(id: i64, at: Millis) -> bool;
                integrations::mark_webhook_deactivated(id: i64, at: Millis) -> bool;
                integrations::disconnect_integration(id: i64, at: Millis) -> bool;
                imports::create_import_job(new: NewImportJob) -> ImportJobRecord;
                imports::import_job(id: i64) -> Option<ImportJobRecord>;
                imports::latest_import_job(integration_id: i64) -> Option<ImportJobRecord>;
                imports::running_import_jobs() -> Vec<ImportJobRecord>;
                imports::finish_import_job(id: i64, state: &str, error: Option<String>, now: Millis)
                    -> bool;
                imports::import_company_page(
                    job_id: i64, msp_id: i64, companies: Vec<ImportCompany>, now: Millis
                ) -> i64;
                imports::activate_agents(msp_id: i64, now: Millis) -> u64;
                imports::list_client_rows(msp_id: i64, search: &str, limit: i64, offset: i64)
                    -> (Vec<ClientListRow>, i64);
                events::insert_webhook_event(event: NewWebhookEvent) -> Option<i64>;
                events::claim_webhook_events(owner: &str, now: Millis, lease_ms: i64, limit: i64)
                    -> Vec<WebhookEventRecord>;
                events::finish_webhook_event(id: i64, owner: &str, finish: EventFinish, now: Millis)
                    -> bool;
                events::requeue_webhook_event(msp_id: i64, id: i64, now: Millis) -> bool;
                events::webhook_event(id: i64) -> Option<WebhookEventRecord>;
                events::webhook_events_of(integration_id: i64) -> Vec<WebhookEventRecord>;
                events::count_webhook_events(integration_id: i64) -> Vec<(String, i64)>;
                events::webhook_require_signature(integration_id: i64) -> bool;
                events::set_webhook_require_signature(integration_id: i64, required: bool) -> ();
                agent_sessions::create_agent_session(new: NewAgentSession)
                    -> (AgentSessionRecord, bool);
                agent_sessions::agent_session_for_ticket(client_id: i64, ticket_id: i64)
                    -> Option<AgentSessionRecord>;
                agent_sessions::agent_sessions_of_msp(msp_id: i64) -> Vec<AgentSessionRecord>;
                agent_sessions::add_session_message(
                    session_id: i64, source_event_id: i64, body: serde_json::Value, now: Millis
                ) -> bool;
                agent_sessions::session_messages(session_id: i64) -> Vec<SessionMessageRecord>;
                agent_sessions::take_wake_budget(
                    integration_id: i64, ticket_id: i64, now: Millis, window_ms: i64
                ) -> i64;
            }
        }
    };
}
pub(crate) use impl_store;

/// Writes the `Store` impl from one line per method: `area::name(args) -> T` becomes
/// `async fn name(&self, args) -> Result<T, StoreError>` calling
/// `ops::area::name(&self.pool, args)`. It emits the whole impl, `#[async_trait]` included,
/// because that attribute only rewrites the `async fn`s it can see, not ones that a macro
/// inside the impl would produce after it ran.
macro_rules! delegate {
    (
        $store:ty, $backend:expr;
        $($area:ident :: $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> $crate::store::Backend {
                $backend
            }
            $(
                async fn $name(&self, $($arg: $ty),*)
                    -> Result<$ret, $crate::store::StoreError> {
                    ops::$area::$name(&self.pool, $($arg),*).await
                }
            )*
        }
    };
}
pub(crate) use delegate;
