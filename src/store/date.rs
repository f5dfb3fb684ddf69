//! Dates as news files write them: ISO 8601, RFC 2822, and English or French datelines.
//!
//! Everything works on a flat list of tokens (numbers, words, punctuation) and tries a
//! fixed set of patterns at one position, so the work per position is bounded and the
//! whole thing is linear in the input. No input can make it panic.

/// A calendar date (and time if known), comparable for sorting.
///
/// A date without a time sorts before the same date with any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1 to 9999.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
    /// Seconds since midnight UTC when a time was given.
    ///
    /// A time written without a zone is taken as UTC, since the file does not say.
    pub seconds: Option<u32>,
}

impl Date {
    /// Reads a date written in one of the forms news files use, the whole text being the
    /// date (surrounding whitespace and a final full stop aside).
    ///
    /// Forms: `2020-03-03`, `2020/03/03`, `2020-03-03T10:15:00.5+01:00`,
    /// `Tue, 3 Mar 2020 10:15:00 GMT`, `March 3, 2020`, `Mar. 3 2020`, `3 March 2020`,
    /// `9-MAR-1987`, `09-Mar-1987 10:45:00.00`, `3 mars 2020`, `1er avril 2019 à 10h15`,
    /// and `25/12/2020` or `12/25/2020` when one part is over 12 (or both are equal).
    #[must_use]
    pub fn parse(text: &str) -> Option<Date> {
        // The commonest form by far, `2020-03-03` alone, without tokens (the general way took
        // 700 instructions an article).
        if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() {
            let number = |digits: &[u8]| {
                digits.iter().try_fold(0u32, |n, &d| {
                    d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
                })
            };
            if let (Some(year), Some(month), Some(day)) = (
                number(&[y0, y1, y2, y3]),
                number(&[m0, m1]),
                number(&[d0, d1]),
            ) {
                return calendar_date(year, month, day);
            }
        }
        Self::parse_tokens(text)
    }

    /// [`Date::parse`] the general way.
    fn parse_tokens(text: &str) -> Option<Date> {
        let tokens = tokenize(text);
        let (date, end) = date_at(&tokens, 0)?;
        let rest = tokens.get(end..).unwrap_or_default();
        rest.iter()
            .all(|t| t.kind == Kind::Punct('.'))
            .then_some(date)
    }

    /// The date alone, as `2020-03-03`.
    #[must_use]
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date, and the time if known, in ISO 8601: `2020-03-03` or `2020-03-03T10:15:00Z`.
    #[must_use]
    pub fn to_iso(&self) -> String {
        match self.seconds {
            None => self.ymd(),
            Some(s) => format!(
                "{}T{:02}:{:02}:{:02}Z",
                self.ymd(),
                s / 3600,
                s / 60 % 60,
                s % 60
            ),
        }
    }

    /// The day as the number `yyyymmdd` (2020-03-03 is 20200303): days in order, as compact
    /// as a date goes (what date terms compare).
    #[must_use]
    pub fn day_key(&self) -> u32 {
        u32::try_from(self.year).unwrap_or(0) * 10_000
            + u32::from(self.month) * 100
            + u32::from(self.day)
    }

    /// The day `days` days before this one.
    #[must_use]
    pub fn days_before(&self, days: i64) -> Option<Date> {
        let day = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        from_days(day.checked_sub(days)?, 0).map(|d| Date { seconds: None, ..d })
    }

    /// The moment `seconds` after 1970-01-01T00:00:00Z, if its year is 1 to 9999.
    #[must_use]
    pub fn from_unix(seconds: i64) -> Option<Date> {
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let time = seconds.rem_euclid(SECONDS_PER_DAY);
        from_days(days, time)
    }

    /// Today by the local calendar: the day of the system's time zone (`TZ`, else
    /// `/etc/localtime`; UTC when neither says), as a person counting "yesterday" means it.
    #[must_use]
    pub fn today() -> Option<Date> {
        let today = jiff::Zoned::now().date();
        Some(Date {
            year: i32::from(today.year()),
            month: u8::try_from(today.month()).ok()?,
            day: u8::try_from(today.day()).ok()?,
            seconds: None,
        })
    }
}

