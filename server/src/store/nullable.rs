//! Decoding nullable id and state columns into `Option<TypedId>` / `Option<State>`: the types
//! live in `app` (which never links sqlx), so a row field goes through one of these local
//! wrappers with `#[sqlx(try_from = "NullableId")]`.

use app::ids::{ClientId, ImportJobId, ResourceId, UserId};
use app::states::{AgentStatus, UnknownState};

/// A nullable BIGINT column, read on the way to an `Option` of a typed id.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub struct NullableId(Option<i64>);

macro_rules! nullable_ids {
    ($($id:ty),*) => {
        $(
            impl From<NullableId> for Option<$id> {
                fn from(value: NullableId) -> Self {
                    value.0.map(<$id>::from)
                }
            }
        )*
    };
}

nullable_ids!(ClientId, ImportJobId, ResourceId, UserId);
nullable_ids!(app::ids::IntegrationId, app::ids::SessionId);

/// A nullable TEXT column, read on the way to an `Option` of a state enum.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub struct NullableText(pub(super) Option<String>);

impl TryFrom<NullableText> for Option<AgentStatus> {
    type Error = UnknownState;
    fn try_from(value: NullableText) -> Result<Self, Self::Error> {
        value.0.map(AgentStatus::try_from).transpose()
    }
}
nullable_ids!(app::ids::ApprovalPlanId);
