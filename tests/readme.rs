//! The README documents what the program does: its key table is the program's own.

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const START: &str = "<!-- keys:start";
const END: &str = "<!-- keys:end -->";

#[test]
fn the_readme_key_table_is_the_program_key_table() {
    let readme = std::fs::read_to_string(README).unwrap();
    let start = readme.find(START).expect("README has a keys:start marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find(END).expect("README has a keys:end marker");
    let table = tidings::keymap::markdown();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..body_start], &readme[end..]);
        // Written aside and renamed, so the other test never reads half a file.
        let temp = format!("{README}.tmp");
        std::fs::write(&temp, updated).unwrap();
        std::fs::rename(temp, README).unwrap();
        return;
    }
    assert_eq!(
        &readme[body_start..end],
        table,
        "README.md's key table is out of date: run UPDATE_README=1 cargo test --test readme"
    );
}

#[test]
fn the_readme_names_the_two_commands() {
    let readme = std::fs::read_to_string(README).unwrap();
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
}
