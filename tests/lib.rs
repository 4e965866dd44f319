//! Native integration tests, built as one binary.

mod errors;
mod props;
mod vectors;
