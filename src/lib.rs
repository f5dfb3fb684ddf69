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
pub mod history;
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
pub mod watch;
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

/// For tests: texts of up to `most` of `pieces` in a row, drawn by a generator seeded `seed`
/// (see [`xorshift`]), `count` of them.
#[cfg(test)]
pub(crate) fn texts_of<'p>(
    pieces: &'p [&'p str],
    most: u64,
    seed: u64,
    count: usize,
) -> impl Iterator<Item = String> + 'p {
    let mut next = xorshift(seed);
    (0..count).map(move |_| {
        let n = next() % (most + 1);
        (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect()
    })
}

/// `n` and the noun that goes with it: "1 article", "2 articles".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_takes_the_singular() {
        assert_eq!(super::counted(1, "article", "articles"), "1 article");
        assert_eq!(super::counted(0, "article", "articles"), "0 articles");
        assert_eq!(
            super::counted(2225, "company", "companies"),
            "2225 companies"
        );
    }
}
