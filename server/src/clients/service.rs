//! `ClientService`: the Clients page, search and paging, scoped to the caller's MSP.

use crate::store::Store;
use app::error::AppError;
use app::service::ClientService;
use app::wire::{ClientPage, ClientRow, CurrentUser};

pub const CLIENTS_PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct Clients {
    store: Store,
}

impl Clients {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl ClientService for Clients {
    async fn verifications(
        &self,
        user: &CurrentUser,
        client: app::ids::ClientId,
    ) -> Result<Vec<app::wire::ClientVerificationView>, AppError> {
        super::verifications::list(&self.store, user, client).await
    }

    async fn clients(
        &self,
        user: &CurrentUser,
        search: &str,
        page: i64,
    ) -> Result<ClientPage, AppError> {
        let search = search.trim();
        if search.len() > 200 {
            return Err(AppError::validation(
                "q",
                "Search for at most 200 characters.",
            ));
        }
        let offset = (page - 1).saturating_mul(CLIENTS_PER_PAGE);
        let (rows, total) = self
            .store
            .list_client_rows(user.msp_id, search, CLIENTS_PER_PAGE, offset)
            .await?;
        // Clients of a type no longer selected are kept and marked, never deleted.
        let selected = self
            .store
            .active_integration(user.msp_id)
            .await?
            .map(|i| i.company_types);
        Ok(ClientPage {
            rows: rows
                .into_iter()
                .map(|c| ClientRow {
                    type_deselected: match (&selected, c.company_type) {
                        (Some(types), Some(t)) => !types.contains(&t),
                        _ => false,
                    },
                    id: c.id,
                    name: c.name,
                    slug: c.slug,
                    autotask_id: c.autotask_id,
                    mode: c.mode,
                    company_type: c.company_type_label,
                    agent_status: c.agent_status,
                })
                .collect(),
            total,
            page,
            per_page: CLIENTS_PER_PAGE,
        })
    }
}
