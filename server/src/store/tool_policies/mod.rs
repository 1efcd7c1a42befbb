//! Tool policies per integration (overrides of the catalog defaults) and who changed them;
//! client modes and the MSP's default mode are in `modes`.

mod modes;
pub(super) mod records;
mod sql;

use super::{Millis, PolicyEditor};
use super::{
    PolicyChange, SetToolPolicy, Store, StoreError, ToolPolicyChangeRecord, ToolPolicyOverride,
};
use crate::{db_run, db_write};
use app::ids::{IntegrationId, UserId};
use app::states::ToolPolicy;

impl Store {
    /// The admin's overrides for one integration; a tool without one follows its default.
    pub async fn tool_policy_overrides(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<ToolPolicyOverride>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::OVERRIDES)
                .bind(integration_id.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Sets one tool's policy and logs the change, in one transaction. Returns the policy it
    /// had before, or `None` when it already had this one (nothing is logged then).
    pub async fn set_tool_policy(
        &self,
        edit: SetToolPolicy,
    ) -> Result<Option<ToolPolicy>, StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let previous: Option<String> = sqlx::query_scalar(sql::TAKE_OVERRIDE)
                .bind(edit.integration_id.get())
                .bind(&edit.tool)
                .fetch_optional(&mut *tx)
                .await?;
            let old = match previous {
                Some(word) => parse_policy(word)?,
                None => edit.default,
            };
            if edit.policy != edit.default {
                sqlx::query(sql::PUT_OVERRIDE)
                    .bind(edit.integration_id.get())
                    .bind(&edit.tool)
                    .bind(edit.policy.as_str())
                    .bind(edit.now)
                    .execute(&mut *tx)
                    .await?;
            }
            if old == edit.policy {
                // Same policy again (a double submit): the delete and re-insert above leave
                // the row as it was apart from its time; roll back and log nothing.
                tx.rollback().await?;
                return Ok(None);
            }
            sqlx::query(sql::LOG_CHANGE)
                .bind(edit.integration_id.get())
                .bind(edit.by.user_id.get())
                .bind(&edit.by.email)
                .bind("set")
                .bind(&edit.tool)
                .bind(old.as_str())
                .bind(edit.policy.as_str())
                .bind(0_i64)
                .bind(edit.now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Some(old))
        })
    }

    /// Every tool of the integration back to its default, logged as one change. Returns how
    /// many tools had been overridden.
    pub async fn reset_tool_policies(
        &self,
        integration_id: IntegrationId,
        by: &PolicyEditor,
        now: Millis,
    ) -> Result<i64, StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let reverted = sqlx::query(sql::CLEAR_OVERRIDES)
                .bind(integration_id.get())
                .execute(&mut *tx)
                .await?
                .rows_affected() as i64;
            sqlx::query(sql::LOG_CHANGE)
                .bind(integration_id.get())
                .bind(by.user_id.get())
                .bind(&by.email)
                .bind("reset")
                .bind(None::<String>)
                .bind(None::<String>)
                .bind(None::<String>)
                .bind(reverted)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(reverted)
        })
    }

    /// The integration's latest policy changes, newest first.
    pub async fn tool_policy_changes(
        &self,
        integration_id: IntegrationId,
        limit: i64,
    ) -> Result<Vec<ToolPolicyChangeRecord>, StoreError> {
        let rows: Vec<ChangeRow> = db_run!(self, pool => {
            sqlx::query_as(sql::RECENT_CHANGES)
                .bind(integration_id.get())
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(ChangeRow::into_record).collect()
    }
}

/// A change as stored: the kind decides which columns carry meaning.
#[derive(sqlx::FromRow)]
struct ChangeRow {
    id: i64,
    integration_id: i64,
    user_id: Option<i64>,
    user_email: String,
    kind: String,
    tool: Option<String>,
    old_policy: Option<String>,
    new_policy: Option<String>,
    reverted: i64,
    at: Millis,
}

impl ChangeRow {
    fn into_record(self) -> Result<ToolPolicyChangeRecord, StoreError> {
        let change = match (self.kind.as_str(), self.old_policy, self.new_policy) {
            ("set", Some(old), Some(new)) => PolicyChange::Set {
                old: parse_policy(old)?,
                new: parse_policy(new)?,
            },
            ("reset", _, _) => PolicyChange::Reset {
                reverted: self.reverted,
            },
            (kind, _, _) => {
                return Err(bad_row(format!(
                    "policy change {} of kind {kind:?}",
                    self.id
                )))
            }
        };
        Ok(ToolPolicyChangeRecord {
            id: self.id,
            integration_id: IntegrationId(self.integration_id),
            user_id: self.user_id.map(UserId),
            user_email: self.user_email,
            tool: self.tool,
            change,
            at: self.at,
        })
    }
}

fn parse_policy(word: String) -> Result<ToolPolicy, StoreError> {
    ToolPolicy::try_from(word).map_err(|e| bad_row(e.to_string()))
}

/// A stored value no variant names: reported like any other undecodable column.
fn bad_row(what: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into()))
}
