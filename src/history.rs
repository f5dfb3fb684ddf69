//! The queries kept from one session to the next: every query accepted in the filter line
//! (Enter), most recent last, recalled with `Ctrl-p` / `Ctrl-n` as a shell recalls commands.
//!
//! One history for every collection (a query names companies and words, not files), in
//! `$XDG_STATE_HOME/tidings/queries` (else `~/.local/state/tidings/queries`): plain text, one
//! query a line, at most [`MAX`] of them. Saving re-reads the file and adds this session's
//! queries to what is there, so two explorers open at once both keep theirs; it writes a
//! temporary file renamed over the old one, so the file is whole at every moment. A file that
//! is not UTF-8 text is not ours to rewrite: it is left alone and nothing is kept.

use std::path::PathBuf;

use anyhow::{Context as _, Result};

/// How many queries are kept: the oldest go first.
pub const MAX: usize = 500;

/// The longest query kept, in bytes: a longer line of the file (a paste gone wrong, a file
/// that is not a history) is not put back into the filter line.
pub const LONGEST: usize = 1024;

/// The query history, and where the filter line is in it.
#[derive(Debug, Default)]
pub struct History {
    /// Older first; no query twice.
    entries: Vec<String>,
    /// This session's queries, in order, each once, the newest [`MAX`]: what saving adds to
    /// the file as it is then.
    added: Vec<String>,
    /// The file; `None`: kept in memory only (no state directory, or a file left alone).
    path: Option<PathBuf>,
    /// The entry shown while recalling (an index into `entries`); `None`: not recalling.
    at: Option<usize>,
    /// What the filter line held when recalling began, given back past the newest entry.
    draft: String,
}

impl History {
    /// A history kept in memory only.
    #[must_use]
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The history of the file at `path` (none yet when it does not exist), with a one-line
    /// notice when the file cannot be used.
    #[must_use]
    pub fn open(path: PathBuf) -> (Self, Option<String>) {
        match read(&path) {
            Ok(entries) => {
                let history = History {
                    entries,
                    path: Some(path),
                    ..Self::default()
                };
                (history, None)
            }
            Err(e) => {
                let notice = format!("{e:#}; this session's queries are not kept");
                (Self::default(), Some(notice))
            }
        }
    }

    /// The queries, oldest first.
    #[must_use]
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Keeps `query` (an accepted one) as the newest entry, and saves the history. An empty
    /// query is not kept; one kept before moves to the end.
    ///
    /// # Errors
    /// When the file cannot be written; the error names it. The query is kept in memory all
    /// the same.
    pub fn push(&mut self, query: &str) -> Result<()> {
        self.at = None;
        let query = query.trim();
        if !is_query(query) {
            return Ok(());
        }
        if self.entries.last().is_some_and(|last| last == query) {
            return Ok(());
        }
        add(&mut self.entries, query);
        add(&mut self.added, query);
        self.save()
    }

    /// The entry before the one shown (the newest, when not recalling yet) that starts with
    /// what the filter line held when recalling began (`current`, then; any entry when it was
    /// empty), as a shell's history search does: "ins" and Ctrl-p go through the queries about
    /// Inspur. That text is given back past the newest. Entries equal to the one shown are
    /// passed over. `None` when there is no such entry before.
    pub fn older(&mut self, current: &str) -> Option<&str> {
        let below = if let Some(at) = self.at {
            at
        } else {
            current.clone_into(&mut self.draft);
            self.entries.len()
        };
        let shown = self.at.map_or(current, |at| self.entries[at].as_str());
        let found = self.entries[..below]
            .iter()
            .rposition(|e| e != shown && starts_with(e, &self.draft))?;
        self.at = Some(found);
        Some(&self.entries[found])
    }

    /// The entry after the one shown that starts as [`History::older`] asks, or, past the
    /// newest, what the filter line held when recalling began. `None` when not recalling.
    pub fn newer(&mut self) -> Option<&str> {
        let at = self.at?;
        let next = self.entries[at + 1..]
            .iter()
            .position(|e| starts_with(e, &self.draft))
            .map(|k| at + 1 + k);
        self.at = next;
        Some(next.map_or(self.draft.as_str(), |k| self.entries[k].as_str()))
    }

    /// The filter line was edited: recalling starts again from the newest.
    pub fn stop_recalling(&mut self) {
        self.at = None;
    }

    /// Writes the file: what it holds now, with this session's queries added.
    fn save(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        // Read again: another explorer may have added to it, or made it something else since.
        let mut entries = read(path)?;
        for query in &self.added {
            add(&mut entries, query);
        }
        let mut text = entries.join("\n");
        text.push('\n');
        crate::state::write_atomically(&crate::state::follow_symlink(path), text.as_bytes())
            .with_context(|| format!("could not save the query history in '{}'", path.display()))
    }
}

/// The queries of the history file at `path`; none when there is no such file.
///
/// # Errors
///
/// The file cannot be read, or is not UTF-8 text (it is not ours to rewrite): the error names
/// it.
fn read(path: &std::path::Path) -> Result<Vec<String>> {
    match std::fs::read(path) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => Ok(entries_of(text)),
            Err(_) => anyhow::bail!(
                "the query history '{}' is not UTF-8 text: left alone",
                path.display()
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => {
            Err(e).with_context(|| format!("could not read the query history '{}'", path.display()))
        }
    }
}

/// The queries of a history file: its lines, trimmed, but empty ones and any holding a control
/// character (the file is plain text a person may edit), each once (its last place), the
/// newest [`MAX`].
fn entries_of(text: &str) -> Vec<String> {
    // From the end, until there are enough: a long file costs no more than its last lines.
    let mut seen = std::collections::HashSet::new();
    let mut entries: Vec<String> = text
        .lines()
        .rev()
        .map(str::trim)
        .filter(|line| is_query(line))
        .filter(|line| seen.insert(*line))
        .take(MAX)
        .map(str::to_owned)
        .collect();
    entries.reverse();
    entries
}

