//! `server audit verify [--msp ID] [settings flags]`: verifies the activity chain of one MSP (or
//! of every MSP with activity) in the configured database, with the configured master key, and
//! prints one line per MSP. Exit status 0 when all verify, 1 when any is broken, 2 on a usage or
//! configuration error.

use crate::config::{Load, Settings};
use crate::crypto::{AuditKey, MasterKey};
use app::ids::MspId;
use std::process::ExitCode;

const USAGE: &str = "usage: server audit verify [--msp ID] [--config FILE] [--data-dir DIR] [--database-url URL] ...\n\
Verifies the tamper-evident activity chain: every entry's hash and link, and every signed\n\
checkpoint. Prints \"OK through seq N\" or the first broken entry and why, per MSP.";

/// `args` are the arguments after `audit`.
pub async fn main(args: Vec<String>) -> ExitCode {
    let mut args = args.into_iter();
    if args.next().as_deref() != Some("verify") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let (msp, rest) = match take_msp(args.collect()) {
        Ok(split) => split,
        Err(e) => {
            eprintln!("relay: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let settings = match Settings::load(rest, |k| std::env::var(k).ok()) {
        Ok(Load::Run(s)) => s,
        Ok(Load::Help(_)) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("relay: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match verify_all(&settings, msp).await {
        Ok(lines) => {
            let mut broken = false;
            for (msp, ok, line) in lines {
                broken |= !ok;
                println!("MSP {msp}: {line}");
            }
            if broken {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("relay: {e}");
            ExitCode::from(2)
        }
    }
}

/// Splits `--msp ID` / `--msp=ID` off the settings flags.
fn take_msp(args: Vec<String>) -> Result<(Option<MspId>, Vec<String>), String> {
    let mut msp = None;
    let mut rest = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--msp") {
            Some("") => args.next(),
            Some(v) if v.starts_with('=') => Some(v[1..].to_string()),
            _ => {
                rest.push(arg);
                continue;
            }
        };
        let id = value
            .and_then(|v| v.parse::<MspId>().ok())
            .ok_or("--msp needs the MSP's numeric id")?;
        msp = Some(id);
    }
    Ok((msp, rest))
}

/// (MSP, verified, report line) for `msp`, or for every MSP with activity.
pub async fn verify_all(
    settings: &Settings,
    msp: Option<MspId>,
) -> Result<Vec<(MspId, bool, String)>, String> {
    let key = AuditKey::derive(&MasterKey::from_settings(settings).map_err(|e| e.to_string())?);
    let store = crate::store::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let msps = match msp {
        Some(id) => vec![id],
        None => store
            .msps_with_activity()
            .await
            .map_err(|e| e.to_string())?,
    };
    let mut out = Vec::new();
    for id in msps {
        let report = super::verify::verify(&store, &key, id)
            .await
            .map_err(|e| e.to_string())?;
        out.push((id, report.is_ok(), report.summary()));
    }
    if out.is_empty() {
        out.push((MspId::default(), true, "no activity yet".to_string()));
    }
    Ok(out)
}
