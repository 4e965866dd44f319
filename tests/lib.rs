//! Native integration tests, built as one binary.
#![cfg(not(target_arch = "wasm32"))]

mod adversarial;
mod errors;
mod escalation;
mod policy;
mod props;
mod vectors;

use proptest::test_runner::Config;

/// `cases` per property, unless `PROPTEST_CASES` asks for another number (for a longer search).
/// The reject limits grow with the cases (unless set by `PROPTEST_MAX_GLOBAL_REJECTS` /
/// `PROPTEST_MAX_LOCAL_REJECTS`): proptest's defaults, 1,024 and 65,536, are absolute, so a run of
/// 20,000 cases aborted on them ("Too many global rejects") rather than on a wrong answer.
fn config(cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_MAX_GLOBAL_REJECTS").is_none() {
        config.max_global_rejects = config.max_global_rejects.max(config.cases.saturating_mul(4));
    }
    if std::env::var_os("PROPTEST_MAX_LOCAL_REJECTS").is_none() {
        config.max_local_rejects = config.max_local_rejects.max(config.cases.saturating_mul(256));
    }
    config
}
