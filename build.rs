//! Embeds the sample articles of `assets/articles/` in the binary, so that `tidings` with no
//! arguments works from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Read at run time, not baked in with env!: a build script binary may be reused for a copy
    // of the crate elsewhere (same target folder), and must then read that copy's assets.
    let manifest = std::env::var("CARGO_MANIFEST_DIR")?;
    let dir = Path::new(&manifest).join("assets").join("articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// The bundled sample articles: (file name, bytes).\npub static SAMPLE: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR")?).join("sample.rs");
    std::fs::write(out, code)?;
    Ok(())
}
