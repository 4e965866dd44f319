//! Native integration tests, built as one binary.

mod vectors;
