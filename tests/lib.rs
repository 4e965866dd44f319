//! Native integration tests, built as one binary.

mod errors;
mod escalation;
mod policy;
mod props;
mod vectors;
