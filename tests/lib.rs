//! Native integration tests, built as one binary.

mod errors;
mod policy;
mod props;
mod vectors;
