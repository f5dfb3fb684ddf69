//! Articles from tables: CSV (`.csv`) and tab-separated (`.tsv`) files, as datasets of news are
//! published (Kaggle's "All the news": `id,title,publication,author,date,year,month,url,content`).
//!
//! The first row names the columns; each row after it is an article, its columns read by the
//! names JSON fields go by (see [`super::json`]): `title`/`headline`, `content`/`text`/
//! `article`/`body`, `date`, `publication`/`source`, `author`, `url`, `companies`. A text in
//! HTML is read as a web page's. Quoted cells may hold commas, quotes (doubled) and newlines, as
//! RFC 4180 has them; rows of more or fewer cells than the header are read as far as they go.

use serde_json::{Map, Value};

use super::json::{self, Field, ItemsAt, JsonArticle, JsonProblem};

/// A table's columns, as its first row names them, and the byte that parts its cells: what a
/// block of its rows, read on its own, needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub names: Vec<String>,
    pub delimiter: u8,
}

impl Header {
    /// The header of a table whose first row is `row` (its text, line ending and all).
    pub fn of_row(row: &[u8], delimiter: u8) -> Header {
        let names = column_names(&mut table_reader(row, delimiter, true)).unwrap_or_default();
        Header { names, delimiter }
    }

    /// The header of the table in the file `path`, read again from its start.
    pub fn of_file(path: &std::path::Path, delimiter: u8) -> std::io::Result<Header> {
        let file = super::load::open_at(path, 0)?;
        let names = column_names(&mut table_reader(file, delimiter, true))
            .map_err(std::io::Error::other)?;
        Ok(Header { names, delimiter })
    }
}

/// A reader of a table's rows, cells parted by `delimiter`, its first row the column names when
/// `headers`. Rows may have more or fewer cells than the header.
fn table_reader<R: std::io::Read>(input: R, delimiter: u8, headers: bool) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(headers)
        .from_reader(input)
}

/// The column names of the table `reader` reads, trimmed.
fn column_names<R: std::io::Read>(reader: &mut csv::Reader<R>) -> csv::Result<Vec<String>> {
    Ok(reader
        .headers()?
        .iter()
        .map(|name| name.trim().to_owned())
        .collect())
}

/// The byte that parts the cells of a table named as `named` parts them (`,` for `.csv`, tab
/// for `.tsv`), by its first line: Excel writes `;` where the decimal mark is a comma, and
/// files named `.csv` are often parted by tabs or `|`. The one of `,` `;` tab `|` that the first
/// line (outside quotes) has most of, the name's when it has none.
pub fn delimiter_of(text: &str, named: u8) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t', b'|'];
    let named_count = candidates
        .iter()
        .position(|&c| c == named)
        .map_or(0, |k| counts[k]);
    // The name's unless another has more.
    let (best, most) = candidates
        .iter()
        .zip(counts)
        .max_by_key(|&(_, count)| count)
        .map_or((named, 0), |(&c, count)| (c, count));
    if most > named_count { best } else { named }
}

/// Finds where the rows of a table end, as the whole table read at once would part them
/// (`csv-core`'s reader, quotes and all), a piece of the table at a time: a large table is cut
/// into blocks of whole rows, each read on its own.
pub struct RowScanner {
    reader: csv_core::Reader,
    /// The offset of the next byte to look at.
    pub at: usize,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl RowScanner {
    pub fn new(delimiter: u8) -> RowScanner {
        RowScanner {
            reader: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            at: 0,
            output: vec![0; 1 << 16],
            ends: vec![0; 256],
        }
    }

    /// The end of the next row in `bytes` from [`RowScanner::at`] on; `None` once every byte is
    /// scanned (the text may go on). With `last`, the end of the text ends a row.
    pub fn next(&mut self, bytes: &[u8], last: bool) -> Option<usize> {
        loop {
            let input = bytes.get(self.at..).unwrap_or_default();
            if input.is_empty() && !last {
                return None;
            }
            let (result, read, _, _) =
                self.reader
                    .read_record(input, &mut self.output, &mut self.ends);
            self.at += read;
            match result {
                csv_core::ReadRecordResult::Record => return Some(self.at),
                csv_core::ReadRecordResult::End => return None,
                csv_core::ReadRecordResult::InputEmpty if !last => return None,
                // Room for the cells is not wanted: only where the row ends.
                _ => {}
            }
        }
    }
}

/// The articles of a block of a large table's rows that starts where `at` says (the first
/// block, item 0 on line 1, with the header row), read with the table's `header`.
pub fn parse_block(
    text: &str,
    header: &Header,
    at: ItemsAt,
) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let first = at.item == 0 && at.line == 1;
    let text = if first {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    let mut reader = table_reader(text.as_bytes(), header.delimiter, first);
    if first {
        // Read past it.
        let _ = reader.headers();
    }
    read_rows(text, reader, &header.names, at)
}

/// The articles of a table, each with the line its row starts on and its place among the rows
/// (from 0), and the problems: a table with no column for a title or a text, a row with neither.
pub fn parse_table(text: &str, delimiter: u8) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = table_reader(text.as_bytes(), delimiter, true);
    let articles = Vec::new();
    let mut problems = Vec::new();
    let header = match column_names(&mut reader) {
        Ok(header) => header,
        Err(e) => {
            problems.push(problem(
                None,
                None,
                format!("the first row cannot be read: {e}"),
            ));
            return (articles, problems);
        }
    };
    if let Some(reason) = unreadable(&header) {
        problems.push(problem(Some(1), None, reason));
        return (articles, problems);
    }
    let at = ItemsAt {
        line: 1,
        column: 1,
        item: 0,
    };
    let (articles, mut problems) = read_rows(text, reader, &header, at);
    if articles.is_empty() && problems.is_empty() {
        problems.push(problem(
            Some(1),
            None,
            "line 1: no row after the header".to_owned(),
        ));
    }
    (articles, problems)
}