/// Finds a date written in the first lines of a plain-text article (a dateline like
/// "March 3, 2020" or "Published: 9-MAR-1987 10:45"), if any: returns the date and the
/// index of the line it was on.
///
/// Only the first 8 non-blank lines are looked at, and only short ones (under 80
/// characters) that are mostly the date, so a sentence mentioning a date in passing does
/// not count.
#[must_use]
pub fn find_dateline(lines: &[&str]) -> Option<(Date, usize)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .take(8)
        .find_map(|(index, line)| {
            let line = line.trim();
            // 80 characters or more (counted no further: most of these lines are paragraphs);
            // or fewer than the four digits of a year, which every date it reads has.
            if line.chars().nth(79).is_some() || line.bytes().filter(u8::is_ascii_digit).count() < 4
            {
                return None;
            }
            date_in_line(line).map(|date| (date, index))
        })
}

const SECONDS_PER_DAY: i64 = 86_400;

/// The first date in a short line that makes up most of it.
fn date_in_line(line: &str) -> Option<Date> {
    let tokens = tokenize(line);
    (0..tokens.len()).find_map(|start| {
        let (date, end) = date_at(&tokens, start)?;
        let first = tokens.get(start)?;
        let last = tokens.get(end.checked_sub(1)?)?;
        let before = line.get(..first.start)?;
        let after = line.get(last.end..)?;
        let inside = line.get(first.start..last.end)?;
        mostly_date(before, inside, after).then_some(date)
    })
}

/// Whether what is left around a date looks like a label or a byline ("Published:",
/// "By Jane Doe |", "LONDON, ... (Agency) -") rather than a sentence.
fn mostly_date(before: &str, date: &str, after: &str) -> bool {
    let words = count_words(before) + count_words(after);
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let left = visible(before) + visible(after);
    // A sentence keeps going on at least one side; a label is a few words, and when it
    // is more than two words it is marked off with a separator.
    let separated = before
        .chars()
        .chain(after.chars())
        .any(|c| matches!(c, ':' | '|' | '—' | '–' | '-' | '·' | '•' | '/'));
    let few_words = words <= 2 || (words <= 4 && separated);
    few_words && left <= 2 * visible(date)
}

fn count_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A run of ASCII digits: its value (saturated, meaningless past 9 digits) and length.
    Num { value: u32, len: usize },
    /// A run of letters, lower-cased.
    Word(String),
    /// Any other character but whitespace.
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Byte range in the text.
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Token> {
    // Room for a timestamp's tokens ("2024-03-05T10:00:00+01:00" has 13): no regrowth.
    let mut tokens: Vec<Token> = Vec::with_capacity(16);
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let last = tokens.last_mut().filter(|t| t.end == i);
        match (c, last) {
            (c, _) if c.is_whitespace() => {}
            (
                '0'..='9',
                Some(Token {
                    kind: Kind::Num { value, len },
                    end: last_end,
                    ..
                }),
            ) => {
                *value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(c) - u32::from('0'));
                *len += 1;
                *last_end = end;
            }
            ('0'..='9', _) => tokens.push(Token {
                kind: Kind::Num {
                    value: u32::from(c) - u32::from('0'),
                    len: 1,
                },
                start: i,
                end,
            }),
            (
                c,
                Some(Token {
                    kind: Kind::Word(word),
                    end: last_end,
                    ..
                }),
            ) if c.is_alphabetic() => {
                word.extend(c.to_lowercase());
                *last_end = end;
            }
            (c, _) if c.is_alphabetic() => tokens.push(Token {
                kind: Kind::Word(c.to_lowercase().collect()),
                start: i,
                end,
            }),
            (c, _) => tokens.push(Token {
                kind: Kind::Punct(c),
                start: i,
                end,
            }),
        }
    }
    tokens
}

