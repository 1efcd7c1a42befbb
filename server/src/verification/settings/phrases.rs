//! The MSP's classifier phrases: what may be added or removed, and the "try it" verdict.

use super::super::classify::{Classifier, Verdict};
use super::super::normalise::normalise;
use super::view::is_builtin;
use app::error::AppError;
use app::states::PhraseChange;
use app::verification::ClassifyView;

/// More would make the page unreadable and every ticket slower to classify.
pub(super) const MAX_CHANGES: usize = 200;

/// The phrase as stored: an added phrase as typed (tidied), a removed term as the rules
/// spell it, so the same term cannot be removed twice in two spellings.
pub(super) fn checked(raw: &str, change: PhraseChange) -> Result<String, AppError> {
    let tidy = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let bad = |why: String| AppError::validation("phrase", why);
    if tidy.chars().count() > 100 {
        return Err(bad("A phrase is at most 100 characters.".into()));
    }
    let normalised = normalise(&tidy);
    match change {
        PhraseChange::Add => {
            // "it" or "pc" would make nearly every ticket sensitive.
            if normalised.chars().count() < 3 {
                return Err(bad(
                    "Enter a phrase of at least three letters or digits.".into()
                ));
            }
            Ok(tidy)
        }
        PhraseChange::Remove => {
            if !is_builtin(&normalised) {
                return Err(bad(format!(
                    "\"{tidy}\" is not a built-in term; pick one from the list of built-in terms."
                )));
            }
            Ok(normalised)
        }
    }
}

/// Long texts are cut: a verdict on the first pages is what the sample is for.
pub(super) fn classify(classifier: &Classifier, title: &str, description: &str) -> ClassifyView {
    let title: String = title.chars().take(500).collect();
    let description: String = description.chars().take(8000).collect();
    view(&classifier.classify(&title, &description))
}

fn view(verdict: &Verdict) -> ClassifyView {
    ClassifyView {
        sensitive: verdict.sensitive(),
        reasons: verdict
            .findings
            .iter()
            .map(|f| format!("{} (\"{}\")", f.reason.describe(), f.matched))
            .collect(),
    }
}
