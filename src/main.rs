//! The `tidings` binary: parse the command line, load the articles (before the terminal is taken
//! over, so errors print normally), then run the explorer or a non-interactive command.

use std::process::ExitCode;

use clap::Parser;
use tidings::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            // `{:#}` puts the whole chain of context on one line: "cannot open 'x': No such file…".
            eprintln!("tidings: {err:#}");
            ExitCode::from(2)
        }
    }
}
