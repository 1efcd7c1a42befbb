//! The connection test's findings in plain words, one line per point.

use crate::agent::brain::openai::ProbeReport;
use crate::store::BrainSettingsRecord;
use app::states::BrainKind;
use app::wire::BrainTestView;

pub(super) fn view(
    p: &ProbeReport,
    record: &BrainSettingsRecord,
    tested_at: String,
) -> BrainTestView {
    let yes_no = |ok: bool, yes: &str, no: &str| {
        format!(
            "{} {}",
            if ok { "✓" } else { "✗" },
            if ok { yes } else { no }
        )
    };
    let mut lines = vec![yes_no(
        p.reachable,
        &format!("Reached {}.", record.base_url),
        "Could not reach the endpoint.",
    )];
    if p.reachable {
        lines.push(yes_no(
            p.auth_ok,
            "The API key was accepted.",
            "The endpoint refused the API key.",
        ));
    }
    if p.reachable && p.auth_ok {
        lines.push(yes_no(
            p.tool_calls,
            &format!("Model {} answered with a tool call.", record.model),
            &format!("Model {} did not answer with a tool call.", record.model),
        ));
        lines.push(match p.tool_choice {
            Some(true) => "✓ tool_choice is accepted.".to_string(),
            Some(false) => {
                "✗ tool_choice was refused: untick \"supports tool_choice\".".to_string()
            }
            None => "– tool_choice is off, so it was not sent.".to_string(),
        });
    }
    if let Some(problem) = &p.problem {
        lines.push(format!("Details: {problem}"));
    }
    if record.kind == BrainKind::Rules {
        lines
            .push("The rule agent is still in use: choose the endpoint and save to switch.".into());
    }
    BrainTestView {
        ok: p.ok(),
        lines,
        tested_at,
    }
}
