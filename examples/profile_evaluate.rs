//! Evaluates the realistic fixture N times (default 2,000), for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile_evaluate 4000`. Prints the
//! allocations per evaluation (result included), counted by a wrapper around the system allocator.

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
