//! Records of tenancy and sign-in: MSPs, their users, sessions.

use crate::store::Millis;

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
    pub id: i64,
    pub name: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub msp_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: Millis,
    pub expires_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub msp_id: i64,
    pub msp_name: String,
    pub name: String,
    pub email: String,
    pub expires_at: Millis,
}
