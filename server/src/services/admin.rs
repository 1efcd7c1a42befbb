//! `AdminService`: the reads behind the admin pages, always scoped to the caller's MSP.

use crate::errors::store_err;
use crate::store::DynStore;
use crate::timefmt::fmt_utc;
use app::error::AppError;
use app::service::AdminService;
use app::wire::*;

pub const CLIENTS_PER_PAGE: i64 = 50;
pub const ACTIVITY_PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct AdminServiceImpl {
    store: DynStore,
}

impl AdminServiceImpl {
    pub fn new(store: DynStore) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl AdminService for AdminServiceImpl {
    async fn autotask_card(&self, _user: &CurrentUser) -> Result<AutotaskCardView, AppError> {
        // No integration is stored until the credential wizard saves one.
        Ok(AutotaskCardView { state: ConnectionState::NotConnected, username: None })
    }

    async fn clients(&self, user: &CurrentUser, search: &str, page: i64) -> Result<ClientPage, AppError> {
        let search = search.trim();
        if search.len() > 200 {
            return Err(AppError::validation("q", "Search for at most 200 characters."));
        }
        let offset = (page - 1).saturating_mul(CLIENTS_PER_PAGE);
        let (rows, total) = self
            .store
            .list_clients(user.msp_id, search, CLIENTS_PER_PAGE, offset)
            .await
            .map_err(store_err)?;
        Ok(ClientPage {
            rows: rows
                .into_iter()
                .map(|c| ClientRow {
                    id: c.id,
                    name: c.name,
                    slug: c.slug,
                    autotask_id: c.sources.autotask.map(|s| s.id),
                    mode: c.mode,
                })
                .collect(),
            total,
            page,
            per_page: CLIENTS_PER_PAGE,
        })
    }

    async fn msp_settings(&self, user: &CurrentUser) -> Result<MspSettingsView, AppError> {
        let msp = self.store.msp(user.msp_id).await.map_err(store_err)?.ok_or_else(|| AppError::not_found("Your MSP"))?;
        let admins = self.store.list_users(user.msp_id).await.map_err(store_err)?;
        Ok(MspSettingsView {
            msp_name: msp.name,
            admins: admins
                .into_iter()
                .map(|u| AdminRow { name: u.name, email: u.email, created_at: fmt_utc(u.created_at) })
                .collect(),
        })
    }

    async fn activity(&self, user: &CurrentUser, page: i64) -> Result<ActivityPage, AppError> {
        let offset = (page - 1).saturating_mul(ACTIVITY_PER_PAGE);
        let (rows, total) = self
            .store
            .list_activity(user.msp_id, ACTIVITY_PER_PAGE, offset)
            .await
            .map_err(store_err)?;
        Ok(ActivityPage {
            rows: rows
                .into_iter()
                .map(|a| ActivityRow {
                    at: fmt_utc(a.at),
                    client: a.client_name,
                    kind: a.kind,
                    summary: a.summary,
                    outcome: a.outcome,
                })
                .collect(),
            total,
            page,
            per_page: ACTIVITY_PER_PAGE,
        })
    }
}
