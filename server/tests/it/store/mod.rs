//! Store contract suite: one set of contracts, each run on a fresh SQLite file
//! (`store::sqlite::<name>`) and on a fresh PostgreSQL database (`store::postgres::<name>`).

mod activity;
mod agent_sessions;
mod brain_settings;
mod clients_list;
mod clients_upsert;
mod events;
mod harness;
mod imports;
mod integrations;
mod plans;
pub mod queries;
mod retention;
mod schema;
mod sessions;
mod tenancy;
mod verification;

/// For each `area::name`, a `sqlite::name` and a `postgres::name` test running the contract
/// `area::name(store)` against that backend, so the output names both.
macro_rules! contracts {
    ($($area:ident :: $name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::harness::on_sqlite(super::$area::$name).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::harness::on_postgres(super::$area::$name).await;
                }
            )*
        }
    };
}

contracts! {
    tenancy::ping_and_backend,
    tenancy::setup_creates_msp_and_first_admin,
    tenancy::setup_refused_once_an_admin_exists,
    tenancy::concurrent_setup_creates_one_admin,
    tenancy::email_is_case_insensitive,
    sessions::session_valid_until_it_expires,
    sessions::deleted_session_is_gone,
    sessions::duplicate_session_token_conflicts,
    sessions::expired_sessions_are_purged,
    sessions::sign_in_failures_are_windowed_per_scope,
    sessions::sign_in_reservations_hold_the_limit_under_a_burst,
    clients_upsert::upsert_creates_then_renames,
    clients_upsert::second_import_creates_nothing,
    clients_upsert::concurrent_upserts_never_duplicate,
    clients_upsert::slugs_stay_unique,
    clients_upsert::lookup_by_autotask_id,
    clients_list::list_clients_searches_and_pages,
    clients_list::clients_are_per_msp,
    activity::activity_newest_first_with_client_names,
    activity::activity_pages_and_isolates_tenants,
    integrations::create_seals_for_the_new_id,
    integrations::one_active_integration_per_msp,
    integrations::credentials_and_types_update,
    integrations::webhook_rotation_and_timestamps,
    integrations::signature_switch_and_first_hmac_key,
    integrations::connected_once_keeps_the_first_time,
    imports::import_page_upserts_clients_with_agents,
    imports::one_running_import_per_integration,
    imports::an_expired_import_lease_is_taken_over_by_exactly_one,
    events::events_dedupe_per_integration,
    events::claims_follow_ticket_order,
    events::expired_lease_is_reclaimed_and_parked_can_be_requeued,
    events::concurrent_claims_never_share_an_event,
    events::require_signature_flag,
    events::unresolved_notes_and_parked_events_hold_later_events_back,
    agent_sessions::one_session_per_ticket_and_one_message_per_event,
    agent_sessions::wake_budget_counts_within_a_window,
    retention::old_finished_events_lose_their_body_then_their_row,
    retention::the_janitor_sweep_applies_both_horizons,
    brain_settings::brain_settings_save_and_key_changes,
    brain_settings::brain_settings_are_per_msp,
    verification::verification_settings_save_and_secret_changes,
    verification::phrase_changes_switch_delete_and_stay_per_msp,
}
