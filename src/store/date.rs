//! TEMPORARY: replaced by the real date parser.
#![allow(dead_code, clippy::pedantic, missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date { pub year: i32, pub month: u8, pub day: u8, pub seconds: Option<u32> }
impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let mut it = text.get(..10)?.split('-');
        let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
        Some(Date { year: y, month: m, day: d, seconds: None })
    }
    pub fn ymd(&self) -> String { format!("{:04}-{:02}-{:02}", self.year, self.month, self.day) }
}
pub fn find_dateline(_lines: &[&str]) -> Option<(Date, usize)> { None }
