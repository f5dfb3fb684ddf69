//! The user's configuration file: key bindings, colours and the reading width.
//!
//! The file is `$XDG_CONFIG_HOME/tidings/config.toml`, else `$HOME/.config/tidings/config.toml`;
//! it is optional, and every setting in it is. [NO_COLOR](https://no-color.org) is read here too,
//! so the rest of the program has one place to ask.
//!
//! ```toml
//! [reader]
//! width = 80          # cap on the text width in columns, 20..=400
//! cap = true          # start with the cap on
//!
//! [colors]            # a name, "#rrggbb", or 0..=255 (indexed)
//! accent = "cyan"
//! selection = 236
//!
//! [keys.list]         # contexts: list, reader, filter, help, global
//! "ctrl-j" = "down"   # key = action; "none" unbinds the key
//! ```
//!
//! The document is walked by hand over [`toml::de::DeTable`] rather than deserialised with
//! serde, because every value keeps its span there: each error can then name its own line, and
//! unknown names get a "did you mean" from the list of names that are valid at that place.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::ops::{Range, RangeInclusive};
use std::path::PathBuf;

use anyhow::anyhow;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The reading width used when the file does not set one.
pub const DEFAULT_READING_WIDTH: u16 = 80;

/// The reading widths the file may set: narrower is unreadable, wider is no cap at all.
pub const READING_WIDTH_RANGE: RangeInclusive<u16> = 20..=400;

/// The contexts a `[keys.*]` table may name, as the key table calls them.
pub const CONTEXTS: [&str; 7] = [
    "list", "reader", "filter", "search", "panel", "help", "global",
];

/// The action that removes a default binding instead of adding one.
pub const UNBIND: &str = "none";

/// The top-level sections of the file.
const SECTIONS: [&str; 5] = ["reader", "list", "collection", "colors", "keys"];

/// The settings of `[list]`.
const LIST_SETTINGS: [&str; 2] = ["sort", "scope"];

/// The settings of `[collection]`.
const COLLECTION_SETTINGS: [&str; 1] = ["auto_reload"];

/// The settings of `[reader]`.
const READER_SETTINGS: [&str; 2] = ["width", "cap"];

/// The colour names a value may use, with what they mean.
const COLOR_NAMES: [(&str, Color); 17] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
    ("reset", Color::Reset),
];

/// Named keys (besides f1..f12), lowercase; a few common aliases are accepted too.
const KEY_NAMES: [(&str, KeyCode); 21] = [
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("enter", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("esc", KeyCode::Esc),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("return", KeyCode::Enter),
    ("escape", KeyCode::Esc),
    ("del", KeyCode::Delete),
];

/// A colour role the theme exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColorRole {
    /// Borders of the focused pane, the prompt, keys in hints.
    Accent,
    /// Characters the filter matched.
    Match,
    /// Background of highlighted company mentions (and words the filter matched) in the reader.
    Mention,
    /// Background of the selected row.
    Selection,
    /// Secondary text.
    Dim,
    /// The companies line in the reader.
    Company,
}

impl ColorRole {
    /// Every role, in the order the documentation lists them.
    pub const ALL: [ColorRole; 6] = [
        ColorRole::Accent,
        ColorRole::Match,
        ColorRole::Mention,
        ColorRole::Selection,
        ColorRole::Dim,
        ColorRole::Company,
    ];

    /// The role's name in `[colors]`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ColorRole::Accent => "accent",
            ColorRole::Match => "match",
            ColorRole::Mention => "mention",
            ColorRole::Selection => "selection",
            ColorRole::Dim => "dim",
            ColorRole::Company => "company",
        }
    }

    /// The role a `[colors]` name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<ColorRole> {
        ColorRole::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// One key binding from the config, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// The context it applies in: one of [`CONTEXTS`].
    pub context: String,
    /// The key.
    pub code: KeyCode,
    /// Its modifiers, normalised as [`parse_key`] describes.
    pub modifiers: KeyModifiers,
    /// The action's name as written, validated against the list given to [`parse`];
    /// [`UNBIND`] (`"none"`) unbinds the key.
    pub action: String,
    /// The 1-based line it was written on, for later messages about it.
    pub line: usize,
}

impl KeyBinding {
    /// Whether this binding removes the key's default binding rather than adding one.
    #[must_use]
    pub fn is_unbind(&self) -> bool {
        self.action == UNBIND
    }
}

/// The settings read from the config file, over the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Cap on the reader's text width in columns (default [`DEFAULT_READING_WIDTH`]).
    pub reading_width: u16,
    /// Whether the cap starts on (default true); a key toggles it.
    pub cap_width: bool,
    /// Read the collection again as soon as its files have changed and settled (default false:
    /// the status line says they changed, and `Ctrl-r` reads them).
    pub auto_reload: bool,
    /// The list's order at start (`[list] sort`; `None`: relevance, or what `--sort` says).
    pub sort: Option<crate::order::Order>,
    /// The filter's scope at start (`[list] scope`; `None`: companies, or what `--scope` says).
    pub scope: Option<crate::query::Scope>,
    /// Colour overrides in file order; roles not listed keep the theme's colour.
    pub colors: Vec<(ColorRole, Color)>,
    /// Key bindings in file order, to be applied over the default key table.
    pub keys: Vec<KeyBinding>,
    /// `NO_COLOR` is set: draw without colour, whatever `colors` says.
    pub no_color: bool,
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            reading_width: DEFAULT_READING_WIDTH,
            cap_width: true,
            auto_reload: false,
            sort: None,
            scope: None,
            colors: Vec::new(),
            keys: Vec::new(),
            no_color: false,
            path: None,
        }
    }
}

impl Config {
    /// The colour the file sets for `role`, if it sets one.
    #[must_use]
    pub fn color(&self, role: ColorRole) -> Option<Color> {
        self.colors
            .iter()
            .rev()
            .find(|(r, _)| *r == role)
            .map(|&(_, color)| color)
    }
}

/// Where the config file is (whether or not it exists).
///
/// `env` reads an environment variable (`|name| std::env::var_os(name)` in the program); it is
/// a parameter so tests need not touch the process environment. An empty or relative
/// `XDG_CONFIG_HOME` is ignored, as the XDG base directory specification says.
pub fn config_path(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    crate::state::xdg_dir(env, "XDG_CONFIG_HOME", &[".config"]).map(|dir| dir.join("config.toml"))
}

