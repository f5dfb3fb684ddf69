//! TEMPORARY placeholder until the real recogniser lands (same API).
#![allow(dead_code, clippy::pedantic)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub company: String,
    pub text: usize,
    pub range: std::ops::Range<usize>,
}
pub struct Recognizer {
    names: Vec<&'static str>,
}
impl Recognizer {
    pub fn bundled() -> anyhow::Result<Self> {
        Ok(Self {
            names: vec![
                "Cisco", "Inspur", "IBM", "Huawei", "Sberbank", "Dell", "Intel", "Apple",
            ],
        })
    }
    pub fn from_json(_json: &str) -> anyhow::Result<Self> {
        Self::bundled()
    }
    pub fn recognise(&self, texts: &[&str]) -> Vec<Mention> {
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            for n in &self.names {
                for (s, _) in t.match_indices(n) {
                    out.push(Mention {
                        company: (*n).to_owned(),
                        text: i,
                        range: s..s + n.len(),
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.text, m.range.start));
        out
    }
}
pub fn company_key(name: &str) -> String {
    name.to_lowercase()
}
