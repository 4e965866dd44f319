//! Conformance runner: one JSON request per line on stdin, one JSON response per line on stdout.
//!
//! ```text
//! cargo run --release --example conformance < requests.jsonl
//! ```
//!
//! The protocol is documented in `escalon::request`. A malformed line gets an error response and
//! the runner carries on; blank lines are skipped.

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", escalon::request::handle_line(&line))?;
    }
    out.flush()
}
