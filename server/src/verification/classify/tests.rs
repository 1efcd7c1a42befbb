//! The classifier against the committed labelled set, and the admin's phrase changes.

use super::*;

const LABELLED: &str = include_str!("../../../tests/data/sensitive-tickets.tsv");

fn labelled() -> Vec<(bool, &'static str, &'static str)> {
    LABELLED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let label = cols.next().unwrap();
            let (title, body) = (cols.next().unwrap(), cols.next().unwrap_or(""));
            assert!(label == "S" || label == "-", "bad label in {line:?}");
            (label == "S", title, body)
        })
        .collect()
}

/// Precision and recall on the labelled set; the README reports what this prints.
#[test]
fn meets_the_recall_and_precision_goals_on_the_labelled_set() {
    let set = labelled();
    assert!(set.len() >= 150, "at least 150 labelled tickets");
    let classifier = Classifier::default();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for (sensitive, title, body) in &set {
        let verdict = classifier.classify(title, body);
        match (sensitive, verdict.sensitive()) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                wrong.push(format!("false alarm: {title} -> {:?}", verdict.reason()));
            }
            (true, false) => {
                fn_ += 1;
                wrong.push(format!("missed: {title}"));
            }
            (false, false) => {}
        }
    }
    let recall = tp as f64 / (tp + fn_) as f64;
    let precision = tp as f64 / (tp + fp) as f64;
    println!(
        "labelled set: {} tickets ({} sensitive); recall {recall:.3}, precision {precision:.3}",
        set.len(),
        tp + fn_
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(recall >= 0.98, "recall {recall:.3}: {wrong:#?}");
    assert!(precision >= 0.9, "precision {precision:.3}: {wrong:#?}");
}

#[test]
fn says_why() {
    let verdict = Classifier::default().classify("Locked out", "I'm locked out of my account");
    assert_eq!(verdict.findings[0].reason, Reason::AccountUnlock);
    assert!(verdict.reason().unwrap().contains("locked out"));
}

#[test]
fn a_person_s_password_next_to_the_wifi_one_is_still_sensitive() {
    let c = Classifier::default();
    assert!(!c
        .classify("Guest wifi password", "what is the guest wifi password")
        .sensitive());
    assert!(c
        .classify(
            "Two things",
            "Please reset my password. Also, what is the guest wifi password?"
        )
        .sensitive());
}

#[test]
fn admins_add_and_remove_phrases() {
    let plain = Classifier::default();
    assert!(!plain
        .classify("Payroll change", "change my bank details for payroll")
        .sensitive());
    assert!(plain
        .classify("Duo", "Duo push stopped working")
        .sensitive());
    let custom = Classifier::new(&PhraseChanges {
        added: vec!["Bank details".into()],
        removed: vec!["duo".into()],
    });
    let verdict = custom.classify("Payroll change", "change my bank details for payroll");
    assert_eq!(verdict.findings[0].reason, Reason::CustomPhrase);
    assert!(!custom
        .classify("Duo", "Duo push stopped working")
        .sensitive());
}

#[test]
fn the_brain_may_add_a_flag_but_never_remove_one() {
    let c = Classifier::default();
    let flagged = c.classify("Password reset", "forgot my password");
    assert!(flagged.clone().with_brain_opinion(false, "").sensitive());
    let plain = c.classify("Printer", "printer offline");
    assert!(!plain.clone().with_brain_opinion(false, "").sensitive());
    let added = plain.with_brain_opinion(true, "asks to change the payroll bank account");
    assert_eq!(added.findings[0].reason, Reason::Brain);
}

#[test]
fn typos_and_odd_characters_do_not_panic_or_hide_a_request() {
    let c = Classifier::default();
    assert!(c.classify("pasword rset", "forgott my pasword").sensitive());
    let _ = c.classify("ñññññ øøøøø 漢字漢字漢字", "€€€ — “quotes” ✓");
    assert!(!c.classify("", "").sensitive());
}
