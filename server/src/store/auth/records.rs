//! Records of tenancy and sign-in: MSPs, their users, sessions.

use crate::store::Millis;
use app::ids::{MspId, UserId};

#[derive(Debug, Clone)]
pub struct NewMspAdmin {
    pub msp_name: String,
    pub name: String,
    /// Lower-cased by the caller.
    pub email: String,
    pub password_hash: String,
    pub now: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MspRecord {
    #[sqlx(try_from = "i64")]
    pub id: MspId,
    pub name: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRecord {
    #[sqlx(try_from = "i64")]
    pub id: UserId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: UserId,
    pub created_at: Millis,
    pub expires_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionUser {
    #[sqlx(try_from = "i64")]
    pub user_id: UserId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub msp_name: String,
    pub name: String,
    pub email: String,
    pub expires_at: Millis,
}
