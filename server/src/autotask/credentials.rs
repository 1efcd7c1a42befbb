//! API-user credentials, with the secret wrapped so it cannot leak through formatting.

use std::fmt;

/// The API user's password. `Debug` and `Display` print a fixed mask so the value cannot reach
/// logs, error messages or panic output by accident; only [`Secret::expose`] reveals it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value, for the `Secret` header and for encryption at rest only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// What Autotask needs on every call (reference §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The API-only user's username (e-mail shaped); also the zone-lookup key.
    pub username: String,
    pub secret: Secret,
    /// The integration's API tracking identifier (`ApiIntegrationCode`); rate limits key on it.
    pub tracking_id: String,
}

impl Credentials {
    pub fn new(
        username: impl Into<String>,
        secret: impl Into<Secret>,
        tracking_id: impl Into<String>,
    ) -> Self {
        Self {
            username: username.into(),
            secret: secret.into(),
            tracking_id: tracking_id.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_formats() {
        let creds = Credentials::new(
            "api-user@example.test",
            "not-a-real-secret-42",
            "FAKETRACKINGID0000000000001",
        );
        let debug = format!("{creds:?}");
        let pretty = format!("{creds:#?}");
        let shown = format!("{}", creds.secret);
        for text in [&debug, &pretty, &shown] {
            assert!(!text.contains("not-a-real-secret-42"), "leaked in {text}");
        }
        assert!(debug.contains("api-user@example.test"));
        assert_eq!(creds.secret.expose(), "not-a-real-secret-42");
    }
}