/// A position in a token list; copied to try a pattern and kept only if it matches.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    tokens: &'a [Token],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn kind(&self) -> Option<&'a Kind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    /// A number with a digit count in `lens`.
    fn num(&mut self, lens: std::ops::RangeInclusive<usize>) -> Option<u32> {
        if let Some(Kind::Num { value, len }) = self.kind()
            && lens.contains(len)
        {
            self.pos += 1;
            Some(*value)
        } else {
            None
        }
    }

    fn punct(&mut self, c: char) -> bool {
        let found = self.kind() == Some(&Kind::Punct(c));
        if found {
            self.pos += 1;
        }
        found
    }

    fn punct_in(&mut self, set: &[char]) -> Option<char> {
        match self.kind() {
            Some(Kind::Punct(c)) if set.contains(c) => {
                self.pos += 1;
                Some(*c)
            }
            _ => None,
        }
    }

    fn word(&mut self) -> Option<&'a str> {
        match self.kind() {
            Some(Kind::Word(w)) => {
                self.pos += 1;
                Some(w)
            }
            _ => None,
        }
    }

    fn word_in(&mut self, set: &[&str]) -> bool {
        let mut next = *self;
        let found = next.word().is_some_and(|w| set.contains(&w));
        if found {
            *self = next;
        }
        found
    }

    fn month(&mut self) -> Option<u8> {
        let mut next = *self;
        let month = month_number(next.word()?)?;
        *self = next;
        Some(month)
    }
}

/// A date starting at token `start`, and the index of the token after it.
fn date_at(tokens: &[Token], start: usize) -> Option<(Date, usize)> {
    let mut cur = Cursor { tokens, pos: start };
    let mut after_weekday = cur;
    if after_weekday.word().is_some_and(is_weekday) {
        after_weekday.punct_in(&[',', '.']);
        cur = after_weekday;
    }
    let (year, month, day) = [ymd_numeric, day_month_year, month_day_year, dmy_numeric]
        .iter()
        .find_map(|pattern| {
            let mut next = cur;
            let found = pattern(&mut next)?;
            cur = next;
            Some(found)
        })?;
    let written = calendar_date(year, month, day)?;
    let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
    let date = match time(&mut cur) {
        // Without a time the date is left as written: shifting it by a zone needs a time.
        None => written,
        Some((local, offset)) => from_days(days, i64::from(local) - i64::from(offset))?,
    };
    Some((date, cur.pos))
}

/// The date `year`-`month`-`day`, without a time, if there is such a day (years 1 to 9999).
fn calendar_date(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month)? {
        return None;
    }
    Some(Date {
        year: i32::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        seconds: None,
    })
}

/// `2020-03-03`, `2020/03/03`, `2020.03.03`.
fn ymd_numeric(cur: &mut Cursor) -> Option<(u32, u32, u32)> {
    let year = cur.num(4..=4)?;
    let sep = cur.punct_in(&['-', '/', '.'])?;
    let month = cur.num(1..=2)?;
    cur.punct(sep).then_some(())?;
    let day = cur.num(1..=2)?;
    Some((year, month, day))
}

/// `3 March 2020`, `3 Mar. 2020`, `3rd of March, 2020`, `1er avril 2019`, `9-MAR-1987`.
fn day_month_year(cur: &mut Cursor) -> Option<(u32, u32, u32)> {
    let day = cur.num(1..=2)?;
    if let Some(sep) = cur.punct_in(&['-', '/']) {
        let month = cur.month()?;
        cur.punct(sep).then_some(())?;
        let year = cur.num(4..=4)?;
        return Some((year, u32::from(month), day));
    }
    cur.word_in(ORDINAL_SUFFIXES);
    cur.punct('.');
    cur.word_in(&["of", "de"]);
    let month = cur.month()?;
    cur.punct('.');
    cur.punct(',');
    let year = cur.num(4..=4)?;
    Some((year, u32::from(month), day))
}

/// `March 3, 2020`, `Mar 3 2020`, `Mar. 3rd, 2020`.
fn month_day_year(cur: &mut Cursor) -> Option<(u32, u32, u32)> {
    let month = cur.month()?;
    cur.punct('.');
    let day = cur.num(1..=2)?;
    cur.word_in(ORDINAL_SUFFIXES);
    cur.punct(',');
    let year = cur.num(4..=4)?;
    Some((year, u32::from(month), day))
}

