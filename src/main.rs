//! The `tidings` binary: parse the command line, load the articles (before the terminal is taken
//! over, so errors print normally), then run the explorer or a non-interactive command.

use std::process::ExitCode;

use clap::Parser;
use tidings::cli::{self, Cli};

/// jemalloc rather than the system's allocator: a first opening of 100k articles takes 4% less
/// CPU (glibc's malloc and free were 6% of it), for the same peak memory at 1M articles once
/// freed pages go back within a second (`.cargo/config.toml`). See the README's Performance.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // Release builds abort on a panic (Cargo.toml), which would end in SIGABRT and, where core
    // dumps are on, a dump of a store that can take gigabytes. After the message (and, in the
    // explorer, after the hooks it installs later, which run first and give the terminal back),
    // end the way an unwinding panic of the main thread does: status 101, nothing dumped.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        std::process::exit(101);
    }));
    let cli = Cli::parse();
    match cli::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            // `{:#}` puts the whole chain of context on one line: "cannot open 'x': No such file…".
            // Printable: it may name a file whose name holds an escape. A line at a time: a
            // load that found nothing names each file it skipped on a line of its own.
            let message = format!("{err:#}");
            for (k, line) in message.split('\n').enumerate() {
                let line = tidings::store::clean::printable(line);
                if k == 0 {
                    eprintln!("tidings: {line}");
                } else {
                    eprintln!("{line}");
                }
            }
            ExitCode::from(2)
        }
    }
}