/// Why a table of these columns holds no article, when it holds none: no column names a title
/// or a text.
pub fn unreadable(names: &[String]) -> Option<String> {
    let readable = names
        .iter()
        .any(|name| matches!(json::field_of(name), Some((Field::Title | Field::Body, _))));
    (!readable).then(|| {
        let columns = names.join(", ");
        format!("line 1: no column holds a title or a text (the columns: {columns})")
    })
}

/// The articles of the rows `reader` reads from `text`, which starts on line `at.line` with
/// row number `at.item`.
fn read_rows(
    text: &str,
    mut reader: csv::Reader<&[u8]>,
    header: &[String],
    at: ItemsAt,
) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut row = csv::StringRecord::new();
    let mut index = at.item;
    // Lines counted from the rows' starts, forward only.
    let (mut counted, mut lines) = (0, at.line);
    let mut line_at = |at: usize| {
        let at = at.clamp(counted, text.len());
        // A row "starts" at the line ending before it when the ending is CRLF: its `\n`.
        let at = at
            + text.as_bytes()[at..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        lines += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..at]).count();
        counted = at;
        lines
    };
    loop {
        let line = line_at(usize::try_from(reader.position().byte()).unwrap_or(0));
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // The input is text already, so a cell cannot fail to decode: this is the end.
                problems.push(problem(
                    Some(line),
                    Some(index),
                    format!("line {line}: {e}"),
                ));
                break;
            }
        }
        let line = row
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .map_or(line, &mut line_at);
        match article_of_row(header, &row) {
            Ok((meta, body)) => articles.push(JsonArticle {
                meta,
                body,
                line: Some(line),
                index: Some(index),
                offset: None,
            }),
            Err(reason) => {
                problems.push(problem(
                    Some(line),
                    Some(index),
                    format!("line {line}: {reason}"),
                ));
            }
        }
        index += 1;
    }
    (articles, problems)
}

fn problem(line: Option<usize>, index: Option<usize>, reason: String) -> JsonProblem {
    JsonProblem {
        line,
        index,
        reason,
    }
}

/// A row as the record of a JSON export: its cells under their columns' names, blank ones left
/// out (so that a blank `content` leaves the text to the next column that has one). A cell of
/// companies is a list: names parted by `;`, `|` or `,`.
fn article_of_row(
    header: &[String],
    row: &csv::StringRecord,
) -> Result<(super::Meta, String), String> {
    let mut object = Map::new();
    for (name, cell) in header.iter().zip(row.iter()) {
        let cell = cell.trim();
        if cell.is_empty() || object.contains_key(name) {
            continue;
        }
        let value = match json::field_of(name) {
            Some((Field::Companies, _)) => Value::Array(
                company_names(cell)
                    .map(|name| Value::String(name.to_owned()))
                    .collect(),
            ),
            _ => Value::String(cell.to_owned()),
        };
        object.insert(name.clone(), value);
    }
    json::article_from_object(object)
}

