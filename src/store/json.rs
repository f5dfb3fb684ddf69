//! TEMPORARY: replaced by the real JSON reader.
#![allow(dead_code, clippy::pedantic, missing_docs)]
use super::Meta;
pub struct JsonArticle { pub meta: Meta, pub body: String, pub line: Option<usize>, pub index: Option<usize> }
pub struct JsonProblem { pub line: Option<usize>, pub index: Option<usize>, pub reason: String }
pub fn parse_json(_text: &str) -> (Vec<JsonArticle>, Vec<JsonProblem>) { (vec![], vec![JsonProblem { line: None, index: None, reason: "todo".into() }]) }
pub fn parse_json_lines(_text: &str) -> (Vec<JsonArticle>, Vec<JsonProblem>) { (vec![], vec![JsonProblem { line: None, index: None, reason: "todo".into() }]) }
