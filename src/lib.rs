//! tidings: a keyboard-driven terminal explorer of news articles, filtered by the companies they
//! mention.
//!
//! Data flows one way: [`store::load`] reads files, [`store::clean`] cleans them,
//! [`companies`] recognises the companies they mention, [`store::ArticleStore`] indexes them,
//! [`query`] and [`filter`] answer the filter line, [`app::App::update`] changes state and
//! [`ui`] draws it.

pub mod action;
pub mod app;
pub mod cli;
pub mod companies;
pub mod config;
pub mod event;
pub mod filter;
pub mod keymap;
pub mod loading;
pub mod matcher;
pub mod order;
pub mod picker;
pub mod query;
pub mod reader;
pub mod reflow;
pub mod state;
pub mod store;
pub mod ui;
pub mod vocab;
pub mod worker;

/// A small deterministic generator for tests (xorshift64): reproducible, no dependency.
#[cfg(test)]
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
