//! The link pages as plain HTML (no script, no wasm): every value is escaped on the way in.
//! One small page frame; the neutral page is one constant so it cannot differ by case.

use super::view::{LinkDecision, OutcomeView, PlanPage};
use std::fmt::Write;

/// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page frame; `body` must already be escaped HTML.
pub fn frame(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{} · Relay</title>\
         <link rel=\"stylesheet\" href=\"/pkg/relay.css\"></head>\
         <body class=\"min-h-screen bg-slate-50 text-slate-900 antialiased\">\
         <main class=\"mx-auto max-w-2xl p-6\" data-testid=\"approval-page\">{}</main></body></html>",
        escape(title),
        body
    )
}

/// Unknown, used and expired links: one page, byte for byte, so none can be told apart.
pub fn neutral() -> String {
    frame(
        "Link not valid",
        "<h1 class=\"text-xl font-semibold\" data-testid=\"approval-neutral\">This link is not valid</h1>\
         <p class=\"mt-2\">It may have been used already, expired, or never existed. \
         Decide by replying on the ticket, or ask for a new plan.</p>",
    )
}

/// The pending plan: ticket, client, steps with before → after, approver, expiry, state.
pub fn plan_summary(plan: &PlanPage) -> String {
    let mut out = String::new();
    let ticket = match &plan.ticket_url {
        Some(url) => format!(
            "<a class=\"text-indigo-700 underline\" href=\"{}\" rel=\"noreferrer noopener\" target=\"_blank\">{}</a>",
            escape(url),
            escape(&plan.ticket_number)
        ),
        None => escape(&plan.ticket_number),
    };
    let _ = write!(
        out,
        "<h1 class=\"text-xl font-semibold\">Approval requested: plan <span data-testid=\"plan-code\">{}</span></h1>\
         <dl class=\"mt-4 grid grid-cols-3 gap-1 text-sm\">\
         <dt class=\"text-slate-500\">Ticket</dt><dd class=\"col-span-2\" data-testid=\"ticket\">{} {}</dd>\
         <dt class=\"text-slate-500\">Client</dt><dd class=\"col-span-2\" data-testid=\"client\">{}</dd>\
         <dt class=\"text-slate-500\">Who may decide</dt><dd class=\"col-span-2\" data-testid=\"approver\">{}</dd>\
         <dt class=\"text-slate-500\">Expires</dt><dd class=\"col-span-2\">{}</dd>\
         <dt class=\"text-slate-500\">State</dt><dd class=\"col-span-2\" data-testid=\"plan-state\">{}</dd></dl>",
        escape(&plan.plan_code),
        ticket,
        escape(&plan.ticket_title),
        escape(&plan.client_name),
        escape(plan.approver.as_deref().unwrap_or("no technician assigned yet")),
        escape(&plan.expires_at),
        escape(&plan.state),
    );
    out.push_str("<h2 class=\"mt-6 font-semibold\">Steps</h2><ol class=\"mt-2 list-decimal space-y-2 pl-6\" data-testid=\"steps\">");
    for step in &plan.steps {
        let _ = write!(out, "<li><p>{}</p>", escape(&step.summary));
        if !step.changes.is_empty() {
            out.push_str("<ul class=\"text-sm text-slate-700\">");
            for c in &step.changes {
                let _ = write!(
                    out,
                    "<li data-field=\"{}\">{}: <s>{}</s> → <strong>{}</strong></li>",
                    escape(&c.field),
                    escape(&c.field),
                    escape(&c.before),
                    escape(&c.after)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

/// Hidden fields every form on the page carries: the anti-forgery value and its time.
pub fn guard_fields(issued_at: i64, mac: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"ts\" value=\"{issued_at}\"><input type=\"hidden\" name=\"mac\" value=\"{}\">",
        escape(mac)
    )
}

/// The button for `decision` (a deny also takes a reason) and the other decision as a link.
pub fn decision_form(token: &str, decision: LinkDecision, guard: &str, note: &str) -> String {
    let reason = match decision {
        LinkDecision::Deny => "<label class=\"block text-sm\" for=\"reason\">Reason (optional)</label>\
             <textarea id=\"reason\" name=\"reason\" maxlength=\"500\" class=\"block w-full rounded-md border border-slate-300 px-3 py-2\"></textarea>",
        LinkDecision::Approve => "",
    };
    format!(
        "<form method=\"post\" action=\"/{d}/{t}\" class=\"mt-6 space-y-2\" data-testid=\"decision-form\">{guard}{reason}\
         <p class=\"text-sm text-slate-600\">{note}</p>\
         <button type=\"submit\" class=\"rounded-md bg-indigo-600 px-4 py-2 font-medium text-white\" data-testid=\"decide\">{verb}</button></form>\
         <p class=\"mt-3 text-sm\"><a class=\"text-indigo-700 underline\" href=\"/{o}/{t}\" data-testid=\"other-decision\">{other} instead</a></p>",
        d = decision.as_str(),
        t = escape(token),
        verb = decision.verb(),
        o = decision.other().as_str(),
        other = decision.other().verb(),
        note = escape(note),
    )
}

/// The form for the mailed code (and a way to ask for another).
pub fn code_form(
    token: &str,
    decision: LinkDecision,
    guard: &str,
    message: &str,
    reason: &str,
) -> String {
    format!(
        "<div role=\"status\" class=\"mt-6 rounded-md border border-slate-200 bg-white p-3 text-sm\" data-testid=\"code-message\">{message}</div>\
         <form method=\"post\" action=\"/{d}/{t}\" class=\"mt-4 space-y-2\" data-testid=\"code-form\">{guard}\
         <input type=\"hidden\" name=\"reason\" value=\"{reason}\">\
         <label class=\"block text-sm font-medium\" for=\"code\">One-time code</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{{6}}\" maxlength=\"6\" required \
         class=\"block w-40 rounded-md border border-slate-300 px-3 py-2\">\
         <button type=\"submit\" class=\"rounded-md bg-indigo-600 px-4 py-2 font-medium text-white\" data-testid=\"confirm-code\">{verb}</button></form>",
        d = decision.as_str(),
        t = escape(token),
        verb = decision.verb(),
        message = escape(message),
        reason = escape(reason),
    )
}

/// A plain notice on the page (refusals, the reply instructions, locks).
pub fn notice(testid: &str, message: &str) -> String {
    format!(
        "<div role=\"alert\" class=\"mt-6 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm\" data-testid=\"{}\">{}</div>",
        escape(testid),
        escape(message)
    )
}

/// What was decided, by whom, when.
pub fn outcome(code: &str, o: &OutcomeView) -> String {
    let what = match o.state.as_str() {
        "approved" => "was approved",
        "denied" => "was denied",
        "expired" => "expired without a decision",
        "superseded" => "was replaced by a newer plan; its links no longer work",
        "cancelled" => "was cancelled by an administrator",
        _ => "is no longer pending",
    };
    let mut out = format!(
        "<h1 class=\"text-xl font-semibold\">Plan {}</h1><p class=\"mt-2\" data-testid=\"approval-outcome\" data-state=\"{}\">This plan {}",
        escape(code),
        escape(&o.state),
        what
    );
    if let Some(by) = &o.by {
        let _ = write!(out, " by {}", escape(by));
    }
    if let Some(channel) = &o.channel {
        let _ = write!(out, " (by {})", escape(channel));
    }
    if let Some(at) = &o.at {
        let _ = write!(out, " on {}", escape(at));
    }
    out.push_str(".</p>");
    if let Some(reason) = o.reason.as_deref().filter(|r| !r.is_empty()) {
        let _ = write!(
            out,
            "<p class=\"mt-2 text-sm\">Reason: {}</p>",
            escape(reason)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn hostile_plan_text_stays_text() {
        let plan = PlanPage {
            ticket_number: "T2026.0001".into(),
            ticket_title: "<script>alert(1)</script>".into(),
            ticket_url: Some("https://example.test/\"onmouseover=x".into()),
            client_name: "A&B".into(),
            plan_code: "R-7K2Q".into(),
            steps: vec![super::super::view::StepView {
                summary: "Set <b>status</b>".into(),
                changes: vec![super::super::view::FieldChange {
                    field: "status".into(),
                    before: "New".into(),
                    after: "<img src=x>".into(),
                }],
            }],
            approver: None,
            expires_at: "soon".into(),
            state: "pending".into(),
        };
        let html = plan_summary(&plan);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("\"onmouseover"), "{html}");
        assert!(html.contains("A&amp;B"));
        assert!(html.contains("no technician assigned yet"));
    }
}
