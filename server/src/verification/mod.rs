//! Identity verification for sensitive tickets: which tickets are sensitive (password, MFA,
//! unlock and access requests), before any agent acts on them.

pub mod classify;
mod normalise;
mod rules;

pub use classify::{Classifier, PhraseChanges, Verdict};
pub mod connect;
pub mod duo;
pub mod flow;
pub mod provider;
pub mod settings;
pub mod traceless;

pub use provider::{
    ChallengeError, ChallengeRef, ChallengeRequest, ChallengeStatus, ProviderError,
    VerificationProvider,
};
