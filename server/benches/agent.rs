//! Agent benchmarks (plain `main`, run with `cargo bench -p server --bench agent`) on SQLite
//! against the in-process simulator: (a) the gateway's own cost per tool call (decide, journal,
//! activity entry) with Autotask's time taken out, (b) 1,000 tickets woken at once and worked by
//! the rule agent through the runner: sessions per second, Autotask requests per session, peak
//! RSS, and (c) wake-to-first-note latency with the runner polling as in production.

/// The test tree's store reads and client seeding (not product methods).
#[allow(dead_code)]
#[path = "../tests/it/store/queries.rs"]
mod queries;

mod support;

use app::ids::TicketId;
use app::states::{ClientMode, SessionStatus};
use serde_json::json;
use server::agent::chat::ToolCall;
use server::agent::runner::{Runner, RunnerConfig};
use server::gateway::policy::{Policies, Progress};
use server::gateway::tools::{run as run_tool, ToolEnv};
use server::gateway::{CallContext, Gateway};
use std::time::{Duration, Instant};
use support::{bench_app, pct, Bench};

const GATEWAY_CALLS: usize = 2_000;
const SWARM: usize = 1_000;
const LATENCY_SAMPLES: usize = 100;
const GET_TICKET: &str = "autotask:autotask-get-ticket";

/// (a) Each round runs the read tool directly, then through `Gateway::call`. The gateway's
/// overhead is the call's time minus the time its own tool run took (`CallOutcome::tool_time`,
/// the same simulator request inside the same call); the call minus the separate direct run is
/// printed beside it, which also carries the difference between two simulator requests.
async fn gateway_overhead(b: &Bench) {
    let ticket = b.ticket(0);
    let session = b.wake(ticket).await;
    let tenant = b.tenant().await;
    let gateway = Gateway::new(b.state.store.clone());
    let policies = Policies::defaults();
    let progress = Progress {
        plan_note_posted: false,
    };
    let arguments = json!({ "ticketId": ticket });
    let (mut direct, mut through, mut overhead, mut outside) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Per slow call: its overhead and how long this process's threads sat runnable but off
    // the CPU meanwhile (another thread or process had it).
    let mut slow_waits: Vec<(Duration, Duration)> = Vec::new();
    for i in 0..GATEWAY_CALLS {
        let env = ToolEnv {
            tenant: &tenant,
            ticket_id: TicketId(ticket),
            company_id: None,
            relay_ref: "RLY-bench",
        };
        let started = Instant::now();
        run_tool(GET_TICKET, &arguments, &env).await.unwrap();
        let d = started.elapsed();
        let ctx = CallContext {
            msp_id: b.msp,
            client_id: b.client,
            session_id: session,
            ticket_id: TicketId(ticket),
            company_id: None,
            mode: ClientMode::Plan,
            turn: i as i64 + 1,
            call_index: 0,
            tenant: &tenant,
        };
        let call = ToolCall {
            id: format!("call_{i}"),
            name: GET_TICKET.into(),
            arguments: arguments.clone(),
        };
        let waited_before = runqueue_wait();
        let started = Instant::now();
        let outcome = gateway
            .call(&ctx, &policies, progress, &call)
            .await
            .unwrap();
        let g = started.elapsed();
        let waited = runqueue_wait().saturating_sub(waited_before);
        assert!(
            outcome.tool_time > Duration::ZERO,
            "the tool ran inside the call"
        );
        let own = g.saturating_sub(outcome.tool_time);
        if own > Duration::from_millis(1) {
            slow_waits.push((own, waited));
        }
        direct.push(d);
        through.push(g);
        overhead.push(own);
        outside.push(g.saturating_sub(d));
    }
    for v in [&mut direct, &mut through, &mut overhead, &mut outside] {
        v.sort();
    }
    let over = |v: &[Duration]| v.iter().filter(|d| **d > Duration::from_millis(1)).count();
    println!(
        "(a) {GATEWAY_CALLS} get-ticket calls, SQLite: direct tool p50 {:.3} ms p99 {:.3} ms; \
         through Gateway::call p50 {:.3} ms p99 {:.3} ms; gateway overhead per call (the call \
         minus its own tool run) p50 {:.3} ms p90 {:.3} ms p99 {:.3} ms max {:.3} ms, {} of \
         {GATEWAY_CALLS} over 1 ms (goal p99 < 1 ms); the call minus the separate direct run \
         p50 {:.3} ms p99 {:.3} ms ({} over 1 ms)",
        pct(&direct, 0.5),
        pct(&direct, 0.99),
        pct(&through, 0.5),
        pct(&through, 0.99),
        pct(&overhead, 0.5),
        pct(&overhead, 0.9),
        pct(&overhead, 0.99),
        pct(&overhead, 1.0),
        over(&overhead),
        pct(&outside, 0.5),
        pct(&outside, 0.99),
        over(&outside),
    );
    let explained = slow_waits
        .iter()
        .filter(|(over, waited)| *waited * 2 >= *over)
        .count();
    let mut waits: Vec<Duration> = slow_waits.iter().map(|(_, w)| *w).collect();
    waits.sort();
    if !waits.is_empty() {
        println!(
            "(a) of the {} calls over 1 ms, {explained} spent at least half their overhead \
             runnable but off the CPU (median wait {:.3} ms): the machine's other load, not \
             Relay's work",
            waits.len(),
            pct(&waits, 0.5),
        );
    }
}

