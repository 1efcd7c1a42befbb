//! `AuthService` over the store: setup, sign-in with rate limits, sessions, and the MSP's
//! administrators for the Settings page.

use super::hash_gate::{GateLimits, HashGate};
use super::password::{dummy_verify, hash_password, verify_password};
use super::validate::{normalise_email, validate_setup};
use crate::clock::{fmt_utc, now_ms};
use crate::errors::internal;
use crate::store::{NewMspAdmin, NewSession, Store, StoreError};
use app::error::{AppError, ErrorCode};
use app::service::AuthService;
use app::wire::{
    AdminRow, CurrentUser, IssuedSession, MspSettingsView, RequestMeta, SetupInput, SignInInput,
};
use std::time::Duration;

#[derive(Clone)]
pub struct Auth {
    store: Store,
    session_ttl: Duration,
    max_failures: i64,
    window: Duration,
    /// Every argon2 call of this service goes through it (memory is the scarce resource).
    gate: HashGate,
}

impl Auth {
    pub fn new(store: Store, session_ttl: Duration, max_failures: u32, window: Duration) -> Self {
        Self {
            store,
            session_ttl,
            max_failures: i64::from(max_failures),
            window,
            gate: HashGate::new(GateLimits::default()),
        }
    }

    /// The same service with other limits on concurrent password checks (tests).
    pub fn with_gate_limits(mut self, limits: GateLimits) -> Self {
        self.gate = HashGate::new(limits);
        self
    }

    /// How many argon2 hashes and verifications have run, for tests and metrics.
    pub fn password_checks(&self) -> usize {
        self.gate.runs()
    }

    async fn issue_session(&self, user_id: app::ids::UserId) -> Result<IssuedSession, AppError> {
        let token = crate::crypto::random_token(32);
        let now = now_ms();
        let ttl = self.session_ttl.as_millis() as i64;
        let session = NewSession {
            token_hash: crate::crypto::sha256_hex(&token),
            user_id,
            created_at: now,
            expires_at: now + ttl,
        };
        self.store.create_session(session).await?;
        Ok(IssuedSession {
            token,
            max_age_secs: ttl / 1000,
        })
    }

    /// Both the account and the address get a budget, so neither guessing one password
    /// across many accounts nor many passwords against one account gets far.
    fn scopes(email: &str, meta: &RequestMeta) -> Vec<String> {
        let mut scopes = vec![format!("acct:{email}")];
        if let Some(ip) = &meta.client_ip {
            scopes.push(format!("ip:{ip}"));
        }
        scopes
    }

    fn rate_limited(&self) -> AppError {
        let minutes = self.window.as_secs().div_ceil(60);
        AppError::new(
            ErrorCode::RateLimited,
            format!("Too many failed sign-ins. Wait {minutes} minutes and try again."),
        )
    }

    /// Records a failure in every scope before the password is checked, or refuses when any
    /// scope is at its limit: a burst of parallel attempts then checks at most the limit's
    /// worth of passwords, instead of all of them passing a count taken before any failed.
    async fn reserve_failures(&self, scopes: &[String]) -> Result<Vec<i64>, AppError> {
        let now = now_ms();
        let since = now - self.window.as_millis() as i64;
        let mut reserved = Vec::with_capacity(scopes.len());
        for scope in scopes {
            let got = self
                .store
                .reserve_sign_in_failure(scope, now, since, self.max_failures)
                .await;
            match got {
                Ok(Some(id)) => reserved.push(id),
                Ok(None) => {
                    self.release(&reserved).await;
                    return Err(self.rate_limited());
                }
                Err(e) => {
                    self.release(&reserved).await;
                    return Err(e.into());
                }
            }
        }
        Ok(reserved)
    }

    async fn release(&self, reserved: &[i64]) {
        for id in reserved {
            if let Err(e) = self.store.release_sign_in_failure(*id).await {
                tracing::error!(error = %e, "could not release a sign-in reservation");
            }
        }
    }
}

fn already_set_up() -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        "Relay is already set up. Sign in with an existing administrator account.",
    )
}

