//! Evaluates the realistic fixture N times (default 2,000), for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile_evaluate 4000`. Prints the
//! allocations per evaluation (result included), counted by a wrapper around the system allocator.
//! `profile_evaluate N batch` times `evaluate_many_json` over 10,000 tickets instead,
//! `profile_evaluate N fresh` the same over 10,000 tickets at creation (no events, as
//! `benches/js/compare.mjs` makes them), and `profile_evaluate N parts` times each step of one
//! batch entry.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../benches/fixtures/realistic.json")).unwrap();
    let p = escalon::Policy::from_value(&doc["policy"]).unwrap();
    let t = escalon::Ticket::from_value(&doc["ticket"]).unwrap();
    let now = escalon::parse_instant(doc["now"].as_str().unwrap()).unwrap();
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    if std::env::args().nth(2).as_deref() == Some("batch") {
        return batch(&p, &doc, now, n, false);
    }
    if std::env::args().nth(2).as_deref() == Some("fresh") {
        return batch(&p, &doc, now, n, true);
    }
    if std::env::args().nth(2).as_deref() == Some("parts") {
        return parts(&p, &doc, now, n);
    }
    let mut k = 0;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..n {
        k += p.evaluate(&t, now).unwrap().metrics.len();
    }
    let per = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / n as f64;
    println!("{k} metrics reported; {per:.1} allocations (and reallocations) per evaluation");
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..n {
        k += escalon::Ticket::from_value(&doc["ticket"]).unwrap().events.len();
    }
    let per = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / n as f64;
    println!("{k}; {per:.1} allocations per ticket read (Ticket::from_value)");
}

/// `profile_evaluate N batch`: N passes of `evaluate_many_json` over 10,000 copies of the
/// fixture's ticket, without traces, as the JS benchmark's evaluateMany runs it; with `fresh`,
/// over tickets at creation: status new, no events, created 0 to 499 minutes before `now`.
fn batch(
    p: &escalon::Policy,
    doc: &serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
    n: usize,
    fresh: bool,
) {
    let tickets: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            let mut t = doc["ticket"].clone();
            t["id"] = format!("B-{i}").into();
            if fresh {
                t["status"] = "new".into();
                t["events"] = serde_json::json!([]);
                let created = now - chrono::Duration::minutes(i64::from(i % 500));
                t["createdAt"] = escalon::format_instant(created).into();
            }
            t
        })
        .collect();
    let text = serde_json::to_string(&tickets).unwrap();
    let options = escalon::EvaluateOptions { trace: false };
    let start = std::time::Instant::now();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut k = 0;
    for _ in 0..n {
        k += p.evaluate_many_json(&text, now, options).unwrap().len();
    }
    let per = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / (n * 10_000) as f64;
    let us = start.elapsed().as_secs_f64() * 1e6 / (n * 10_000) as f64;
    let what = if fresh { "tickets at creation" } else { "the fixture's ticket" };
    println!(
        "{k} bytes; {us:.2} us and {per:.1} allocations per ticket (evaluate_many_json, no traces, {what})"
    );
}

/// `profile_evaluate N parts`: the time of each step of a batch entry, one ticket N times.
fn parts(p: &escalon::Policy, doc: &serde_json::Value, now: chrono::DateTime<chrono::Utc>, n: usize) {
    let text = doc["ticket"].to_string();
    let time = |what: &str, f: &mut dyn FnMut() -> usize| {
        let start = std::time::Instant::now();
        let mut k = 0;
        for _ in 0..n {
            k += f();
        }
        println!("{what}: {:.2} us ({k})", start.elapsed().as_secs_f64() * 1e6 / n as f64);
    };
    time("Ticket::from_json", &mut || escalon::Ticket::from_json(&text).unwrap().events.len());
    time("JSON text -> Value -> Ticket", &mut || {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        escalon::Ticket::from_value(&v).unwrap().events.len()
    });
    let t = escalon::Ticket::from_json(&text).unwrap();
    time("evaluate", &mut || p.evaluate(&t, now).unwrap().metrics.len());
    let mut e = p.evaluate(&t, now).unwrap();
    e.clear_traces();
    time("answer to JSON (no traces)", &mut || serde_json::to_string(&e).unwrap().len());
    time("drop an evaluation", &mut || {
        let e = p.evaluate(&t, now).unwrap();
        let k = e.metrics.len();
        drop(e);
        k
    });
}
