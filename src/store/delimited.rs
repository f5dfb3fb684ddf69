//! Articles from tables: CSV (`.csv`) and tab-separated (`.tsv`) files, as datasets of news are
//! published (Kaggle's "All the news": `id,title,publication,author,date,year,month,url,content`).
//!
//! The first row names the columns; each row after it is an article, its columns read by the
//! names JSON fields go by (see [`super::json`]): `title`/`headline`, `content`/`text`/
//! `article`/`body`, `date`, `publication`/`source`, `author`, `url`, `companies`. A text in
//! HTML is read as a web page's. Quoted cells may hold commas, quotes (doubled) and newlines, as
//! RFC 4180 has them; rows of more or fewer cells than the header are read as far as they go.

use serde_json::{Map, Value};

use super::json::{self, Field, JsonArticle, JsonProblem};

/// The articles of a table, each with the line its row starts on and its place among the rows
/// (from 0), and the problems: a table with no column for a title or a text, a row with neither.
pub fn parse_table(text: &str, delimiter: u8) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|name| name.trim().to_owned()).collect(),
        Err(e) => {
            problems.push(problem(
                None,
                None,
                format!("the first row cannot be read: {e}"),
            ));
            return (articles, problems);
        }
    };
    let readable = header
        .iter()
        .any(|name| matches!(json::field_of(name), Some((Field::Title | Field::Body, _))));
    if !readable {
        let columns = header.join(", ");
        let reason = format!("no column holds a title or a text (the columns: {columns})");
        problems.push(problem(Some(1), None, format!("line 1: {reason}")));
        return (articles, problems);
    }
    let mut row = csv::StringRecord::new();
    let mut index = 0;
    // Lines counted from the rows' starts, forward only.
    let (mut counted, mut lines) = (0, 1);
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
        match article_of_row(&header, &row) {
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
/// leaves alone ("Apple, Inc.").
fn company_names(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|', ','])
        .map(str::trim)
        .filter(|name| !name.is_empty() && !is_legal_form(name))
}

fn is_legal_form(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    [
        "inc", "ltd", "llc", "corp", "co", "plc", "ag", "sa", "nv", "gmbh", "limited",
    ]
    .iter()
    .any(|form| name.eq_ignore_ascii_case(form))
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
        let (articles, problems) = parse_table("name,price\nwidget,3\n", b',');
        assert_eq!(articles, []);
        assert_eq!(
            problems[0].reason,
            "line 1: no column holds a title or a text (the columns: name, price)"
        );
    }
}