/// Total time this process's threads have waited runnable for a CPU (Linux schedstat).
fn runqueue_wait() -> Duration {
    let mut total = 0u64;
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            total += stat
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    Duration::from_nanos(total)
}

/// Where the tail of (a) sits: the same number of SQLite round trips that write nothing, and
/// of minimal write transactions, on the same pool and machine.
async fn store_floor(b: &Bench) {
    let server::store::Pool::Sqlite(pool) = b.state.store.writer() else {
        return;
    };
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for i in 0..GATEWAY_CALLS {
        let started = Instant::now();
        sqlx::query("SELECT 1").execute(pool).await.unwrap();
        reads.push(started.elapsed());
        let started = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("UPDATE activity_heads SET updated_at = $1 WHERE msp_id = $2")
            .bind(i as i64)
            .bind(b.msp.get())
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        writes.push(started.elapsed());
    }
    reads.sort();
    writes.sort();
    let over = |v: &[Duration]| v.iter().filter(|d| **d > Duration::from_millis(1)).count();
    println!(
        "(a) floor: one SQLite round trip writing nothing p50 {:.3} ms p99 {:.3} ms ({} of \
         {GATEWAY_CALLS} over 1 ms); one minimal write transaction p50 {:.3} ms p99 {:.3} ms \
         ({} over 1 ms)",
        pct(&reads, 0.5),
        pct(&reads, 0.99),
        over(&reads),
        pct(&writes, 0.5),
        pct(&writes, 0.99),
        over(&writes),
    );
}

fn vm(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

/// (b) `SWARM` tickets raised at once, each woken, then the runner (production settings) works
/// them until none has unread input.
async fn swarm(b: &Bench) {
    let tickets: Vec<i64> = (0..SWARM).map(|i| b.ticket(i + 1)).collect();
    // Resets the peak RSS so it is this part's (Linux: "5" clears VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    b.sim.reset_request_count();
    let started = Instant::now();
    let mut sessions = Vec::with_capacity(SWARM);
    for t in &tickets {
        sessions.push(b.wake(*t).await);
    }
    let runner = Runner::new(&b.state, RunnerConfig::from_settings(&b.state.settings));
    while runner.run_once().await > 0 {}
    let secs = started.elapsed().as_secs_f64();
    let requests = b.sim.request_count();
    let store = &b.state.store;
    let mut idle = 0;
    for s in &sessions {
        let state = store.agent_session_state(*s).await.unwrap().unwrap();
        idle += usize::from(state.status == SessionStatus::Idle);
    }
    let noted = tickets
        .iter()
        .filter(|t| b.sim.notes(**t).len() == 1)
        .count();
    println!(
        "(b) {SWARM} tickets woken at once, rule agent, runner concurrency {}: {idle} sessions \
         finished (idle), {noted} tickets with exactly one note, {secs:.2}s = {:.1} sessions/s; \
         {:.2} Autotask requests per session; peak RSS (VmHWM, Relay and simulator in one \
         process) {:.1} MiB, VmRSS now {:.1} MiB (goals: all finished, <= 6 requests, < 150 MiB)",
        b.state.settings.agent_runner_concurrency,
        SWARM as f64 / secs,
        requests as f64 / SWARM as f64,
        vm("VmHWM:") as f64 / 1024.0,
        vm("VmRSS:") as f64 / 1024.0,
    );
}

/// (c) One wake at a time with the runner running in the background as production runs it
/// (woken by the wake, as the pipeline worker wakes it); the time from the wake until the note
/// is on the simulated ticket.
async fn wake_to_note(b: &Bench, poll: Duration, label: &str) {
    let mut config = RunnerConfig::from_settings(&b.state.settings);
    config.poll = poll;
    // Untimed: input left by the earlier parts (the session (a) journalled 2,000 calls into).
    let drain = Runner::new(&b.state, config.clone());
    while drain.run_once().await > 0 {}
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(Runner::new(&b.state, config).run(stopped));
    let mut lat = Vec::with_capacity(LATENCY_SAMPLES);
    for i in 0..LATENCY_SAMPLES {
        let ticket = b.ticket(10_000 + i);
        // A wake lands anywhere in the runner's poll cycle, not right after its last run.
        let phase = (uuid::Uuid::new_v4().as_u128() % 300) as u64;
        tokio::time::sleep(Duration::from_millis(phase)).await;
        let started = Instant::now();
        b.wake(ticket).await;
        while b.sim.notes(ticket).is_empty() {
            assert!(started.elapsed() < Duration::from_secs(30), "no note");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        lat.push(started.elapsed());
    }
    let _ = stop.send(true);
    let _ = running.await;
    lat.sort();
    println!(
        "(c) wake-to-first-note over {LATENCY_SAMPLES} sessions, {label}: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms",
        pct(&lat, 0.5),
        pct(&lat, 0.9),
        pct(&lat, 0.99)
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let b = bench_app().await;
        swarm(&b).await;
        gateway_overhead(&b).await;
        store_floor(&b).await;
        wake_to_note(
            &b,
            Duration::from_millis(250),
            "runner woken at once, 250 ms poll as the safety net (production)",
        )
        .await;
        wake_to_note(
            &b,
            Duration::from_millis(5),
            "runner polling every 5 ms (work alone)",
        )
        .await;
        b.sim.shutdown();
    });
}
