//! `cargo run -p sdk-tests --bin accept`: rewrites every expected file of the workspace tests
//! (`generated/`, `tests/golden/`, `tests/diagnostics/expected/`; see `sdk_tests::expect`) from
//! the current generator, and says what changed. Review with `git diff`, then commit.
//!
//! It builds only the generator and the tests' library, not the test binaries, so it works when
//! a generator change breaks the generated or fixture crates. It exits 1 when a set could not be
//! generated or a corpus case misbehaves (a panic, a bad spec that generates, a valid one that
//! fails); the other sets are still written.

use sdk_tests::corpus::{self, Kind};
use sdk_tests::expect::{self, Set};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut ok = true;
    for set in Set::ALL {
        let dir = set.dir();
        let outcome = match set {
            Set::Generated | Set::FixtureGoldens => {
                let config = if set == Set::Generated { expect::main_config() } else { expect::fixture_config() };
                config.generate().map_err(|e| e.to_string()).and_then(|g| expect::sync_generation(&g, &dir, true))
            }
            Set::Diagnostics => {
                let ran: Vec<_> = corpus::run(Kind::Bad).into_iter().chain(corpus::run(Kind::Valid)).collect();
                for problem in ran.iter().flat_map(|r| r.problems()) {
                    eprintln!("corpus: {problem}");
                    ok = false;
                }
                expect::sync_texts(&dir, &corpus::expected_texts(&ran), true)
            }
        };
        match outcome {
            Ok(o) => {
                println!("{}: {} rewritten or removed, {} unchanged", set.name(), o.stale.len(), o.unchanged);
                for path in &o.stale {
                    println!("  {}", path.display());
                }
            }
            Err(e) => {
                eprintln!("{}: not written:\n{e}", set.name());
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