/// Whether a line (trimmed) can be a query: not empty, not longer than [`LONGEST`], without
/// control characters.
fn is_query(line: &str) -> bool {
    !line.is_empty() && line.len() <= LONGEST && !line.chars().any(char::is_control)
}

/// Whether `entry` starts with `typed` (its leading spaces aside), case aside.
fn starts_with(entry: &str, typed: &str) -> bool {
    let typed = typed.trim_start();
    entry
        .get(..typed.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(typed))
}

/// Makes `query` the newest of `entries`, taking it out of its earlier place; keeps [`MAX`].
fn add(entries: &mut Vec<String>, query: &str) {
    entries.retain(|e| e != query);
    entries.push(query.to_owned());
    if entries.len() > MAX {
        entries.drain(..entries.len() - MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tidings-history-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("queries")
    }

    #[test]
    fn recalling_goes_back_and_forth_and_gives_the_draft_back() {
        let mut h = History::in_memory();
        for q in ["inspur", "x:\"oil price\"", "cisco", "Inspur since:7d"] {
            h.push(q).unwrap();
        }
        // From an empty line, every query.
        assert_eq!(h.older(""), Some("Inspur since:7d"));
        assert_eq!(h.older("Inspur since:7d"), Some("cisco"));
        assert_eq!(h.older("cisco"), Some("x:\"oil price\""));
        assert_eq!(h.older(""), Some("inspur"));
        assert_eq!(h.older(""), None, "the oldest stays");
        assert_eq!(h.newer(), Some("x:\"oil price\""));
        assert_eq!(h.newer(), Some("cisco"));
        assert_eq!(h.newer(), Some("Inspur since:7d"));
        assert_eq!(h.newer(), Some(""), "past the newest: what was typed");
        assert_eq!(h.newer(), None);
        // From what was typed, the queries that start with it, case aside.
        assert_eq!(h.older("ins"), Some("Inspur since:7d"));
        assert_eq!(h.older("Inspur since:7d"), Some("inspur"));
        assert_eq!(h.older("inspur"), None);
        assert_eq!(h.newer(), Some("Inspur since:7d"));
        assert_eq!(h.newer(), Some("ins"));
        assert_eq!(h.older("hua"), None, "nothing starts so");
        // The newest equal to what the line holds is passed over.
        h.stop_recalling();
        assert_eq!(h.older("cisco"), None, "only itself starts so");
        h.stop_recalling();
        assert_eq!(h.older("c"), Some("cisco"));
        // Edited: from the newest again.
        h.stop_recalling();
        assert_eq!(h.older(""), Some("Inspur since:7d"));
    }

    #[test]
    fn a_query_is_kept_once_at_its_last_place_and_the_oldest_go_first() {
        let mut h = History::in_memory();
        for q in [
            "a",
            "b",
            "a",
            "  b ",
            "",
            "c\u{1b}[2J",
            &"d".repeat(LONGEST + 1),
        ] {
            h.push(q).unwrap();
        }
        assert_eq!(h.entries(), ["a", "b"]);
        for i in 0..MAX + 10 {
            h.push(&format!("q{i}")).unwrap();
        }
        assert_eq!(h.entries().len(), MAX);
        assert_eq!(h.entries()[0], "q10");
    }

    #[test]
    fn two_sessions_keep_both_their_queries_and_the_file_is_read_back() {
        let path = scratch("merge");
        let (mut one, notice) = History::open(path.clone());
        assert_eq!(notice, None);
        let (mut two, _) = History::open(path.clone());
        one.push("inspur").unwrap();
        two.push("huawei").unwrap();
        one.push("cisco").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "huawei\ninspur\ncisco\n"
        );
        let (three, _) = History::open(path.clone());
        assert_eq!(three.entries(), ["huawei", "inspur", "cisco"]);
        // No temporary file is left beside it.
        let dir = path.parent().unwrap();
        assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1);
    }

    #[test]
    fn a_file_edited_by_hand_is_read_as_lines_and_one_not_text_is_left_alone() {
        let path = scratch("edited");
        let long = "x".repeat(LONGEST + 1);
        std::fs::write(
            &path,
            format!("  inspur \n\nbell\u{7}\n{long}\ncisco\r\ninspur\n"),
        )
        .unwrap();
        let (h, notice) = History::open(path.clone());
        assert_eq!(notice, None);
        assert_eq!(h.entries(), ["cisco", "inspur"]);
        // A long file: its newest queries, each once.
        let mut long = String::new();
        for i in 0..10 * MAX {
            writeln!(long, "q{}", i % (2 * MAX)).unwrap();
        }
        std::fs::write(&path, long).unwrap();
        let (h, _) = History::open(path.clone());
        let want: Vec<String> = (0..MAX).map(|i| format!("q{}", MAX + i)).collect();
        assert_eq!(h.entries(), want);
        let bytes = b"inspur\n\xff\xfe\n".to_vec();
        std::fs::write(&path, &bytes).unwrap();
        let (mut h, notice) = History::open(path.clone());
        assert!(notice.unwrap().contains("is not UTF-8 text: left alone"));
        h.push("cisco").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn a_history_that_cannot_be_written_says_so_naming_the_file() {
        let path = scratch("unwritable");
        let (mut h, _) = History::open(path.clone());
        // A folder where the file goes: nobody can write a file over it.
        std::fs::create_dir_all(&path).unwrap();
        let err = format!("{:#}", h.push("inspur").unwrap_err());
        assert!(err.contains("query history"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert_eq!(h.entries(), ["inspur"], "kept in memory all the same");
    }
}
