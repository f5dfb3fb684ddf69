//! The README documents what the program does: its key table is the program's own.

#[test]
fn the_readme_key_table_is_the_program_key_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = tidings::keymap::markdown();
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; replace it with:\n\n{table}"
    );
}

#[test]
fn the_readme_names_the_two_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
}