/// The company names of a cell: parted by `;`, `|` or `,`, without the legal forms a comma
/// leaves alone ("Apple, Inc.": the recogniser's list of them).
fn company_names(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|', ',']).map(str::trim).filter(|name| {
        !name.is_empty() && !crate::companies::is_legal_form(name.trim_end_matches('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_articles_read_by_their_columns_names() {
        // The columns of Kaggle's "All the news"; a text over three lines, with a quoted quote
        // and a comma.
        let table = "\u{feff}id,title,publication,author,date,year,month,url,content\r\n\
            17283,Contoso Bank picks Northwind,Example Wire,Grace Hopper,2017-01-03,2017.0,1.0,\
            https://www.example.com/a,\"Contoso Bank chose Northwind Systems, its \"\"cloud\"\" partner.\r\n\r\nThe deal runs for five years.\"\r\n\
            17284,,,,,,,,\r\n\
            17285,Fabrikam buys a rival,,,2017-01-04\r\n";
        let (articles, problems) = parse_table(table, b',');
        assert_eq!(articles.len(), 2);
        let a = &articles[0];
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Contoso Bank picks Northwind")
        );
        assert_eq!(a.meta.source.as_deref(), Some("Example Wire"));
        assert_eq!(a.meta.author.as_deref(), Some("Grace Hopper"));
        assert_eq!(a.meta.date_text.as_deref(), Some("2017-01-03"));
        assert_eq!(a.meta.url.as_deref(), Some("https://www.example.com/a"));
        assert_eq!(
            a.body,
            "Contoso Bank chose Northwind Systems, its \"cloud\" partner.\r\n\r\nThe deal runs for five years."
        );
        assert_eq!((a.line, a.index), (Some(2), Some(0)));
        // A headline alone is an article; a row of nothing is a problem, by its line.
        assert_eq!(
            articles[1].meta.title.as_deref(),
            Some("Fabrikam buys a rival")
        );
        assert_eq!((articles[1].line, articles[1].index), (Some(6), Some(2)));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(5));
        assert!(problems[0].reason.starts_with("line 5: "), "{problems:?}");
    }

    #[test]
    fn the_scanner_finds_rows_of_many_and_long_cells_as_they_grow() {
        let wide = vec!["x"; 1000].join(",");
        let long = format!("\"{}\"", "quoted, \"\"long\"\"\n".repeat(10_000));
        let text = format!("a,b\r\n{wide}\r\n{long},y\n\"last\"");
        let bytes = text.as_bytes();
        let mut ends = Vec::new();
        let mut scanner = RowScanner::new(b',');
        for end in (0..=bytes.len()).step_by(997).chain([bytes.len()]) {
            while let Some(row_end) = scanner.next(&bytes[..end], false) {
                ends.push(row_end);
            }
        }
        while let Some(row_end) = scanner.next(bytes, true) {
            ends.push(row_end);
        }
        let first = text.find("\r\n").unwrap() + 1;
        let second = first + 1 + wide.len() + 1;
        let third = text.rfind("\n\"last").unwrap() + 1;
        assert_eq!(ends, [first, second, third, text.len()]);
    }

    #[test]
    fn the_cells_are_parted_as_the_first_line_says() {
        assert_eq!(delimiter_of("title;content;date\nA;b;c\n", b','), b';');
        assert_eq!(delimiter_of("title,content\n", b','), b',');
        assert_eq!(delimiter_of("title\tcontent\n", b','), b'\t');
        assert_eq!(delimiter_of("\"a;b\",title,content\n", b','), b',');
        assert_eq!(delimiter_of("title|content|url\n", b'\t'), b'|');
        assert_eq!(delimiter_of("title\n", b'\t'), b'\t');
        // Excel's, where the decimal mark is a comma.
        let (articles, problems) = parse_table(
            "Title;Content\r\nDeal;Northwind Systems agreed, at 1,5%.\r\n",
            b';',
        );
        assert_eq!(problems, []);
        assert_eq!(articles[0].body, "Northwind Systems agreed, at 1,5%.");
    }

    #[test]
    fn tabs_companies_and_a_table_of_something_else() {
        let table = "headline\ttext\tcompanies\n\
            Deal\tNorthwind Systems and Contoso Bank agreed.\tNorthwind Systems; Contoso Bank\n\
            Other\tApple, Inc. said so.\tApple, Inc., Fabrikam Group\n";
        let (articles, problems) = parse_table(table, b'\t');
        assert_eq!(problems, []);
        assert_eq!(
            articles[0].meta.companies,
            ["Northwind Systems", "Contoso Bank"]
        );
        assert_eq!(articles[1].meta.companies, ["Apple", "Fabrikam Group"]);
        let (articles, problems) = parse_table("title,content\r\n", b',');
        assert_eq!(articles, []);
        assert_eq!(problems[0].reason, "line 1: no row after the header");
        let (articles, problems) = parse_table("name,price\nwidget,3\n", b',');
        assert_eq!(articles, []);
        assert_eq!(
            problems[0].reason,
            "line 1: no column holds a title or a text (the columns: name, price)"
        );
    }
}