/// Loads the config: no file → defaults; unreadable/invalid file → Err with the one-line
/// message naming the file and line; applies `NO_COLOR` from `env`.
///
/// `actions` is passed on to [`parse`].
///
/// # Errors
///
/// `error in '<file>' line N: ...` for an invalid file, `cannot read '<file>': ...` for one that
/// exists but cannot be read.
pub fn load(env: impl Fn(&str) -> Option<OsString>, actions: &[&str]) -> anyhow::Result<Config> {
    // NO_COLOR counts only when set to something: https://no-color.org
    let no_color = env("NO_COLOR").is_some_and(|value| !value.is_empty());
    let Some(path) = config_path(env) else {
        return Ok(Config {
            no_color,
            ..Config::default()
        });
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        // No file is the usual case, not an error.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config {
                no_color,
                ..Config::default()
            });
        }
        Err(err) => return Err(anyhow!("cannot read '{}': {err}", path.display())),
    };
    // Read bytes rather than a String so that bad UTF-8 can be blamed on a line too.
    let text = String::from_utf8(bytes).map_err(|err| {
        let line = line_of(err.as_bytes(), err.utf8_error().valid_up_to());
        anyhow!(
            "error in '{}' line {line}: the file is not valid UTF-8",
            path.display()
        )
    })?;
    let mut config =
        parse(&text, actions).map_err(|msg| anyhow!("error in '{}' {msg}", path.display()))?;
    config.no_color = no_color;
    config.path = Some(path);
    Ok(config)
}

/// Parses config text. `actions` is the list of valid action names (the caller passes its key
/// table's names). Errors are one line: "line N: ..." (the caller adds the file name), with a
/// suggestion for near-miss names (edit distance ≤ 2).
///
/// The result has `no_color` false and no `path`: those belong to [`load`].
///
/// # Errors
///
/// The first problem in the file, as `line N: what is wrong`.
pub fn parse(text: &str, actions: &[&str]) -> Result<Config, String> {
    let document = DeTable::parse(text).map_err(|err| syntax_error(text, &err))?;
    let walker = Walker { text, actions };
    let mut config = Config::default();
    for (key, value) in in_file_order(document.get_ref()) {
        match key.get_ref().as_ref() {
            "reader" => walker.reader(value, &mut config)?,
            "collection" => walker.collection(value, &mut config)?,
            "list" => walker.list(value, &mut config)?,
            "colors" => walker.colors(value, &mut config)?,
            "keys" => walker.keys(value, &mut config)?,
            name => {
                return Err(walker.error(key, unknown("section", name, "", &SECTIONS)));
            }
        }
    }
    Ok(config)
}

/// Parses one key as written in the config.
///
/// A single character stands for itself and keeps its case (`"G"` is not `"g"`); `" "` and
/// `"space"` are the space bar. Longer names (`up`, `pagedown`, `enter`, `f5`, ...) and the
/// modifiers `ctrl-`, `alt-` and `shift-` are case-insensitive. Two normalisations match how
/// the key table reads key events: `shift-tab` is `BackTab` with no modifier, and `ctrl-` with
/// a letter gives the lowercase letter, since terminals send Ctrl-G and Ctrl-g alike.
///
/// # Errors
///
/// What is wrong with the key, without a line number (the caller knows it).
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    if text.is_empty() {
        return Err("empty key".to_owned());
    }
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    'prefixes: loop {
        for (prefix, modifier) in [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ] {
            // `get` rather than slicing: the text may have a multi-byte character there.
            let Some(head) = rest.get(..prefix.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(prefix) {
                continue;
            }
            if modifiers.contains(modifier) {
                return Err(format!("\"{prefix}\" is written twice"));
            }
            modifiers |= modifier;
            rest = &rest[prefix.len()..];
            if rest.is_empty() {
                return Err(format!("nothing after \"{head}\""));
            }
            continue 'prefixes;
        }
        break;
    }
    let code = key_code(rest)?;
    let code = match code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
            let hint = if c.is_lowercase() {
                format!("; for a capital write \"{}\"", c.to_uppercase())
            } else {
                String::new()
            };
            return Err(format!(
                "shift- goes only with named keys such as tab or up{hint}"
            ));
        }
        KeyCode::Tab | KeyCode::BackTab if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        code => code,
    };
    Ok((code, modifiers))
}

/// The key a name (without modifiers) stands for.
fn key_code(name: &str) -> Result<KeyCode, String> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some(&(_, code)) = KEY_NAMES.iter().find(|(key, _)| *key == lower) {
        return Ok(code);
    }
    if let Some(number) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return if (1..=12).contains(&number) {
            Ok(KeyCode::F(number))
        } else {
            Err(format!(
                "unknown key name \"{name}\" (function keys go from f1 to f12)"
            ))
        };
    }
    let names = KEY_NAMES.map(|(key, _)| key);
    let mut message = format!("unknown key name \"{name}\"");
    if let Some(near) = suggest(name, &names) {
        let _ = write!(message, " (did you mean \"{near}\"?)");
    } else if name.contains('+') {
        message.push_str(" (write modifiers as ctrl-, alt-, shift-)");
    } else {
        message
            .push_str(" (expected one character, a name such as up, pagedown, enter, or f1..f12)");
    }
    Err(message)
}

/// The colour a `[colors]` string names: a colour name or `#rrggbb`. `Err` holds what was
/// wrong, without the line.
fn parse_color(text: &str, setting: &str) -> Result<Color, String> {
    if let Some(hex) = text.strip_prefix('#') {
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|digits| u8::from_str_radix(digits, 16).ok())
        };
        return match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Color::Rgb(r, g, b)),
            _ => Err(format!(
                "{setting} must be \"#rrggbb\" with six hex digits, not \"{text}\""
            )),
        };
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // "236" in quotes is read as the number people meant.
        return match text.parse::<u8>() {
            Ok(index) => Ok(Color::Indexed(index)),
            Err(_) => Err(format!("{setting} must be from 0 to 255, not {text}")),
        };
    }
    // Spelling of the separator and of grey/gray varies; the colour does not.
    let simplify = |name: &str| {
        name.to_ascii_lowercase()
            .replace("grey", "gray")
            .replace(['-', '_', ' '], "")
    };
    let wanted = simplify(text);
    if let Some(&(_, color)) = COLOR_NAMES
        .iter()
        .find(|(name, _)| simplify(name) == wanted)
    {
        return Ok(color);
    }
    let names = COLOR_NAMES.map(|(name, _)| name);
    let mut message = format!("unknown color \"{text}\" for {setting}");
    if let Some(near) = suggest(text, &names) {
        let _ = write!(message, " (did you mean \"{near}\"?)");
    } else {
        let _ = write!(
            message,
            " (expected {}, \"#rrggbb\" or a number from 0 to 255)",
            one_of(&names)
        );
    }
    Err(message)
}

/// Walks the parsed document, turning each value into settings or an error naming its line.
struct Walker<'a> {
    /// The file's text, to turn spans into line numbers.
    text: &'a str,
    /// The valid action names.
    actions: &'a [&'a str],
}

