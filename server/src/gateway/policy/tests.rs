//! The policy × mode table.

use super::*;

const NOTE: &str = PLAN_NOTE_TOOL;
const UPDATE: &str = "autotask:autotask-update-ticket";
const PUBLIC: &str = "autotask:autotask-public-note";
const GET: &str = "autotask:autotask-get-ticket";
const TRIAGE: &str = "autotask:autotask-triage-ticket";

fn fresh() -> Progress {
    Progress {
        plan_note_posted: false,
    }
}

fn posted() -> Progress {
    Progress {
        plan_note_posted: true,
    }
}

#[test]
fn plan_mode_reads_then_writes_exactly_one_internal_note() {
    let p = Policies::defaults();
    assert_eq!(decide(&p, ClientMode::Plan, GET, fresh()), Decision::Run);
    assert_eq!(decide(&p, ClientMode::Plan, NOTE, fresh()), Decision::Run);
    assert_eq!(
        decide(&p, ClientMode::Plan, NOTE, posted()),
        Decision::Refuse(Refusal::PlanNoteAlreadyPosted)
    );
    assert_eq!(
        decide(&p, ClientMode::Plan, TRIAGE, posted()),
        Decision::Refuse(Refusal::PlanModeWrite)
    );
    assert_eq!(
        decide(&p, ClientMode::Plan, UPDATE, posted()),
        Decision::Refuse(Refusal::PlanModeWrite)
    );
}

#[test]
fn public_note_is_blocked_in_plan_mode_even_when_auto() {
    let p = Policies::with_overrides([(PUBLIC.to_string(), ToolPolicy::Auto)]);
    assert_eq!(
        decide(&p, ClientMode::Plan, PUBLIC, posted()),
        Decision::Refuse(Refusal::PublicNoteInPlanMode)
    );
    assert_eq!(
        decide(&p, ClientMode::Execute, PUBLIC, posted()),
        Decision::Run
    );
}

#[test]
fn execute_mode_follows_each_policy_after_the_plan_note() {
    let p = Policies::defaults();
    assert_eq!(
        decide(&p, ClientMode::Execute, TRIAGE, fresh()),
        Decision::Refuse(Refusal::PlanNoteFirst)
    );
    assert_eq!(
        decide(&p, ClientMode::Execute, NOTE, fresh()),
        Decision::Run
    );
    assert_eq!(
        decide(&p, ClientMode::Execute, TRIAGE, posted()),
        Decision::Run
    );
    assert_eq!(
        decide(&p, ClientMode::Execute, UPDATE, posted()),
        Decision::NeedsApproval
    );
    assert_eq!(
        decide(&p, ClientMode::Execute, PUBLIC, posted()),
        Decision::Refuse(Refusal::Disabled)
    );
}

#[test]
fn a_disabled_tool_is_refused_in_every_mode_and_never_offered() {
    let p = Policies::with_overrides([(GET.to_string(), ToolPolicy::Disabled)]);
    for mode in [ClientMode::Plan, ClientMode::Execute] {
        assert_eq!(
            decide(&p, mode, GET, posted()),
            Decision::Refuse(Refusal::Disabled)
        );
        assert!(offered(&p, mode, fresh()).iter().all(|t| t.name != GET));
    }
}

#[test]
fn unknown_names_are_refused_and_unknown_overrides_ignored() {
    let p = Policies::with_overrides([(
        "autotask:autotask-delete-everything".into(),
        ToolPolicy::Auto,
    )]);
    assert_eq!(p, Policies::defaults());
    assert_eq!(
        decide(
            &p,
            ClientMode::Execute,
            "autotask:autotask-delete-everything",
            posted()
        ),
        Decision::Refuse(Refusal::UnknownTool)
    );
}

#[test]
fn plan_mode_offers_reads_and_the_note_until_it_is_posted() {
    let p = Policies::defaults();
    let names = |progress| -> Vec<&str> {
        offered(&p, ClientMode::Plan, progress)
            .iter()
            .map(|t| t.name)
            .collect()
    };
    assert!(names(fresh()).contains(&NOTE));
    assert!(!names(posted()).contains(&NOTE));
    assert!(!names(fresh()).contains(&UPDATE));
    assert!(!names(fresh()).contains(&PUBLIC));
    let execute: Vec<_> = offered(&p, ClientMode::Execute, fresh())
        .iter()
        .map(|t| t.name)
        .collect();
    assert!(execute.contains(&UPDATE));
    assert!(!execute.contains(&PUBLIC));
}