/// `25/12/2020`, `12-25-2020`, `3.12.2020`: with `/` or `-` only when day and month can
/// be told apart; with `.` always day first, as it is written in Europe.
fn dmy_numeric(cur: &mut Cursor) -> Option<(u32, u32, u32)> {
    let first = cur.num(1..=2)?;
    let sep = cur.punct_in(&['/', '-', '.'])?;
    let second = cur.num(1..=2)?;
    cur.punct(sep).then_some(())?;
    let year = cur.num(4..=4)?;
    let (day, month) = if sep == '.' || first == second || (first > 12 && second <= 12) {
        (first, second)
    } else if second > 12 && first <= 12 {
        (second, first)
    } else {
        return None;
    };
    Some((year, month, day))
}

const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th", "er", "re", "e", "ème"];

/// A time after a date: seconds since local midnight and the zone's offset from UTC in
/// seconds. Leaves the cursor alone when there is none.
fn time(cur: &mut Cursor) -> Option<(u32, i32)> {
    let mut t = *cur;
    t.punct(',');
    t.word_in(&["t", "at", "à", "a"]);
    let mut hour = t.num(1..=2)?;
    let minute = if t.punct(':') {
        t.num(2..=2)?
    } else if t.word_in(&["h"]) {
        // French `10h15`, or `10h` alone.
        t.num(2..=2).unwrap_or(0)
    } else {
        return None;
    };
    let mut second = 0;
    let mut with_seconds = t;
    if with_seconds.punct(':')
        && let Some(s) = with_seconds.num(2..=2)
    {
        second = s;
        t = with_seconds;
        let mut fraction = t;
        if fraction.punct_in(&['.', ',']).is_some() && fraction.num(1..=usize::MAX).is_some() {
            t = fraction;
        }
    }
    if let Some(pm) = meridiem(&mut t) {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // A leap second is kept within its minute.
    let seconds = hour * 3600 + minute * 60 + second.min(59);
    let offset = zone(&mut t).unwrap_or(0);
    *cur = t;
    Some((seconds, offset))
}

/// `am`, `pm`, `a.m.`, `p.m.`: whether it is afternoon.
fn meridiem(cur: &mut Cursor) -> Option<bool> {
    let mut t = *cur;
    let pm = match t.word()? {
        "am" => false,
        "pm" => true,
        first @ ("a" | "p") => {
            t.punct('.').then_some(())?;
            t.word_in(&["m"]).then_some(())?;
            first == "p"
        }
        _ => return None,
    };
    t.punct('.');
    *cur = t;
    Some(pm)
}

/// A time zone: `Z`, `UTC`, `GMT`, `+01:00`, `-0500`, `GMT+1`, `EST`, `CET`…
/// Its offset from UTC in seconds.
fn zone(cur: &mut Cursor) -> Option<i32> {
    let mut t = *cur;
    let named = match t.word() {
        Some("z" | "utc" | "gmt" | "ut") => Some(0),
        Some("edt") => Some(-4),
        Some("est" | "cdt") => Some(-5),
        Some("cst" | "mdt") => Some(-6),
        Some("mst" | "pdt") => Some(-7),
        Some("pst") => Some(-8),
        Some("cet") => Some(1),
        Some("cest") => Some(2),
        _ => None,
    };
    if let Some(hours) = named {
        *cur = t;
        // `GMT+1`, `UTC+01:00`
        let base = hours * 3600;
        return Some(numeric_offset(cur).map_or(base, |o| base + o));
    }
    let offset = numeric_offset(cur)?;
    Some(offset)
}

/// `+01:00`, `+0100`, `-05`.
fn numeric_offset(cur: &mut Cursor) -> Option<i32> {
    let mut t = *cur;
    let sign = match t.punct_in(&['+', '-', '−'])? {
        '+' => 1,
        _ => -1,
    };
    let (hours, minutes) = if let Some(hhmm) = t.num(4..=4) {
        (hhmm / 100, hhmm % 100)
    } else {
        let hours = t.num(1..=2)?;
        let mut with_minutes = t;
        let minutes = if with_minutes.punct(':')
            && let Some(m) = with_minutes.num(2..=2)
        {
            t = with_minutes;
            m
        } else {
            0
        };
        (hours, minutes)
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    *cur = t;
    Some(sign * i32::try_from(hours * 3600 + minutes * 60).ok()?)
}

fn month_number(word: &str) -> Option<u8> {
    Some(match word {
        "january" | "jan" | "janvier" | "janv" => 1,
        "february" | "feb" | "février" | "fevrier" | "févr" | "fevr" | "fév" | "fev" => 2,
        "march" | "mar" | "mars" => 3,
        "april" | "apr" | "avril" | "avr" => 4,
        "may" | "mai" => 5,
        "june" | "jun" | "juin" => 6,
        "july" | "jul" | "juillet" | "juil" => 7,
        "august" | "aug" | "août" | "aout" => 8,
        "september" | "sep" | "sept" | "septembre" => 9,
        "october" | "oct" | "octobre" => 10,
        "november" | "nov" | "novembre" => 11,
        "december" | "dec" | "décembre" | "decembre" | "déc" => 12,
        _ => return None,
    })
}

fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "lun"
            | "mer"
            | "jeu"
            | "ven"
            | "sam"
            | "dim"
    )
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01, at `seconds` past its midnight (which may be
/// negative or more than a day, as after applying a zone offset).
fn from_days(days: i64, seconds: i64) -> Option<Date> {
    let days = days.checked_add(seconds.div_euclid(SECONDS_PER_DAY))?;
    let seconds = seconds.rem_euclid(SECONDS_PER_DAY);
    // Far outside 1..=9999 the arithmetic below could overflow; such dates are refused anyway.
    if days.abs() > 4_000_000 {
        return None;
    }
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some(Date {
        year: i32::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        seconds: Some(u32::try_from(seconds).ok()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_read_the_quick_way_as_the_general_way_reads_them() {
        // Every day of years around the edges, impossible months and days, zeros, and the shape
        // with other bytes in it.
        let mut texts = Vec::new();
        for year in [
            "0000", "0001", "1900", "1999", "2000", "2024", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        texts.extend(
            [
                "2020-0a-03",
                "2020/03/03",
                "2020-03/03",
                "202a-03-03",
                "2020-3-003",
                "+020-03-03",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(Date::parse(text), Date::parse_tokens(text), "{text}");
        }
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.ymd()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::parse("2023-02-29"), None);
    }

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date {
            year,
            month,
            day,
            seconds: None,
        }
    }

    fn dt(year: i32, month: u8, day: u8, h: u32, m: u32, s: u32) -> Date {
        Date {
            seconds: Some(h * 3600 + m * 60 + s),
            ..d(year, month, day)
        }
    }

    fn p(text: &str) -> Option<Date> {
        Date::parse(text)
    }

    #[test]
    fn iso_dates() {
        assert_eq!(p("2020-03-03"), Some(d(2020, 3, 3)));
        assert_eq!(p("  2020-3-3 "), Some(d(2020, 3, 3)));
        assert_eq!(p("2020/03/03"), Some(d(2020, 3, 3)));
        assert_eq!(p("2020.03.03"), Some(d(2020, 3, 3)));
        assert_eq!(p("2020-03/03"), None);
    }

    #[test]
    fn iso_times() {
        assert_eq!(p("2020-03-03T10:15:00Z"), Some(dt(2020, 3, 3, 10, 15, 0)));
        assert_eq!(p("2020-03-03t10:15:07"), Some(dt(2020, 3, 3, 10, 15, 7)));
        assert_eq!(p("2020-03-03 10:15"), Some(dt(2020, 3, 3, 10, 15, 0)));
        assert_eq!(
            p("2020-03-03T10:15:00.123456Z"),
            Some(dt(2020, 3, 3, 10, 15, 0))
        );
        assert_eq!(p("2020-03-03T10:15:59,9"), Some(dt(2020, 3, 3, 10, 15, 59)));
    }

    #[test]
    fn offsets_convert_to_utc() {
        assert_eq!(
            p("2020-03-03T10:15:00+01:00"),
            Some(dt(2020, 3, 3, 9, 15, 0))
        );
        assert_eq!(
            p("2020-03-03T10:15:00-0530"),
            Some(dt(2020, 3, 3, 15, 45, 0))
        );
        assert_eq!(p("2020-03-03T10:15:00+05"), Some(dt(2020, 3, 3, 5, 15, 0)));
        // Across midnight, a month end and a year end.
        assert_eq!(
            p("2020-03-01T00:30:00+01:00"),
            Some(dt(2020, 2, 29, 23, 30, 0))
        );
        assert_eq!(
            p("2019-12-31T23:30:00-01:00"),
            Some(dt(2020, 1, 1, 0, 30, 0))
        );
        assert_eq!(p("2020-03-03T10:15:00+24:00"), None);
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            p("Tue, 3 Mar 2020 10:15:00 +0000"),
            Some(dt(2020, 3, 3, 10, 15, 0))
        );
        assert_eq!(
            p("Tue, 03 Mar 2020 10:15:00 GMT"),
            Some(dt(2020, 3, 3, 10, 15, 0))
        );
        assert_eq!(
            p("Tue, 3 Mar 2020 10:15:00 EST"),
            Some(dt(2020, 3, 3, 15, 15, 0))
        );
        assert_eq!(p("3 Mar 2020 10:15 -0100"), Some(dt(2020, 3, 3, 11, 15, 0)));
        assert_eq!(
            p("Tue, 3 Mar 2020 10:15 GMT+1"),
            Some(dt(2020, 3, 3, 9, 15, 0))
        );
    }

    #[test]
    fn month_names_first() {
        assert_eq!(p("March 3, 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("Mar 3 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("Mar. 3, 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("MARCH 3RD, 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("Sept. 21, 2019"), Some(d(2019, 9, 21)));
        assert_eq!(p("Tuesday, March 3, 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("March 3, 2020, 4:05 pm"), Some(dt(2020, 3, 3, 16, 5, 0)));
        assert_eq!(p("March 3, 2020 12:05 a.m."), Some(dt(2020, 3, 3, 0, 5, 0)));
        assert_eq!(
            p("March 3, 2020 at 10:00 PST"),
            Some(dt(2020, 3, 3, 18, 0, 0))
        );
    }

    #[test]
    fn day_first() {
        assert_eq!(p("3 March 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("3 Mar. 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("3rd of March, 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("21st Sep 2019."), Some(d(2019, 9, 21)));
    }

    #[test]
    fn reuters_style() {
        assert_eq!(p("9-MAR-1987"), Some(d(1987, 3, 9)));
        assert_eq!(
            p("09-Mar-1987 10:45:00.00"),
            Some(dt(1987, 3, 9, 10, 45, 0))
        );
        assert_eq!(
            p("26-FEB-1987 15:01:01.79"),
            Some(dt(1987, 2, 26, 15, 1, 1))
        );
        assert_eq!(p("9/Mar/1987"), Some(d(1987, 3, 9)));
        assert_eq!(p("9-MAR/1987"), None);
    }

    #[test]
    fn french() {
        assert_eq!(p("3 mars 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("1er avril 2019"), Some(d(2019, 4, 1)));
        assert_eq!(p("mardi 3 mars 2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("15 août 2021"), Some(d(2021, 8, 15)));
        assert_eq!(p("15 AOÛT 2021"), Some(d(2021, 8, 15)));
        assert_eq!(p("7 févr. 2022"), Some(d(2022, 2, 7)));
        assert_eq!(p("24 décembre 2018"), Some(d(2018, 12, 24)));
        assert_eq!(p("3 mars 2020 à 10h15"), Some(dt(2020, 3, 3, 10, 15, 0)));
        assert_eq!(p("3 mars 2020 à 10h"), Some(dt(2020, 3, 3, 10, 0, 0)));
        assert_eq!(p("3 mars 2020 10:15 CET"), Some(dt(2020, 3, 3, 9, 15, 0)));
    }

    #[test]
    fn numeric_day_and_month() {
        assert_eq!(p("25/12/2020"), Some(d(2020, 12, 25)));
        assert_eq!(p("12/25/2020"), Some(d(2020, 12, 25)));
        assert_eq!(p("03/03/2020"), Some(d(2020, 3, 3)));
        assert_eq!(p("25-12-2020"), Some(d(2020, 12, 25)));
        assert_eq!(p("3.12.2020"), Some(d(2020, 12, 3)));
        // Ambiguous: could be 4 March or 3 April.
        assert_eq!(p("03/04/2020"), None);
        assert_eq!(p("13/13/2020"), None);
    }

    #[test]
    fn ranges_are_checked() {
        assert_eq!(p("2020-02-29"), Some(d(2020, 2, 29)));
        assert_eq!(p("2019-02-29"), None);
        assert_eq!(p("2000-02-29"), Some(d(2000, 2, 29)));
        assert_eq!(p("1900-02-29"), None);
        assert_eq!(p("2020-02-30"), None);
        assert_eq!(p("February 30, 2020"), None);
        assert_eq!(p("2020-04-31"), None);
        assert_eq!(p("2020-13-01"), None);
        assert_eq!(p("2020-00-10"), None);
        assert_eq!(p("2020-01-00"), None);
        assert_eq!(p("0000-01-01"), None);
        assert_eq!(p("2020-03-03T24:00"), None);
        assert_eq!(p("2020-03-03T23:60"), None);
        assert_eq!(p("March 3, 2020 13:00 pm"), None);
        // A leap second stays within its minute.
        assert_eq!(
            p("2016-12-31T23:59:60Z"),
            Some(dt(2016, 12, 31, 23, 59, 59))
        );
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "   ",
            "2020",
            "March 2020",
            "March 3",
            "3 March",
            "20-03-03",
            "2020-03-03 and more",
            "Published: 2020-03-03",
            "3 Marchy 2020",
            "99999999999999999999-01-01",
            "2020-03-03T10",
            "2020-03-03T10:15:00+",
        ] {
            assert_eq!(p(text), None, "{text:?}");
        }
    }

    #[test]
    fn trailing_junk_after_time_is_refused() {
        assert_eq!(p("2020-03-03T10:15:00Z extra"), None);
        assert_eq!(
            p("2020-03-03 10:15 +01:00."),
            Some(dt(2020, 3, 3, 9, 15, 0))
        );
    }

    #[test]
    fn ordering_sorts_chronologically() {
        let mut dates = [
            p("2020-03-03T10:00:00Z"),
            p("2019-12-31"),
            p("2020-03-03"),
            p("2020-03-03T09:00:00Z"),
        ];
        dates.sort();
        assert_eq!(
            dates,
            [
                p("2019-12-31"),
                p("2020-03-03"),
                p("2020-03-03T09:00:00Z"),
                p("2020-03-03T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(d(987, 3, 9).ymd(), "0987-03-09");
        assert_eq!(d(2020, 3, 3).to_iso(), "2020-03-03");
        assert_eq!(dt(2020, 3, 3, 9, 5, 7).to_iso(), "2020-03-03T09:05:07Z");
    }

    #[test]
    fn unix_times() {
        assert_eq!(Date::from_unix(0), Some(dt(1970, 1, 1, 0, 0, 0)));
        assert_eq!(
            Date::from_unix(1_583_230_500),
            Some(dt(2020, 3, 3, 10, 15, 0))
        );
        assert_eq!(Date::from_unix(-1), Some(dt(1969, 12, 31, 23, 59, 59)));
        assert_eq!(Date::from_unix(951_782_400), Some(dt(2000, 2, 29, 0, 0, 0)));
        assert_eq!(Date::from_unix(i64::MAX), None);
        assert_eq!(Date::from_unix(i64::MIN), None);
        assert_eq!(Date::from_unix(253_402_300_800), None); // year 10000
    }

    #[test]
    fn civil_round_trip() {
        for days in (-719_162..2_932_896).step_by(997) {
            let date = from_days(days, 0).expect("in range");
            let back = days_from_civil(
                i64::from(date.year),
                i64::from(date.month),
                i64::from(date.day),
            );
            assert_eq!(back, days);
        }
    }

    #[test]
    fn datelines() {
        let lines = [
            "Chip maker raises forecast",
            "",
            "March 3, 2020",
            "Body text.",
        ];
        assert_eq!(find_dateline(&lines), Some((d(2020, 3, 3), 2)));

        let lines = ["Published: 9-MAR-1987 10:45", "Text"];
        assert_eq!(find_dateline(&lines), Some((dt(1987, 3, 9, 10, 45, 0), 0)));

        let lines = ["By Jane Roe | Tue, 3 Mar 2020"];
        assert_eq!(find_dateline(&lines), Some((d(2020, 3, 3), 0)));

        let lines = ["Dernière mise à jour : 1er avril 2019 à 10h15"];
        assert_eq!(find_dateline(&lines), Some((dt(2019, 4, 1, 10, 15, 0), 0)));

        let lines = ["Publié le 3 mars 2020"];
        assert_eq!(find_dateline(&lines), Some((d(2020, 3, 3), 0)));

        let lines = ["GENEVA, March 3, 2020 (Wirewire) -"];
        assert_eq!(find_dateline(&lines), Some((d(2020, 3, 3), 0)));

        let lines = ["26-FEB-1987 15:01:01.79", "REUTERS"];
        assert_eq!(find_dateline(&lines), Some((dt(1987, 2, 26, 15, 1, 1), 0)));

        let lines = ["https://example.com/news/2020/03/03/widgets-rise"];
        assert_eq!(find_dateline(&lines), None);

        let lines = ["  2020-03-03T10:15:00Z  "];
        assert_eq!(find_dateline(&lines), Some((dt(2020, 3, 3, 10, 15, 0), 0)));
    }

    #[test]
    fn dates_in_passing_are_not_datelines() {
        let lines = [
            "The board met on March 3, 2020 to approve the deal.",
            "It rained on March 3, 2020.",
            "Shares fell after the 3 March 2020 announcement by the firm.",
            "Nothing here",
        ];
        assert_eq!(find_dateline(&lines), None);
    }

    #[test]
    fn datelines_only_near_the_top_and_short() {
        let mut lines = vec!["line"; 8];
        lines.push("March 3, 2020");
        assert_eq!(find_dateline(&lines), None);

        // Blank lines do not count towards the eight.
        let mut lines = vec!["line", "", "", "", "", "", "", "", "", "", "line"];
        lines.extend(["a", "b", "c", "d", "e", "March 3, 2020"]);
        assert_eq!(find_dateline(&lines), Some((d(2020, 3, 3), 16)));

        let long = format!("{}March 3, 2020", " x".repeat(40));
        assert_eq!(find_dateline(&[long.as_str()]), None);
        assert_eq!(find_dateline(&[]), None);
    }

    #[test]
    fn never_panics_on_substrings() {
        let tricky = "Tue, 3 Mar 2020 10:15:00.999 +01:00 — 1er août 2019 à 23h59 \
                      9-MAR-1987 12/25/2020 2020-02-29T24:60:60−05:30 ÉTÉ 🙂 99999999999";
        let bounds: Vec<usize> = tricky
            .char_indices()
            .map(|(i, _)| i)
            .chain([tricky.len()])
            .collect();
        for (n, &start) in bounds.iter().enumerate() {
            for &end in &bounds[n..] {
                let piece = &tricky[start..end];
                let _ = Date::parse(piece);
                let _ = find_dateline(&[piece, piece]);
            }
        }
    }

    #[test]
    fn never_panics_on_random_bytes() {
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        let alphabet = b"0123456789-/:.,+ TZtzMarchmarsaoutpm\xc3\xa9\xff";
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            let len = usize::try_from(next() % 40).unwrap_or(0);
            for _ in 0..len {
                let pick = usize::try_from(next() % 1024).unwrap_or(0) % alphabet.len();
                bytes.push(alphabet[pick]);
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = Date::parse(&text);
            let _ = find_dateline(&[&text]);
        }
    }

    #[test]
    fn long_input_is_linear() {
        let long = "2020-03-03 ".repeat(200_000);
        assert_eq!(Date::parse(&long), None);
        let digits = "9".repeat(1_000_000);
        assert_eq!(Date::parse(&digits), None);
    }
}
