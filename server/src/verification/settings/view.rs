//! From stored rows to the page: secrets reduced to "stored for Traceless/Duo", the Traceless
//! paths with their defaults filled in, and the built-in vocabulary by what it detects.

use super::super::connect::{paths_from, DEFAULT_TIMEOUT_SECS};
use super::super::rules::RULES;
use crate::clock::fmt_utc;
use crate::store::{PhraseRecord, VerificationSettingsRecord};
use app::states::{PushMethod, UnverifiedPolicy, VerifierKind};
use app::verification::{
    BuiltinTerms, DemoVerifier, PhraseRow, VerificationPaths, VerificationSettingsView,
    VerificationTestView,
};

/// Everything the page shows but the settings row.
pub(super) struct Extras {
    pub updated_by: Option<String>,
    pub last_test: Option<VerificationTestView>,
    pub phrases: Vec<PhraseRecord>,
    pub demo: Option<DemoVerifier>,
}

pub(super) fn settings_view(
    record: Option<VerificationSettingsRecord>,
    extras: Extras,
) -> VerificationSettingsView {
    let phrases = extras
        .phrases
        .into_iter()
        .map(|p| PhraseRow {
            phrase: p.phrase,
            change: p.change,
            since: fmt_utc(p.created_at),
        })
        .collect();
    let mut view = VerificationSettingsView {
        provider: None,
        traceless_url: String::new(),
        organization_id: String::new(),
        paths: paths(None),
        default_push: PushMethod::MicrosoftAuthenticator,
        duo_host: String::new(),
        integration_key: String::new(),
        secret_stored_for: None,
        timeout_secs: DEFAULT_TIMEOUT_SECS,
        without_provider: UnverifiedPolicy::FlagForTechnician,
        updated: None,
        last_test: extras.last_test,
        phrases,
        builtin_terms: builtin_terms(),
        demo: extras.demo,
    };
    let Some(r) = record else { return view };
    view.provider = r.provider;
    view.paths = paths(r.paths.as_deref());
    view.default_push = r.default_push;
    view.timeout_secs = r.timeout_secs;
    view.without_provider = r.without_provider;
    view.secret_stored_for = r.provider.filter(|_| r.secret_enc.is_some());
    match r.provider {
        Some(VerifierKind::Traceless) => {
            view.traceless_url = r.base_url;
            view.organization_id = r.account_id;
        }
        Some(VerifierKind::Duo) => {
            view.duo_host = duo_host(&r.base_url);
            view.integration_key = r.account_id;
        }
        None => {}
    }
    view.updated = Some(match extras.updated_by {
        Some(name) => format!("by {name}, {}", fmt_utc(r.updated_at)),
        None => fmt_utc(r.updated_at),
    });
    view
}

/// Duo's hostname as Duo shows it; a local (http) server keeps its whole URL.
fn duo_host(base_url: &str) -> String {
    base_url
        .strip_prefix("https://")
        .unwrap_or(base_url)
        .to_string()
}

fn paths(stored: Option<&str>) -> VerificationPaths {
    // A row the flow could not use still shows the defaults, so the admin can save over it.
    let p = paths_from(stored).unwrap_or_default();
    VerificationPaths {
        check: p.check,
        start: p.start,
        status: p.status,
        cancel: p.cancel,
    }
}

/// The terms that trigger a rule (not the look-alikes that silence one), once each, grouped
/// by what the rule detects.
pub(super) fn builtin_terms() -> Vec<BuiltinTerms> {
    let mut groups: Vec<BuiltinTerms> = Vec::new();
    for rule in RULES {
        let reason = rule.reason.describe().to_string();
        let at = match groups.iter().position(|g| g.reason == reason) {
            Some(at) => at,
            None => {
                groups.push(BuiltinTerms {
                    reason,
                    terms: Vec::new(),
                });
                groups.len() - 1
            }
        };
        for term in rule.first.iter().chain(rule.then) {
            let terms = &mut groups[at].terms;
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
            }
        }
    }
    groups
}

/// Whether `normalised` names a built-in term (a `*` term by its prefix).
pub(super) fn is_builtin(normalised: &str) -> bool {
    RULES.iter().any(|rule| {
        rule.first
            .iter()
            .chain(rule.then)
            .any(|t| t.trim_end_matches('*') == normalised)
    })
}