#[async_trait::async_trait]
impl AuthService for Auth {
    async fn needs_setup(&self) -> Result<bool, AppError> {
        Ok(self.store.count_users().await? == 0)
    }

    async fn setup(
        &self,
        input: SetupInput,
        _meta: &RequestMeta,
    ) -> Result<IssuedSession, AppError> {
        let email = validate_setup(&input)?;
        // Checked before the (costly) hash so a finished install answers floods cheaply; the
        // install guard row in `create_msp_with_admin` still settles races between setups.
        if !self.needs_setup().await? {
            return Err(already_set_up());
        }
        let password = input.password.clone();
        let password_hash = self
            .gate
            .run(move || hash_password(&password))
            .await?
            .map_err(internal)?;
        let new = NewMspAdmin {
            msp_name: input.msp_name.trim().to_string(),
            name: input.name.trim().to_string(),
            email,
            password_hash,
            now: now_ms(),
        };
        let user = match self.store.create_msp_with_admin(new).await {
            Ok(u) => u,
            Err(StoreError::Conflict(_)) => return Err(already_set_up()),
            Err(e) => return Err(e.into()),
        };
        self.issue_session(user.id).await
    }

    async fn sign_in(
        &self,
        input: SignInInput,
        meta: &RequestMeta,
    ) -> Result<IssuedSession, AppError> {
        let email = normalise_email(&input.email)?;
        if input.password.is_empty() {
            return Err(AppError::validation("password", "Enter your password."));
        }
        let scopes = Self::scopes(&email, meta);
        let reserved = self.reserve_failures(&scopes).await?;
        let user = match self.store.user_by_email(&email).await {
            Ok(user) => user,
            Err(e) => {
                self.release(&reserved).await;
                return Err(e.into());
            }
        };
        let password = input.password.clone();
        let checked = self
            .gate
            .run(move || match user {
                Some(u) => (verify_password(&password, &u.password_hash), Some(u)),
                None => {
                    dummy_verify(&password);
                    (false, None)
                }
            })
            .await;
        let (ok, user) = match checked {
            Ok(v) => v,
            Err(e) => {
                // No password was checked (busy): the attempt does not count against anyone.
                self.release(&reserved).await;
                return Err(e);
            }
        };
        match (ok, user) {
            (true, Some(user)) => {
                self.release(&reserved).await;
                // The account's earlier failures go too; the address keeps its own, so one
                // valid account cannot reset the budget of an address guessing others.
                self.store.clear_sign_in_failures(&scopes[0]).await?;
                self.issue_session(user.id).await
            }
            // The reserved rows stay: they are this attempt's failure records.
            // The admin asked for distinct messages; the per-address and per-account limits
            // (reserved before any check) keep enumeration slow.
            (_, user) => Err(if user.is_some() {
                AppError::validation(
                    "password",
                    "That password is not right. Check it and try again.",
                )
            } else {
                AppError::validation("email", "No administrator account uses that email address.")
            }),
        }
    }

    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        self.store
            .delete_session(&crate::crypto::sha256_hex(token))
            .await
            .map_err(AppError::from)
    }

    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError> {
        let found = self
            .store
            .session_user(&crate::crypto::sha256_hex(token), now_ms())
            .await?;
        Ok(found.map(|s| CurrentUser {
            user_id: s.user_id,
            msp_id: s.msp_id,
            msp_name: s.msp_name,
            name: s.name,
            email: s.email,
        }))
    }

    async fn msp_settings(&self, user: &CurrentUser) -> Result<MspSettingsView, AppError> {
        let msp = self
            .store
            .msp(user.msp_id)
            .await?
            .ok_or_else(|| AppError::not_found("Your MSP"))?;
        let admins = self.store.list_users(user.msp_id).await?;
        Ok(MspSettingsView {
            msp_name: msp.name,
            admins: admins
                .into_iter()
                .map(|u| AdminRow {
                    name: u.name,
                    email: u.email,
                    created_at: fmt_utc(u.created_at),
                })
                .collect(),
        })
    }
}