impl Walker<'_> {
    /// An error message for something at `spanned`'s place.
    fn error<T>(&self, spanned: &Spanned<T>, message: impl AsRef<str>) -> String {
        at_line(self.text, spanned.span(), message.as_ref())
    }

    /// The table a section must be, or an error naming how to write it.
    fn table<'v, 'i>(
        &self,
        value: &'v Spanned<DeValue<'i>>,
        name: &str,
    ) -> Result<&'v DeTable<'i>, String> {
        match value.get_ref() {
            DeValue::Table(table) => Ok(table),
            other => Err(self.error(
                value,
                format!("{name} must be a table ([{name}]), not {}", describe(other)),
            )),
        }
    }

    /// Reads `[reader]`.
    fn reader(&self, value: &Spanned<DeValue<'_>>, config: &mut Config) -> Result<(), String> {
        for (key, value) in in_file_order(self.table(value, "reader")?) {
            match key.get_ref().as_ref() {
                "width" => config.reading_width = self.width(value)?,
                "cap" => match value.get_ref() {
                    DeValue::Boolean(cap) => config.cap_width = *cap,
                    other => {
                        return Err(self.error(
                            value,
                            format!("reader.cap must be true or false, not {}", describe(other)),
                        ));
                    }
                },
                name => {
                    return Err(self.error(
                        key,
                        unknown("setting", name, " in [reader]", &READER_SETTINGS),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Reads `[list]`.
    fn list(&self, value: &Spanned<DeValue<'_>>, config: &mut Config) -> Result<(), String> {
        for (key, value) in in_file_order(self.table(value, "list")?) {
            let name = key.get_ref().as_ref();
            let (valid, text): (&[&str], _) = match name {
                "sort" => (&["relevance", "date", "title", "source"], value.get_ref()),
                "scope" => (&["companies", "titles", "text"], value.get_ref()),
                _ => {
                    return Err(
                        self.error(key, unknown("setting", name, " in [list]", &LIST_SETTINGS))
                    );
                }
            };
            let DeValue::String(text) = text else {
                return Err(self.error(
                    value,
                    format!(
                        "list.{name} must be a string ({}), not {}",
                        one_of(valid),
                        describe(text)
                    ),
                ));
            };
            let wrong = || {
                self.error(
                    value,
                    format!("list.{name} must be {}, not \"{text}\"", one_of(valid)),
                )
            };
            if name == "sort" {
                config.sort = Some(crate::order::Order::from_name(text).ok_or_else(wrong)?);
            } else {
                config.scope = Some(crate::query::Scope::from_name(text).ok_or_else(wrong)?);
            }
        }
        Ok(())
    }

    /// Reads `[collection]`.
    fn collection(&self, value: &Spanned<DeValue<'_>>, config: &mut Config) -> Result<(), String> {
        for (key, value) in in_file_order(self.table(value, "collection")?) {
            match key.get_ref().as_ref() {
                "auto_reload" => match value.get_ref() {
                    DeValue::Boolean(on) => config.auto_reload = *on,
                    other => {
                        return Err(self.error(
                            value,
                            format!(
                                "collection.auto_reload must be true or false, not {}",
                                describe(other)
                            ),
                        ));
                    }
                },
                name => {
                    return Err(self.error(
                        key,
                        unknown("setting", name, " in [collection]", &COLLECTION_SETTINGS),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Reads `reader.width`.
    fn width(&self, value: &Spanned<DeValue<'_>>) -> Result<u16, String> {
        let (min, max) = (READING_WIDTH_RANGE.start(), READING_WIDTH_RANGE.end());
        let DeValue::Integer(integer) = value.get_ref() else {
            return Err(self.error(
                value,
                format!(
                    "reader.width must be a number of columns from {min} to {max}, not {}",
                    describe(value.get_ref())
                ),
            ));
        };
        // A number too big for i64 is out of range as much as 401 is.
        i64::from_str_radix(integer.as_str(), integer.radix())
            .ok()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| READING_WIDTH_RANGE.contains(n))
            .ok_or_else(|| {
                self.error(
                    value,
                    format!("reader.width must be from {min} to {max}, not {integer}"),
                )
            })
    }

    /// Reads `[colors]`.
    fn colors(&self, value: &Spanned<DeValue<'_>>, config: &mut Config) -> Result<(), String> {
        for (key, value) in in_file_order(self.table(value, "colors")?) {
            let name = key.get_ref().as_ref();
            let Some(role) = ColorRole::from_name(name) else {
                let roles = ColorRole::ALL.map(ColorRole::name);
                return Err(self.error(key, unknown("color role", name, " in [colors]", &roles)));
            };
            let setting = format!("colors.{name}");
            let color = match value.get_ref() {
                DeValue::String(text) => parse_color(text, &setting),
                DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                    .ok()
                    .and_then(|n| u8::try_from(n).ok())
                    .map(Color::Indexed)
                    .ok_or_else(|| format!("{setting} must be from 0 to 255, not {integer}")),
                other => Err(format!(
                    "{setting} must be a color name, \"#rrggbb\" or a number from 0 to 255, not {}",
                    describe(other)
                )),
            };
            config
                .colors
                .push((role, color.map_err(|message| self.error(value, message))?));
        }
        Ok(())
    }

    /// Reads `[keys]` and its `[keys.<context>]` tables.
    fn keys(&self, value: &Spanned<DeValue<'_>>, config: &mut Config) -> Result<(), String> {
        for (key, value) in in_file_order(self.table(value, "keys")?) {
            let context = key.get_ref().as_ref();
            if !CONTEXTS.contains(&context) {
                return Err(self.error(key, unknown("context", context, " in [keys]", &CONTEXTS)));
            }
            let table = self.table(value, &format!("keys.{context}"))?;
            // The same key written two ways ("ctrl-j", "Ctrl-J") would silently let the
            // later one win; say so instead. TOML itself catches the same spelling twice.
            let mut seen: Vec<(KeyCode, KeyModifiers, &str, usize)> = Vec::new();
            for (key, action) in in_file_order(table) {
                let written = key.get_ref().as_ref();
                let line = line_of(self.text.as_bytes(), key.span().start);
                let (code, modifiers) = parse_key(written).map_err(|why| {
                    self.error(
                        key,
                        format!("invalid key \"{written}\" in [keys.{context}]: {why}"),
                    )
                })?;
                if let Some((.., first, first_line)) =
                    seen.iter().find(|(c, m, ..)| *c == code && *m == modifiers)
                {
                    return Err(self.error(
                        key,
                        format!(
                            "\"{written}\" in [keys.{context}] is the same key as \"{first}\" on line {first_line}"
                        ),
                    ));
                }
                seen.push((code, modifiers, written, line));
                let name = self.action(action, written, context)?;
                config.keys.push(KeyBinding {
                    context: context.to_owned(),
                    code,
                    modifiers,
                    action: name,
                    line,
                });
            }
        }
        Ok(())
    }

    /// Reads and checks the action a key is bound to.
    fn action(
        &self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        context: &str,
    ) -> Result<String, String> {
        let DeValue::String(name) = value.get_ref() else {
            return Err(self.error(
                value,
                format!(
                    "the action for \"{key}\" in [keys.{context}] must be an action name in quotes, not {}",
                    describe(value.get_ref())
                ),
            ));
        };
        if name == UNBIND || self.actions.contains(&name.as_ref()) {
            return Ok(name.to_string());
        }
        let mut names = self.actions.to_vec();
        names.push(UNBIND);
        Err(self.error(value, unknown("action", name, "", &names)))
    }
}

/// A table's entries in the order they are written: the parsed table is sorted by name, but
/// bindings should apply, and the first error be reported, in file order.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// "unknown {kind} "{name}"{place}", with the nearest valid name or else the valid names.
fn unknown(kind: &str, name: &str, place: &str, valid: &[&str]) -> String {
    let mut message = format!("unknown {kind} \"{name}\"{place}");
    if let Some(near) = suggest(name, valid) {
        let _ = write!(message, " (did you mean \"{near}\"?)");
    } else {
        let _ = write!(message, " (expected {})", one_of(valid));
    }
    message
}

/// "a, b or c".
fn one_of(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The valid name nearest to a mistyped one, if it is near enough to be what was meant: at most
/// two edits away, and fewer edits than the typed name has characters (so "x" does not
/// suggest "up"). Case is ignored, so "Quit" suggests "quit".
fn suggest<'a>(typed: &str, valid: &[&'a str]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let length = typed.chars().count();
    valid
        .iter()
        .map(|name| (edit_distance(&typed, &name.to_lowercase()), *name))
        .filter(|&(distance, _)| distance <= 2 && distance < length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Edit distance counting a swap of neighbours as one edit ("widht" → "width"), which is the
/// commonest typo (optimal string alignment distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one before last is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// How a wrong value is shown in "must be ..., not {}".
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("\"{text}\""),
        DeValue::Integer(integer) => integer.to_string(),
        DeValue::Float(float) => float.to_string(),
        DeValue::Boolean(flag) => flag.to_string(),
        DeValue::Datetime(_) => "a date".to_owned(),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// A TOML syntax error as "line N: message".
fn syntax_error(text: &str, err: &toml::de::Error) -> String {
    // toml's own Display draws the offending line with a caret over several lines; the
    // message alone keeps the error to one line.
    let mut message = err.message().replace('\n', "; ");
    let span = err.span().unwrap_or(0..0);
    if message == "duplicate key"
        && let Some(name) = text.get(span.clone()).filter(|name| !name.is_empty())
    {
        let _ = write!(message, " {name}");
    }
    at_line(text, span, &message)
}

/// "line N: message" for a byte span of `text`.
fn at_line(text: &str, span: Range<usize>, message: &str) -> String {
    let mut line = format!("line {}: ", line_of(text.as_bytes(), span.start));
    // The message quotes what the file wrote, where a TOML string may hold any character
    // (`"com\npanies"`): a control character is shown as its escape, so that the error stays
    // one line and nothing of the file reaches the terminal as a control sequence.
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    // N newlines split the text before the offset into N + 1 pieces.
    bytes[..offset.min(bytes.len())]
        .split(|&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Action names as the key table would pass them.
    const ACTIONS: &[&str] = &[
        "quit",
        "down",
        "up",
        "scroll_down",
        "scroll_up",
        "toggle_cap",
        "filter",
        "help",
    ];

    const EXAMPLE: &str = r##"[reader]
width = 80          # cap on the text width in columns, 20..=400
cap = true          # start with the cap on (a key toggles it)

[colors]            # any subset
accent = "cyan"     # borders of the focused pane, prompt, keys in hints
match = "yellow"    # characters the filter matched
mention = "#ffd75f" # background of highlighted company mentions and matched words in the reader
selection = 236     # background of the selected row
dim = "dark-gray"   # secondary text
company = "cyan"    # the companies line in the reader

[keys.list]         # context tables: list, reader, filter, help, global
"ctrl-j" = "down"   # key = action; a key may also be bound to "none" to unbind it
"x" = "quit"
[keys.reader]
"n" = "scroll_down"
"##;

    fn ok(text: &str) -> Config {
        match parse(text, ACTIONS) {
            Ok(config) => config,
            Err(err) => panic!("{text:?} should parse, got {err}"),
        }
    }

    fn err(text: &str) -> String {
        match parse(text, ACTIONS) {
            Ok(config) => panic!("{text:?} should fail, got {config:?}"),
            Err(err) => err,
        }
    }

    fn key(text: &str) -> (KeyCode, KeyModifiers) {
        parse_key(text).unwrap_or_else(|err| panic!("{text:?}: {err}"))
    }

    fn color(value: &str) -> Result<Color, String> {
        parse(&format!("[colors]\naccent = {value}\n"), ACTIONS).map(|config| config.colors[0].1)
    }

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// A fresh directory of its own for a test that writes files.
    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tidings-config-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

    // ---- the example ----

    #[test]
    fn example_parses_to_the_expected_config() {
        let binding = |context: &str, code, modifiers, action: &str, line| KeyBinding {
            context: context.to_owned(),
            code,
            modifiers,
            action: action.to_owned(),
            line,
        };
        let expected = Config {
            reading_width: 80,
            cap_width: true,
            auto_reload: false,
            sort: None,
            scope: None,
            colors: vec![
                (ColorRole::Accent, Color::Cyan),
                (ColorRole::Match, Color::Yellow),
                (ColorRole::Mention, Color::Rgb(0xff, 0xd7, 0x5f)),
                (ColorRole::Selection, Color::Indexed(236)),
                (ColorRole::Dim, Color::DarkGray),
                (ColorRole::Company, Color::Cyan),
            ],
            keys: vec![
                binding("list", KeyCode::Char('j'), CTRL, "down", 14),
                binding("list", KeyCode::Char('x'), NONE, "quit", 15),
                binding("reader", KeyCode::Char('n'), NONE, "scroll_down", 17),
            ],
            no_color: false,
            path: None,
        };
        assert_eq!(ok(EXAMPLE), expected);
    }

    #[test]
    fn empty_text_gives_defaults() {
        assert_eq!(ok(""), Config::default());
        assert_eq!(ok("# only a comment\n\n"), Config::default());
        let defaults = Config::default();
        assert_eq!(defaults.reading_width, 80);
        assert!(defaults.cap_width);
        assert!(defaults.colors.is_empty() && defaults.keys.is_empty());
        assert!(!defaults.no_color);
        assert_eq!(defaults.path, None);
    }

    #[test]
    fn empty_sections_are_fine() {
        assert_eq!(
            ok("[reader]\n[colors]\n[keys]\n[keys.help]\n"),
            Config::default()
        );
    }

    // ---- [reader] ----

    #[test]
    fn reader_settings() {
        let config = ok("[reader]\nwidth = 100\ncap = false\n");
        assert_eq!(config.reading_width, 100);
        assert!(!config.cap_width);
    }

    #[test]
    fn width_bounds_are_inclusive() {
        assert_eq!(ok("[reader]\nwidth = 20").reading_width, 20);
        assert_eq!(ok("[reader]\nwidth = 400").reading_width, 400);
        assert_eq!(ok("[reader]\nwidth = 0x50").reading_width, 80);
    }

    #[test]
    fn dotted_and_inline_forms_work() {
        assert_eq!(ok("reader.width = 60").reading_width, 60);
        assert_eq!(ok("reader = { width = 61 }").reading_width, 61);
    }

    #[test]
    fn width_out_of_range() {
        assert_eq!(
            err("[reader]\nwidth = 10\n"),
            "line 2: reader.width must be from 20 to 400, not 10"
        );
        assert_eq!(
            err("[reader]\n\nwidth = 401\n"),
            "line 3: reader.width must be from 20 to 400, not 401"
        );
        assert_eq!(
            err("[reader]\nwidth = -5\n"),
            "line 2: reader.width must be from 20 to 400, not -5"
        );
        assert_eq!(
            err("[reader]\nwidth = 99999999999999999999\n"),
            "line 2: reader.width must be from 20 to 400, not 99999999999999999999"
        );
    }

    #[test]
    fn width_of_the_wrong_type() {
        assert_eq!(
            err("[reader]\nwidth = \"wide\"\n"),
            "line 2: reader.width must be a number of columns from 20 to 400, not \"wide\""
        );
        assert_eq!(
            err("[reader]\nwidth = 80.5\n"),
            "line 2: reader.width must be a number of columns from 20 to 400, not 80.5"
        );
    }

    #[test]
    fn cap_of_the_wrong_type() {
        assert_eq!(
            err("[reader]\ncap = \"yes\"\n"),
            "line 2: reader.cap must be true or false, not \"yes\""
        );
        assert_eq!(
            err("[reader]\ncap = 1\n"),
            "line 2: reader.cap must be true or false, not 1"
        );
    }

    #[test]
    fn auto_reload_is_a_setting_of_the_collection() {
        assert!(!parse("", &[]).unwrap().auto_reload);
        assert!(
            parse("[collection]\nauto_reload = true\n", &[])
                .unwrap()
                .auto_reload
        );
        assert_eq!(
            err("[collection]\nauto_reload = \"yes\"\n"),
            "line 2: collection.auto_reload must be true or false, not \"yes\""
        );
        assert!(
            err("[collection]\nauto_relaod = true\n").contains("auto_reload"),
            "{}",
            err("[collection]\nauto_relaod = true\n")
        );
    }

    #[test]
    fn unknown_reader_setting() {
        assert_eq!(
            err("[reader]\nwidth = 80\nwidht = 80\n"),
            "line 3: unknown setting \"widht\" in [reader] (did you mean \"width\"?)"
        );
        assert_eq!(
            err("[reader]\ntheme = 1\n"),
            "line 2: unknown setting \"theme\" in [reader] (expected width or cap)"
        );
    }

    #[test]
    fn the_list_starts_in_the_order_and_scope_the_config_names() {
        let config = ok("[list]\nsort = \"date\"\nscope = \"titles\"\n");
        assert_eq!(config.sort, Some(crate::order::Order::Date));
        assert_eq!(config.scope, Some(crate::query::Scope::Title));
        assert_eq!(
            ok("[list]\nsort = \"Source\"\n").sort,
            Some(crate::order::Order::Source)
        );
        assert_eq!(ok("").sort, None);
        assert_eq!(
            err("[list]\nsort = \"newest\"\n"),
            "line 2: list.sort must be relevance, date, title or source, not \"newest\""
        );
        assert_eq!(
            err("[list]\nscope = 3\n"),
            "line 2: list.scope must be a string (companies, titles or text), not 3"
        );
        assert_eq!(
            err("[list]\nsrot = \"date\"\n"),
            "line 2: unknown setting \"srot\" in [list] (did you mean \"sort\"?)"
        );
    }

    #[test]
    fn an_error_quoting_control_characters_stays_one_line_and_shows_them_escaped() {
        // Found by fuzzing (fuzz/fuzz_targets/config.rs): a TOML string may hold a newline or an
        // escape, and the message quotes it.
        assert_eq!(
            err("[list]\nscope = \"com\\npanies\"\n"),
            "line 2: list.scope must be companies, titles or text, not \"com\\npanies\""
        );
        let message = err("[keys.list]\n\"\\u001b[2J\" = \"down\"\n");
        assert!(!message.contains(['\n', '\x1b']), "{message:?}");
        assert!(message.starts_with("line 2: "), "{message:?}");
        assert!(message.contains("\\u{1b}[2J"), "{message:?}");
        let message = err("[colors]\naccent = \"red\\tish\"\n");
        assert!(message.contains("red\\tish"), "{message:?}");
    }

    // ---- sections ----

    #[test]
    fn unknown_section() {
        assert_eq!(
            err("[reader]\nwidth = 80\n[colours]\naccent = \"red\"\n"),
            "line 3: unknown section \"colours\" (did you mean \"colors\"?)"
        );
        assert_eq!(
            err("\n[theme]\n"),
            "line 2: unknown section \"theme\" (expected reader, list, collection, colors or keys)"
        );
    }

    #[test]
    fn top_level_setting_is_an_unknown_section() {
        assert_eq!(
            err("width = 80\n"),
            "line 1: unknown section \"width\" (expected reader, list, collection, colors or keys)"
        );
    }

    #[test]
    fn section_that_is_not_a_table() {
        assert_eq!(
            err("reader = 3\n"),
            "line 1: reader must be a table ([reader]), not 3"
        );
        assert_eq!(
            err("[keys]\nlist = \"x\"\n"),
            "line 2: keys.list must be a table ([keys.list]), not \"x\""
        );
        assert_eq!(
            err("[[colors]]\n"),
            "line 1: colors must be a table ([colors]), not a list"
        );
    }

    #[test]
    fn first_error_in_the_file_is_reported() {
        // The parsed tables are sorted by name; errors must still come in file order.
        assert_eq!(
            err("[reader]\nzzz = 1\naaa = 2\n"),
            "line 2: unknown setting \"zzz\" in [reader] (expected width or cap)"
        );
    }

    // ---- syntax errors ----

    #[test]
    fn syntax_error_names_its_line() {
        assert_eq!(
            err("[reader]\nwidth = 80\ncap = true\nwidth = = 3\n"),
            "line 4: extra `=`, expected nothing"
        );
        assert_eq!(
            err("[reader]\n\n\nfoo bar\n"),
            "line 4: key with no value, expected `=`"
        );
    }

    #[test]
    fn syntax_errors_are_one_line() {
        for text in ["[reader\n", "x = \"abc\n", "= 1", "[a]\n[a]\n", "\u{0}"] {
            let message = err(text);
            assert!(message.starts_with("line "), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn duplicate_key_names_the_key() {
        assert_eq!(
            err("[reader]\nwidth = 80\nwidth = 90\n"),
            "line 3: duplicate key width"
        );
    }

    // ---- colours ----

    #[test]
    fn every_color_name() {
        for (name, expected) in COLOR_NAMES {
            assert_eq!(color(&format!("\"{name}\"")), Ok(expected), "{name}");
        }
    }

    #[test]
    fn color_names_are_forgiving_of_case_separator_and_grey() {
        assert_eq!(color("\"Dark-Gray\""), Ok(Color::DarkGray));
        assert_eq!(color("\"dark_grey\""), Ok(Color::DarkGray));
        assert_eq!(color("\"darkgray\""), Ok(Color::DarkGray));
        assert_eq!(color("\"LIGHT-BLUE\""), Ok(Color::LightBlue));
        assert_eq!(color("\"grey\""), Ok(Color::Gray));
    }

    #[test]
    fn hex_colors() {
        assert_eq!(color("\"#ffd75f\""), Ok(Color::Rgb(0xff, 0xd7, 0x5f)));
        assert_eq!(color("\"#FFD75F\""), Ok(Color::Rgb(0xff, 0xd7, 0x5f)));
        assert_eq!(color("\"#000000\""), Ok(Color::Rgb(0, 0, 0)));
    }

    #[test]
    fn indexed_colors() {
        assert_eq!(color("0"), Ok(Color::Indexed(0)));
        assert_eq!(color("236"), Ok(Color::Indexed(236)));
        assert_eq!(color("255"), Ok(Color::Indexed(255)));
        assert_eq!(color("\"236\""), Ok(Color::Indexed(236)));
    }

    #[test]
    fn every_role() {
        for role in ColorRole::ALL {
            let config = ok(&format!("[colors]\n{} = \"red\"\n", role.name()));
            assert_eq!(config.colors, vec![(role, Color::Red)]);
            assert_eq!(config.color(role), Some(Color::Red));
            assert_eq!(ColorRole::from_name(role.name()), Some(role));
        }
        assert_eq!(ok("").color(ColorRole::Accent), None);
    }

    #[test]
    fn invalid_hex_colors() {
        for bad in ["#ffd75", "#ffd75f0", "#gggggg", "#", "#fd5"] {
            assert_eq!(
                color(&format!("\"{bad}\"")),
                Err(format!(
                    "line 2: colors.accent must be \"#rrggbb\" with six hex digits, not \"{bad}\""
                ))
            );
        }
        // A multi-byte character must not split a channel mid-character.
        assert!(color("\"#ffé75f\"").is_err());
    }

    #[test]
    fn indexed_color_out_of_range() {
        assert_eq!(
            color("256"),
            Err("line 2: colors.accent must be from 0 to 255, not 256".to_owned())
        );
        assert_eq!(
            color("-1"),
            Err("line 2: colors.accent must be from 0 to 255, not -1".to_owned())
        );
        assert_eq!(
            color("\"300\""),
            Err("line 2: colors.accent must be from 0 to 255, not 300".to_owned())
        );
    }

    #[test]
    fn unknown_color_name() {
        assert_eq!(
            color("\"cyna\""),
            Err(
                "line 2: unknown color \"cyna\" for colors.accent (did you mean \"cyan\"?)"
                    .to_owned()
            )
        );
        assert_eq!(
            color("\"orange\""),
            Err(
                "line 2: unknown color \"orange\" for colors.accent (expected black, red, green, \
                 yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green, \
                 light-yellow, light-blue, light-magenta, light-cyan, white or reset, \
                 \"#rrggbb\" or a number from 0 to 255)"
                    .to_owned()
            )
        );
        assert!(color("\"\"").is_err());
    }

    #[test]
    fn color_of_the_wrong_type() {
        assert_eq!(
            color("true"),
            Err("line 2: colors.accent must be a color name, \"#rrggbb\" or a number from 0 to 255, not true".to_owned())
        );
        assert_eq!(
            color("[1, 2, 3]"),
            Err("line 2: colors.accent must be a color name, \"#rrggbb\" or a number from 0 to 255, not a list".to_owned())
        );
    }

    #[test]
    fn unknown_color_role() {
        assert_eq!(
            err("[colors]\nacent = \"red\"\n"),
            "line 2: unknown color role \"acent\" in [colors] (did you mean \"accent\"?)"
        );
        assert_eq!(
            err("[colors]\nborder = \"red\"\n"),
            "line 2: unknown color role \"border\" in [colors] (expected accent, match, mention, \
             selection, dim or company)"
        );
    }

    // ---- keys ----

    #[test]
    fn single_characters() {
        assert_eq!(key("x"), (KeyCode::Char('x'), NONE));
        assert_eq!(key("/"), (KeyCode::Char('/'), NONE));
        assert_eq!(key("?"), (KeyCode::Char('?'), NONE));
        assert_eq!(key("-"), (KeyCode::Char('-'), NONE));
        assert_eq!(key("é"), (KeyCode::Char('é'), NONE));
    }

    #[test]
    fn single_letters_keep_their_case() {
        assert_eq!(key("G"), (KeyCode::Char('G'), NONE));
        assert_eq!(key("g"), (KeyCode::Char('g'), NONE));
        assert_ne!(key("G"), key("g"));
    }

    #[test]
    fn space_both_ways() {
        assert_eq!(key(" "), (KeyCode::Char(' '), NONE));
        assert_eq!(key("space"), (KeyCode::Char(' '), NONE));
        assert_eq!(key("Space"), (KeyCode::Char(' '), NONE));
        assert_eq!(key("ctrl-space"), (KeyCode::Char(' '), CTRL));
    }

    #[test]
    fn every_named_key() {
        let cases = [
            ("up", KeyCode::Up),
            ("down", KeyCode::Down),
            ("left", KeyCode::Left),
            ("right", KeyCode::Right),
            ("pageup", KeyCode::PageUp),
            ("pagedown", KeyCode::PageDown),
            ("home", KeyCode::Home),
            ("end", KeyCode::End),
            ("enter", KeyCode::Enter),
            ("tab", KeyCode::Tab),
            ("backtab", KeyCode::BackTab),
            ("esc", KeyCode::Esc),
            ("backspace", KeyCode::Backspace),
            ("delete", KeyCode::Delete),
        ];
        for (name, code) in cases {
            assert_eq!(key(name), (code, NONE), "{name}");
            assert_eq!(
                key(&name.to_uppercase()),
                (code, NONE),
                "{name} in capitals"
            );
        }
    }

    #[test]
    fn key_aliases() {
        assert_eq!(key("PgUp"), (KeyCode::PageUp, NONE));
        assert_eq!(key("pgdn"), (KeyCode::PageDown, NONE));
        assert_eq!(key("escape"), (KeyCode::Esc, NONE));
        assert_eq!(key("return"), (KeyCode::Enter, NONE));
        assert_eq!(key("del"), (KeyCode::Delete, NONE));
    }

    #[test]
    fn function_keys() {
        for n in 1..=12u8 {
            assert_eq!(key(&format!("f{n}")), (KeyCode::F(n), NONE));
            assert_eq!(key(&format!("F{n}")), (KeyCode::F(n), NONE));
        }
        assert_eq!(
            parse_key("f13"),
            Err("unknown key name \"f13\" (function keys go from f1 to f12)".to_owned())
        );
        assert_eq!(
            parse_key("f0"),
            Err("unknown key name \"f0\" (function keys go from f1 to f12)".to_owned())
        );
    }

    #[test]
    fn modifiers() {
        assert_eq!(key("ctrl-j"), (KeyCode::Char('j'), CTRL));
        assert_eq!(key("alt-x"), (KeyCode::Char('x'), ALT));
        assert_eq!(key("ctrl-alt-x"), (KeyCode::Char('x'), CTRL | ALT));
        assert_eq!(key("alt-ctrl-x"), (KeyCode::Char('x'), CTRL | ALT));
        assert_eq!(key("shift-up"), (KeyCode::Up, SHIFT));
        assert_eq!(key("ctrl-shift-f5"), (KeyCode::F(5), CTRL | SHIFT));
        assert_eq!(key("alt-enter"), (KeyCode::Enter, ALT));
        assert_eq!(key("ctrl--"), (KeyCode::Char('-'), CTRL));
        assert_eq!(key("alt-G"), (KeyCode::Char('G'), ALT));
    }

    #[test]
    fn modifier_names_are_case_insensitive() {
        assert_eq!(key("CTRL-j"), (KeyCode::Char('j'), CTRL));
        assert_eq!(key("Alt-Left"), (KeyCode::Left, ALT));
        assert_eq!(key("SHIFT-DOWN"), (KeyCode::Down, SHIFT));
    }

    #[test]
    fn ctrl_letters_are_lowercase() {
        // Terminals cannot tell Ctrl-J from Ctrl-j; the key table reads both as lowercase.
        assert_eq!(key("ctrl-J"), (KeyCode::Char('j'), CTRL));
    }

    #[test]
    fn shift_tab_is_backtab() {
        assert_eq!(key("shift-tab"), (KeyCode::BackTab, NONE));
        assert_eq!(key("Shift-Tab"), (KeyCode::BackTab, NONE));
        assert_eq!(key("shift-backtab"), (KeyCode::BackTab, NONE));
        assert_eq!(key("alt-shift-tab"), (KeyCode::BackTab, ALT));
    }

    #[test]
    fn shift_with_a_character_is_refused() {
        assert_eq!(
            parse_key("shift-x"),
            Err(
                "shift- goes only with named keys such as tab or up; for a capital write \"X\""
                    .to_owned()
            )
        );
        assert_eq!(
            parse_key("shift-/"),
            Err("shift- goes only with named keys such as tab or up".to_owned())
        );
        assert!(parse_key("shift-space").is_err());
    }

    #[test]
    fn bad_keys() {
        assert_eq!(parse_key(""), Err("empty key".to_owned()));
        assert_eq!(
            parse_key("ctrl-"),
            Err("nothing after \"ctrl-\"".to_owned())
        );
        assert_eq!(parse_key("Alt-"), Err("nothing after \"Alt-\"".to_owned()));
        assert_eq!(
            parse_key("ctrl-alt-"),
            Err("nothing after \"alt-\"".to_owned())
        );
        assert_eq!(
            parse_key("ctrl-ctrl-x"),
            Err("\"ctrl-\" is written twice".to_owned())
        );
        assert_eq!(
            parse_key("entr"),
            Err("unknown key name \"entr\" (did you mean \"enter\"?)".to_owned())
        );
        assert_eq!(
            parse_key("ctrl+x"),
            Err("unknown key name \"ctrl+x\" (write modifiers as ctrl-, alt-, shift-)".to_owned())
        );
        assert_eq!(
            parse_key("banana"),
            Err(
                "unknown key name \"banana\" (expected one character, a name such as up, \
                 pagedown, enter, or f1..f12)"
                    .to_owned()
            )
        );
        assert!(parse_key("ctrl").is_err());
        assert!(parse_key("xy").is_err());
    }

    #[test]
    fn bad_key_in_the_file_names_its_line() {
        assert_eq!(
            err("[keys.list]\n\"x\" = \"quit\"\n\"ctrl-\" = \"down\"\n"),
            "line 3: invalid key \"ctrl-\" in [keys.list]: nothing after \"ctrl-\""
        );
    }

    #[test]
    fn bindings_in_every_context() {
        let mut text = String::new();
        for context in CONTEXTS {
            let _ = write!(text, "[keys.{context}]\n\"q\" = \"quit\"\n");
        }
        let config = ok(&text);
        let contexts: Vec<&str> = config.keys.iter().map(|k| k.context.as_str()).collect();
        assert_eq!(contexts, CONTEXTS);
        let lines: Vec<usize> = config.keys.iter().map(|k| k.line).collect();
        assert_eq!(lines, [2, 4, 6, 8, 10, 12, 14]);
    }

    #[test]
    fn bindings_keep_file_order() {
        let config = ok("[keys.list]\nz = \"quit\"\na = \"down\"\nm = \"up\"\n");
        let actions: Vec<&str> = config.keys.iter().map(|k| k.action.as_str()).collect();
        assert_eq!(actions, ["quit", "down", "up"]);
    }

    #[test]
    fn none_unbinds() {
        let config = ok("[keys.reader]\n\"j\" = \"none\"\n");
        assert_eq!(
            config.keys,
            vec![KeyBinding {
                context: "reader".to_owned(),
                code: KeyCode::Char('j'),
                modifiers: NONE,
                action: UNBIND.to_owned(),
                line: 2,
            }]
        );
        assert!(config.keys[0].is_unbind());
        assert!(!ok("[keys.list]\nx = \"quit\"").keys[0].is_unbind());
    }

    #[test]
    fn unknown_action() {
        let text =
            "[reader]\nwidth = 80\n\n[keys.list]\n\"x\" = \"quit\"\n\n\"n\" = \"scrol_down\"\n";
        assert_eq!(
            err(text),
            "line 7: unknown action \"scrol_down\" (did you mean \"scroll_down\"?)"
        );
        assert_eq!(
            err("[keys.list]\nx = \"Quit\""),
            "line 2: unknown action \"Quit\" (did you mean \"quit\"?)"
        );
        assert_eq!(
            err("[keys.list]\nx = \"explode\""),
            "line 2: unknown action \"explode\" (expected quit, down, up, scroll_down, \
             scroll_up, toggle_cap, filter, help or none)"
        );
        assert_eq!(
            err("[keys.list]\nx = \"nne\""),
            "line 2: unknown action \"nne\" (did you mean \"none\"?)"
        );
    }

    #[test]
    fn actions_come_from_the_caller() {
        assert!(parse("[keys.list]\nx = \"quit\"", &[]).is_err());
        assert!(parse("[keys.list]\nx = \"frobnicate\"", &["frobnicate"]).is_ok());
        assert!(parse("[keys.list]\nx = \"none\"", &[]).is_ok());
    }

    #[test]
    fn action_of_the_wrong_type() {
        assert_eq!(
            err("[keys.list]\nx = 3\n"),
            "line 2: the action for \"x\" in [keys.list] must be an action name in quotes, not 3"
        );
    }

    #[test]
    fn unknown_context() {
        assert_eq!(
            err("[keys.lst]\nx = \"quit\"\n"),
            "line 1: unknown context \"lst\" in [keys] (did you mean \"list\"?)"
        );
        assert_eq!(
            err("[keys]\nx = \"quit\"\n"),
            "line 2: unknown context \"x\" in [keys] (expected list, reader, filter, search, panel, help or global)"
        );
    }

    #[test]
    fn same_key_written_twice() {
        assert_eq!(
            err("[keys.list]\n\"ctrl-j\" = \"down\"\n\"Ctrl-J\" = \"up\"\n"),
            "line 3: \"Ctrl-J\" in [keys.list] is the same key as \"ctrl-j\" on line 2"
        );
        assert_eq!(
            err("[keys.list]\n\" \" = \"down\"\nspace = \"up\"\n"),
            "line 3: \"space\" in [keys.list] is the same key as \" \" on line 2"
        );
        // The same key in two contexts is two bindings.
        assert_eq!(
            ok("[keys.list]\nx = \"quit\"\n[keys.reader]\nx = \"quit\"")
                .keys
                .len(),
            2
        );
    }

    // ---- suggestions ----

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("width", "width"), 0);
        assert_eq!(edit_distance("widht", "width"), 1);
        assert_eq!(edit_distance("scrol_down", "scroll_down"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions_need_to_be_near() {
        assert_eq!(suggest("x", &["up"]), None);
        assert_eq!(suggest("cp", &["cap", "width"]), Some("cap"));
        assert_eq!(suggest("dwn", &["down", "up"]), Some("down"));
        assert_eq!(suggest("abcdef", &["uvwxyz"]), None);
    }

    // ---- config_path ----

    #[test]
    fn config_path_prefers_xdg_config_home() {
        let env = env_of(&[("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/a")]);
        assert_eq!(
            config_path(env),
            Some(PathBuf::from("/xdg/tidings/config.toml"))
        );
    }

    #[test]
    fn config_path_falls_back_to_home() {
        let env = env_of(&[("HOME", "/home/a")]);
        assert_eq!(
            config_path(env),
            Some(PathBuf::from("/home/a/.config/tidings/config.toml"))
        );
        // Empty or relative XDG_CONFIG_HOME is ignored, per the XDG spec.
        for xdg in ["", "relative/dir"] {
            let env = env_of(&[("XDG_CONFIG_HOME", xdg), ("HOME", "/home/a")]);
            assert_eq!(
                config_path(env),
                Some(PathBuf::from("/home/a/.config/tidings/config.toml"))
            );
        }
    }

    #[test]
    fn config_path_with_neither() {
        assert_eq!(config_path(env_of(&[])), None);
        assert_eq!(config_path(env_of(&[("HOME", "")])), None);
    }

    // ---- load ----

    #[test]
    fn load_without_a_file_gives_defaults() {
        let dir = temp_dir("no-file");
        let env = env_of(&[("XDG_CONFIG_HOME", dir.to_str().unwrap())]);
        assert_eq!(load(env, ACTIONS).unwrap(), Config::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_without_any_home_gives_defaults() {
        assert_eq!(load(env_of(&[]), ACTIONS).unwrap(), Config::default());
    }

    #[test]
    fn load_reads_the_file() {
        let dir = temp_dir("file");
        let file = dir.join("tidings").join("config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, EXAMPLE).unwrap();
        let env = env_of(&[("XDG_CONFIG_HOME", dir.to_str().unwrap())]);
        let config = load(env, ACTIONS).unwrap();
        assert_eq!(
            config,
            Config {
                path: Some(file),
                ..ok(EXAMPLE)
            }
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_from_home() {
        let dir = temp_dir("home");
        let file = dir.join(".config").join("tidings").join("config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "[reader]\nwidth = 72\n").unwrap();
        let env = env_of(&[("HOME", dir.to_str().unwrap())]);
        let config = load(env, ACTIONS).unwrap();
        assert_eq!(config.reading_width, 72);
        assert_eq!(config.path, Some(file));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_names_the_file_and_line() {
        let dir = temp_dir("invalid");
        let file = dir.join("tidings").join("config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text =
            "[reader]\nwidth = 80\n\n[keys.list]\n\"x\" = \"quit\"\n\n\"n\" = \"scrol_down\"\n";
        std::fs::write(&file, text).unwrap();
        let env = env_of(&[("XDG_CONFIG_HOME", dir.to_str().unwrap())]);
        let message = load(env, ACTIONS).unwrap_err().to_string();
        assert_eq!(
            message,
            format!(
                "error in '{}' line 7: unknown action \"scrol_down\" (did you mean \"scroll_down\"?)",
                file.display()
            )
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_reports_bad_utf8_with_its_line() {
        let dir = temp_dir("utf8");
        let file = dir.join("tidings").join("config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"[reader]\n# \xff\n").unwrap();
        let env = env_of(&[("XDG_CONFIG_HOME", dir.to_str().unwrap())]);
        let message = load(env, ACTIONS).unwrap_err().to_string();
        assert_eq!(
            message,
            format!(
                "error in '{}' line 2: the file is not valid UTF-8",
                file.display()
            )
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_reports_an_unreadable_file() {
        // A directory where the file should be cannot be read, whoever runs the tests
        // (file permissions would not stop root).
        let dir = temp_dir("unreadable");
        let file = dir.join("tidings").join("config.toml");
        std::fs::create_dir_all(&file).unwrap();
        let env = env_of(&[("XDG_CONFIG_HOME", dir.to_str().unwrap())]);
        let message = load(env, ACTIONS).unwrap_err().to_string();
        assert!(
            message.starts_with(&format!("cannot read '{}': ", file.display())),
            "{message}"
        );
        assert!(!message.contains('\n'));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // ---- NO_COLOR ----

    #[test]
    fn no_color_set() {
        let config = load(env_of(&[("NO_COLOR", "1")]), ACTIONS).unwrap();
        assert!(config.no_color);
    }

    #[test]
    fn no_color_empty_is_ignored() {
        let config = load(env_of(&[("NO_COLOR", "")]), ACTIONS).unwrap();
        assert!(!config.no_color);
    }

    #[test]
    fn no_color_unset() {
        assert!(!load(env_of(&[]), ACTIONS).unwrap().no_color);
    }

    #[test]
    fn no_color_applies_over_a_file() {
        let dir = temp_dir("no-color");
        let file = dir.join("tidings").join("config.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "[colors]\naccent = \"red\"\n").unwrap();
        let env = env_of(&[
            ("XDG_CONFIG_HOME", dir.to_str().unwrap()),
            ("NO_COLOR", "yes"),
        ]);
        let config = load(env, ACTIONS).unwrap();
        assert!(config.no_color);
        // The colours are still reported; the theme decides to draw none.
        assert_eq!(config.color(ColorRole::Accent), Some(Color::Red));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn parse_never_sets_no_color_or_path() {
        let config = ok(EXAMPLE);
        assert!(!config.no_color);
        assert_eq!(config.path, None);
    }
}
