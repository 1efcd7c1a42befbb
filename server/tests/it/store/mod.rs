//! Store contract suite: one set of contracts, each run on a fresh SQLite file
//! (`store::sqlite::<name>`) and on a fresh PostgreSQL database (`store::postgres::<name>`).

mod activity;
mod agent_runtime;
mod agent_sessions;
pub mod approval_links;
mod approvals;
mod audit;
mod brain_settings;
mod clients_list;
mod clients_upsert;
mod events;
mod harness;
mod imports;
mod integrations;
mod mail_settings;
mod plans;
pub mod queries;
mod retention;
mod schema;
mod session_view;
mod sessions;
mod silence;
mod tenancy;
mod tool_call_log;
mod tool_policies;
mod verification;
mod verification_flow;
mod voice;
mod webhook_defs;

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
    approval_links::a_newer_code_voids_the_older_and_each_is_used_once,
    approval_links::codes_expire_and_failures_outlive_a_new_code,
    approval_links::link_only_is_off_until_the_msp_turns_it_on,
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
    agent_runtime::wake_and_messages_are_unread_input_once,
    agent_runtime::claims_lease_release_and_input_during_a_run,
    agent_runtime::concurrent_claimers_never_share_a_session,
    agent_runtime::conversation_journal_and_approvals,
    agent_runtime::a_notice_is_trusted_unread_input_that_ends_a_wait,
    tool_call_log::a_settled_call_and_its_entry_are_recorded_once_together,
    tool_call_log::finishing_a_started_call_logs_its_entry_in_the_same_commit,
    tool_call_log::the_sweep_readies_idle_sessions_with_started_calls,
    retention::old_finished_events_lose_their_body_then_their_row,
    webhook_defs::definitions_upsert_keep_who_registered_and_delete,
    webhook_defs::definitions_inactive_keep_the_first_reason_until_reactivated,
    webhook_defs::health_counts_events_clears_deactivation_and_lists_connected,
    voice::voice_settings_and_index,
    voice::voice_calls_dedupe_lease_and_retry,
    retention::the_janitor_sweep_applies_both_horizons,
    brain_settings::brain_settings_save_and_key_changes,
    brain_settings::brain_settings_are_per_msp,
    mail_settings::mail_settings_save_password_changes_and_remove,
    mail_settings::alert_mail_claims_are_once_per_occurrence,
    audit::appends_link_into_one_chain_per_msp,
    audit::parallel_appends_make_a_valid_chain,
    audit::verify_finds_an_altered_row,
    audit::verify_finds_a_removed_row,
    audit::verify_finds_a_rewritten_tail_by_its_checkpoint,
    audit::rows_from_before_the_chain_are_chained_in_id_order,
    audit::filters_and_exports_stay_in_the_msp,
    audit::checkpoints_fall_due_by_count_or_age,
    audit::start_up_chains_rows_from_before_the_chain,
    tool_policies::policy_overrides_are_logged_and_reset,
    tool_policies::policy_log_outlives_its_user_and_integrations_are_separate,
    tool_policies::imports_apply_the_default_mode_and_clients_switch,
    tool_policies::client_detail_and_recent_sessions,
    tool_policies::gateway_load_reflects_changes_and_reset,
    session_view::session_page_reads_its_own_session_in_order,
    session_view::another_msps_session_is_not_found,
    session_view::rule_mapping_is_saved_per_msp_and_cleared,
    session_view::session_service_shows_the_work_and_hides_other_msps,
    session_view::rule_settings_edit_one_row_and_reset,
    verification::verification_settings_save_and_secret_changes,
    verification::phrase_changes_switch_delete_and_stay_per_msp,
    silence::silence_alerts_are_news_once_per_silence_and_clear,
    verification_flow::verdicts_only_raise_and_a_held_session_is_not_claimed,
    verification_flow::timers_lease_to_one_worker_and_outcomes_are_recorded_once,
    verification_flow::concurrent_timer_claims_never_share_one,
    approvals::plans_supersede_link_requests_and_list,
    approvals::one_decision_wins_and_the_rest_see_it,
    approvals::expiry_notes_and_settling_happen_once,
}
