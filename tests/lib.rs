//! Native integration tests, built as one binary.
#![cfg(not(target_arch = "wasm32"))]

mod adversarial;
mod errors;
mod escalation;
mod policy;
mod props;
mod vectors;
