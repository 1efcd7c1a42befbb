//! The classifier: is a ticket (or a note on it) a sensitive request, and why.

use serde::{Deserialize, Serialize};
use strsim::osa_distance;

use super::normalise::{normalise, words};
use super::rules::{Rule, RULES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    PasswordReset,
    Mfa,
    AccountUnlock,
    AccessGrant,
    /// A phrase the MSP's admin added.
    CustomPhrase,
    /// The model brain flagged it (it may add a flag, never remove one).
    Brain,
}

impl Reason {
    pub fn describe(self) -> &'static str {
        match self {
            Reason::PasswordReset => "password reset",
            Reason::Mfa => "MFA / authenticator change",
            Reason::AccountUnlock => "account unlock or sign-in failure",
            Reason::AccessGrant => "mailbox or admin access",
            Reason::CustomPhrase => "a phrase your MSP marked sensitive",
            Reason::Brain => "flagged by the agent's model",
        }
    }
}

/// Why a ticket is sensitive: the rule and the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub reason: Reason,
    pub rule: String,
    pub matched: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub fn sensitive(&self) -> bool {
        !self.findings.is_empty()
    }

    /// One line for a note or the session page.
    pub fn reason(&self) -> Option<String> {
        let first = self.findings.first()?;
        Some(format!(
            "{} (\"{}\")",
            first.reason.describe(),
            first.matched
        ))
    }

    /// The model may add a flag; what the rules flagged stays flagged whatever it says.
    pub fn with_brain_opinion(mut self, flagged: bool, why: &str) -> Self {
        if flagged {
            self.findings.push(Finding {
                reason: Reason::Brain,
                rule: "brain".into(),
                matched: why.chars().take(120).collect(),
            });
        }
        self
    }
}

/// An MSP's changes to the built-in vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhraseChanges {
    /// Phrases that make any ticket containing them sensitive.
    pub added: Vec<String>,
    /// Built-in terms this MSP does not want matched (for example a product called "Duo").
    pub removed: Vec<String>,
}

pub struct Classifier {
    added: Vec<String>,
    removed: Vec<String>,
}

impl Default for Classifier {
    fn default() -> Self {
        Self::new(&PhraseChanges::default())
    }
}

impl Classifier {
    pub fn new(changes: &PhraseChanges) -> Self {
        let clean = |list: &[String]| {
            list.iter()
                .map(|p| normalise(p))
                .filter(|p| !p.is_empty())
                .collect()
        };
        Self {
            added: clean(&changes.added),
            removed: clean(&changes.removed),
        }
    }

    /// Classifies a ticket's title and description, or a note's text.
    pub fn classify(&self, title: &str, body: &str) -> Verdict {
        let text = normalise(&format!("{title} . {body}"));
        let words = words(&text);
        let mut findings = Vec::new();
        for rule in RULES {
            if let Some(matched) = self.fires(rule, &words) {
                findings.push(Finding {
                    reason: rule.reason,
                    rule: rule.id.into(),
                    matched,
                });
            }
        }
        for phrase in &self.added {
            let pattern: Vec<&str> = phrase.split(' ').collect();
            if !find(&pattern, &words).is_empty() {
                findings.push(Finding {
                    reason: Reason::CustomPhrase,
                    rule: "custom".into(),
                    matched: phrase.clone(),
                });
            }
        }
        Verdict { findings }
    }

    fn fires(&self, rule: &Rule, words: &[&str]) -> Option<String> {
        let firsts = self.occurrences(rule.first, words);
        let unless = self.occurrences(rule.unless, words);
        let thens = self.occurrences(rule.then, words);
        for &(at, len) in &firsts {
            let suppressed = unless.iter().any(|&(u, ulen)| {
                rule.unless_window == 0 || gap(at, len, u, ulen) <= rule.unless_window
            });
            if suppressed {
                continue;
            }
            if rule.then.is_empty() {
                return Some(words[at..at + len].join(" "));
            }
            let near = thens.iter().find(|&&(t, tlen)| {
                !(t < at + len && at < t + tlen) && gap(at, len, t, tlen) <= rule.window
            });
            if let Some(&(t, tlen)) = near {
                let (from, to) = (at.min(t), (at + len).max(t + tlen));
                return Some(words[from..to].join(" "));
            }
        }
        None
    }

    /// Every (start, length) where one of `terms` occurs, except terms the MSP removed.
    fn occurrences(&self, terms: &[&str], words: &[&str]) -> Vec<(usize, usize)> {
        terms
            .iter()
            .filter(|term| !self.removed.iter().any(|r| r == term.trim_end_matches('*')))
            .flat_map(|term| {
                let pattern: Vec<&str> = term.split(' ').collect();
                find(&pattern, words)
                    .into_iter()
                    .map(move |at| (at, pattern.len()))
            })
            .collect()
    }
}

/// Words strictly between two spans (0 when they touch or overlap).
fn gap(a: usize, alen: usize, b: usize, blen: usize) -> usize {
    if a + alen <= b {
        b - (a + alen)
    } else {
        a.saturating_sub(b + blen)
    }
}

fn find(pattern: &[&str], words: &[&str]) -> Vec<usize> {
    if pattern.is_empty() || pattern.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - pattern.len())
        .filter(|&at| {
            pattern
                .iter()
                .zip(&words[at..])
                .all(|(p, w)| word_matches(p, w))
        })
        .collect()
}

/// Words this long tolerate one typo (a swap counts as one); shorter ones would confuse
/// "unable" with "enable".
const FUZZY_FROM: usize = 7;

/// `*` is a prefix match (with one typo allowed in a long prefix); other long words tolerate one
/// typo too.
fn word_matches(pattern: &str, word: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix('*') {
        if word.starts_with(prefix) {
            return true;
        }
        let wanted = prefix.chars().count();
        // The typo may have dropped or doubled a letter of the prefix.
        return wanted >= FUZZY_FROM
            && (wanted - 1..=wanted + 1).any(|n| {
                let head: String = word.chars().take(n).collect();
                head.chars().count() == n && osa_distance(prefix, &head) <= 1
            });
    }
    pattern == word
        || (pattern.chars().count() >= FUZZY_FROM
            && word.chars().count() + 1 >= FUZZY_FROM
            && osa_distance(pattern, word) <= 1)
}

#[cfg(test)]
mod tests;
