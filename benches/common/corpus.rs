//! A deterministic generator of realistic business-news articles, shared by
//! `examples/generate.rs` and the benchmarks (included with `#[path]`, so there is one generator).
//!
//! Every sentence is built from templates and word lists written for this file. Companies come
//! from the bundled gazetteer (`assets/companies.json`) plus about 20,000 synthetic names made
//! from syllables and corporate suffixes ("Norvanta Systems", "Ostrava Telecom"), ranked and drawn
//! with a Zipf-like skew, so a few names are everywhere and most are rare. Articles carry the
//! debris of scraped pages at realistic rates: section labels, bylines, doubled photo captions,
//! "READ MORE", comment forms, author bios, sometimes no headline at all.
//!
//! Deterministic: the company pool depends on the seed only, and article `i` on the seed and `i`
//! only (its own `SplitMix64` stream), so articles can be made in any order or in parallel and the
//! bytes are always the same.

// Each including target uses a different part of this module.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// The bundled gazetteer, the same file the recogniser embeds.
const GAZETTEER: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/companies.json"
));

/// How many synthetic company names the pool holds besides the gazetteer's.
pub const SYNTHETIC_COMPANIES: usize = 20_000;

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// `SplitMix64`: tiny, fast, and good enough for text generation.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose stream depends only on `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by multiply-shift (no modulo bias worth speaking of).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One word of a non-empty list.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    /// An index drawn from cumulative weights (`cum` ascending, last = total).
    fn weighted(&mut self, cum: &[u64]) -> usize {
        let total = *cum.last().unwrap_or(&1);
        let x = self.next_u64() % total.max(1);
        cum.partition_point(|&c| c <= x)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Mixes a seed and an index into an independent stream seed.
fn stream_seed(seed: u64, index: u64) -> u64 {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0xD134_2543_DE82_EF95));
    r.next_u64() ^ r.next_u64().rotate_left(17)
}

/// Cumulative weights for a small discrete distribution given in percent-like units.
fn cumulative(weights: &[u64]) -> Vec<u64> {
    weights
        .iter()
        .scan(0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Companies
// ---------------------------------------------------------------------------------------------

/// What a company does, which decides the descriptive words put before its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Tech,
    Chips,
    Telecom,
    Bank,
    Insurance,
    Auto,
    Airline,
    Energy,
    Mining,
    Pharma,
    Retail,
    Food,
    Media,
    Research,
    Industrial,
    General,
}

impl Sector {
    /// Lowercase descriptions that can stand before the name ("chipmaker Intel").
    fn cues(self) -> &'static [&'static str] {
        match self {
            Sector::Tech => &[
                "software maker",
                "technology group",
                "internet company",
                "software firm",
                "cloud provider",
                "tech giant",
            ],
            Sector::Chips => &["chipmaker", "semiconductor firm", "chip supplier"],
            Sector::Telecom => &[
                "telecoms operator",
                "mobile operator",
                "network provider",
                "carrier",
                "telecoms group",
            ],
            Sector::Bank => &[
                "lender",
                "investment bank",
                "banking group",
                "asset management firm",
            ],
            Sector::Insurance => &["insurer", "reinsurer", "insurance group"],
            Sector::Auto => &["carmaker", "automaker", "car company"],
            Sector::Airline => &["airline", "carrier", "budget airline"],
            Sector::Energy => &["oil company", "energy group", "utility company"],
            Sector::Mining => &["miner", "mining group", "commodities firm"],
            Sector::Pharma => &["drugmaker", "pharmaceutical company", "biotech firm"],
            Sector::Retail => &[
                "retailer",
                "supermarket chain",
                "grocer",
                "fashion retailer",
            ],
            Sector::Food => &["food group", "brewer", "drinks maker"],
            Sector::Media => &["media group", "entertainment company", "studio"],
            Sector::Research => &["research firm", "consultancy", "market research firm"],
            Sector::Industrial => &[
                "engineering group",
                "manufacturer",
                "conglomerate",
                "industrial group",
            ],
            Sector::General => &["company", "group", "holding company", "conglomerate"],
        }
    }

    /// Lines of business the company's sentences talk about.
    fn products(self) -> &'static [&'static str] {
        match self {
            Sector::Tech => &[
                "cloud services",
                "enterprise software",
                "data centre hardware",
                "its online marketplace",
                "cybersecurity tools",
                "business software subscriptions",
            ],
            Sector::Chips => &[
                "memory chips",
                "graphics processors",
                "chips for smartphones",
                "its foundry business",
            ],
            Sector::Telecom => &[
                "fibre broadband",
                "its 5G network",
                "mobile contracts",
                "roaming charges",
            ],
            Sector::Bank | Sector::Insurance => &[
                "mortgage lending",
                "its wealth management arm",
                "corporate loans",
                "motor insurance",
                "its trading desk",
            ],
            Sector::Auto => &["electric vehicles", "its van range", "battery plants"],
            Sector::Airline => &["long-haul routes", "its fleet renewal", "cargo flights"],
            Sector::Energy | Sector::Mining => &[
                "offshore fields",
                "copper output",
                "its refining arm",
                "wind farms",
            ],
            Sector::Pharma => &["cancer drugs", "its vaccine unit", "generic medicines"],
            Sector::Retail | Sector::Food => &[
                "own-label products",
                "its store estate",
                "online grocery orders",
                "premium beers",
            ],
            Sector::Media => &[
                "streaming subscriptions",
                "advertising sales",
                "film rights",
            ],
            Sector::Research | Sector::Industrial | Sector::General => &[
                "its services division",
                "government contracts",
                "its property portfolio",
                "maintenance contracts",
            ],
        }
    }
}

/// One company of the pool, with the forms articles write it in.
#[derive(Debug, Clone)]
pub struct Company {
    /// The usual full name ("Norvanta Systems", "Cisco").
    pub name: String,
    /// A short form for later mentions ("Norvanta", "Cisco").
    pub short: String,
    /// Gazetteer aliases ("Cisco Systems").
    pub aliases: Vec<String>,
    /// A legal form to append on a formal first mention ("Inc", "plc").
    pub legal: &'static str,
    /// What it does.
    pub sector: Sector,
    /// True for gazetteer companies.
    pub real: bool,
}

#[derive(Deserialize)]
struct GazetteerFile {
    companies: Vec<GazetteerEntry>,
}

#[derive(Deserialize)]
struct GazetteerEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Gazetteer names that open the ranking, most written about first, with their sectors.
const HEAD: &[(&str, Sector)] = &[
    ("Microsoft", Sector::Tech),
    ("IBM", Sector::Tech),
    ("Google", Sector::Tech),
    ("Cisco", Sector::Tech),
    ("Intel", Sector::Chips),
    ("Huawei", Sector::Telecom),
    ("Samsung", Sector::Chips),
    ("Apple", Sector::Tech),
    ("Vodafone", Sector::Telecom),
    ("HSBC", Sector::Bank),
    ("Sony", Sector::Media),
    ("Nokia", Sector::Telecom),
    ("Barclays", Sector::Bank),
    ("Toyota", Sector::Auto),
    ("Inspur", Sector::Tech),
    ("Sberbank", Sector::Bank),
    ("Lenovo", Sector::Tech),
    ("Alibaba", Sector::Tech),
    ("Oracle", Sector::Tech),
    ("BP", Sector::Energy),
    ("Tesco", Sector::Retail),
    ("Gartner", Sector::Research),
    ("Baidu", Sector::Tech),
    ("Siemens", Sector::Industrial),
    ("Renault", Sector::Auto),
    ("Nissan", Sector::Auto),
    ("Yahoo", Sector::Tech),
    ("Dell", Sector::Tech),
    ("Micron", Sector::Chips),
    ("Motorola", Sector::Telecom),
    ("Ericsson", Sector::Telecom),
    ("Goldman Sachs", Sector::Bank),
    ("Unilever", Sector::Food),
    ("Boeing", Sector::Industrial),
    ("Airbus", Sector::Industrial),
    ("Pfizer", Sector::Pharma),
    ("GlaxoSmithKline", Sector::Pharma),
    ("BT", Sector::Telecom),
    ("Ryanair", Sector::Airline),
    ("Deutsche Bank", Sector::Bank),
    ("Forrester", Sector::Research),
    ("IDC", Sector::Research),
];

const SYLLABLE_START: &[&str] = &[
    "Nor", "Quel", "Kel", "Ost", "Van", "Bri", "Cal", "Dra", "Fen", "Gor", "Hal", "Jor", "Lum",
    "Mar", "Nev", "Pra", "Ros", "Sol", "Tor", "Vel", "Wex", "Zan", "Ar", "Bel", "Cor", "Dun",
    "Eri", "Fal", "Gal", "Hex", "Ith", "Kor", "Lan", "Mor", "Nym", "Orl", "Pel", "Quar", "Ral",
    "Sten", "Tam", "Ul", "Var", "Wyn", "Yor", "Zel", "Ax", "Brem", "Cyr", "Dex",
];
const SYLLABLE_MIDDLE: &[&str] = &[
    "", "", "", "va", "bri", "an", "or", "el", "i", "o", "ta", "ri", "de", "ma", "li", "ve", "sa",
    "to", "ne", "ra", "ka", "lo", "mi",
];
const SYLLABLE_END: &[&str] = &[
    "nta", "dge", "ton", "ex", "ia", "on", "ar", "is", "um", "ford", "wick", "ley", "tis", "vo",
    "ra", "ren", "mark", "gate", "stone", "field", "bridge", "ix", "ova", "ent", "ara", "ine",
    "ence", "yx", "ant", "ello",
];
const SYNTHETIC_SUFFIXES: &[(&str, Sector)] = &[
    ("Systems", Sector::Tech),
    ("Software", Sector::Tech),
    ("Technologies", Sector::Tech),
    ("Labs", Sector::Tech),
    ("Networks", Sector::Telecom),
    ("Interactive", Sector::Media),
    ("Semiconductor", Sector::Chips),
    ("Microsystems", Sector::Chips),
    ("Electronics", Sector::Chips),
    ("Telecom", Sector::Telecom),
    ("Mobile", Sector::Telecom),
    ("Communications", Sector::Telecom),
    ("Bank", Sector::Bank),
    ("Capital", Sector::Bank),
    ("Securities", Sector::Bank),
    ("Investments", Sector::Bank),
    ("Financial", Sector::Bank),
    ("Partners", Sector::Research),
    ("Insurance", Sector::Insurance),
    ("Motors", Sector::Auto),
    ("Airways", Sector::Airline),
    ("Airlines", Sector::Airline),
    ("Energy", Sector::Energy),
    ("Petroleum", Sector::Energy),
    ("Resources", Sector::Mining),
    ("Pharmaceuticals", Sector::Pharma),
    ("Laboratories", Sector::Pharma),
    ("Foods", Sector::Food),
    ("Media", Sector::Media),
    ("Entertainment", Sector::Media),
    ("Studios", Sector::Media),
    ("Industries", Sector::Industrial),
    ("Enterprises", Sector::General),
    ("Holdings", Sector::General),
    ("Group", Sector::General),
    ("Group", Sector::Industrial),
    ("Holdings", Sector::Bank),
];
const LEGAL_FORMS: &[&str] = &["Inc", "Ltd", "plc", "Corp", "AG", "SA", "NV", "GmbH", "Co"];
/// Towns that make plausible company heads with a strong suffix ("Ostrava Telecom").
const PLACE_HEADS: &[&str] = &[
    "Ostrava", "Tampere", "Gdansk", "Porto", "Kaunas", "Brno", "Aarhus", "Bilbao", "Graz",
    "Utrecht", "Malmo", "Cork", "Lyon", "Turin", "Krakow", "Riga", "Tallinn", "Ghent", "Basel",
    "Bergen", "Plovdiv", "Cluj", "Debrecen", "Sevilla", "Linz", "Odense", "Espoo", "Leipzig",
];
const PLACE_SUFFIXES: &[(&str, Sector)] = &[
    ("Telecom", Sector::Telecom),
    ("Mobile", Sector::Telecom),
    ("Airways", Sector::Airline),
    ("Motors", Sector::Auto),
    ("Petroleum", Sector::Energy),
];

/// The ranked company pool and its Zipf-like sampling table.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Companies by rank: index 0 is drawn most often.
    pub companies: Vec<Company>,
    /// Cumulative integer weights `K / (rank + 3)`.
    cum: Vec<u64>,
}

impl Pool {
    /// The gazetteer's companies plus [`SYNTHETIC_COMPANIES`] synthetic ones, ranked by `seed`.
    ///
    /// # Panics
    ///
    /// If the bundled gazetteer does not parse (a test of the main crate guards against that).
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(stream_seed(seed, u64::MAX));
        let file: GazetteerFile =
            serde_json::from_str(GAZETTEER).expect("the bundled gazetteer parses");
        let mut taken: HashSet<String> = HashSet::new();
        let mut head = Vec::new();
        let mut rest = Vec::new();
        for entry in file.companies {
            taken.insert(entry.name.clone());
            let sector = HEAD.iter().find(|(n, _)| *n == entry.name).map(|h| h.1);
            let company = Company {
                short: entry.name.clone(),
                name: entry.name,
                aliases: entry.aliases,
                legal: rng.word(LEGAL_FORMS),
                sector: sector.unwrap_or(Sector::General),
                real: true,
            };
            if sector.is_some() {
                head.push(company);
            } else {
                rest.push(company);
            }
        }
        head.sort_by_key(|c| HEAD.iter().position(|(n, _)| *n == c.name));
        rng.shuffle(&mut rest);

        let mut synthetic = Vec::with_capacity(SYNTHETIC_COMPANIES);
        while synthetic.len() < SYNTHETIC_COMPANIES {
            let (head_word, suffix, sector) = if rng.chance(3) {
                let (suffix, sector) = *rng.pick(PLACE_SUFFIXES);
                ((*rng.pick(PLACE_HEADS)).to_owned(), suffix, sector)
            } else {
                let mut word = String::new();
                word.push_str(rng.word(SYLLABLE_START));
                word.push_str(rng.word(SYLLABLE_MIDDLE));
                word.push_str(rng.word(SYLLABLE_END));
                let (suffix, sector) = *rng.pick(SYNTHETIC_SUFFIXES);
                (word, suffix, sector)
            };
            let name = format!("{head_word} {suffix}");
            if !taken.insert(name.clone()) {
                continue;
            }
            synthetic.push(Company {
                name,
                short: head_word,
                aliases: Vec::new(),
                legal: rng.word(LEGAL_FORMS),
                sector,
                real: false,
            });
        }

        // Real companies are written about more than the long tail: spread the rest of the
        // gazetteer over the first few thousand ranks, synthetic names around them.
        let mut companies = head;
        let mut rest = rest.into_iter().peekable();
        let mut synthetic = synthetic.into_iter().peekable();
        while rest.peek().is_some() || synthetic.peek().is_some() {
            let take_real = rest.peek().is_some() && (synthetic.peek().is_none() || rng.chance(20));
            let next = if take_real {
                rest.next()
            } else {
                synthetic.next()
            };
            companies.extend(next);
        }
        let weights: Vec<u64> = (0..companies.len() as u64)
            .map(|rank| 1_000_000_000_000 / (rank + 3))
            .collect();
        Pool {
            companies,
            cum: cumulative(&weights),
        }
    }

    /// Draws a company index with the Zipf-like skew.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        rng.weighted(&self.cum)
    }

    /// The number of companies in the pool.
    pub fn len(&self) -> usize {
        self.companies.len()
    }

    /// True when the pool is empty (never, in practice).
    pub fn is_empty(&self) -> bool {
        self.companies.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists (written for this generator)
// ---------------------------------------------------------------------------------------------

const FIRST_NAMES: &[&str] = &[
    "James", "Maria", "Chen", "Olga", "David", "Priya", "Tomasz", "Sarah", "Kenji", "Amara",
    "Lucas", "Ingrid", "Rahul", "Fatima", "Pierre", "Helen", "Dmitri", "Grace", "Mateo", "Yuki",
    "Oliver", "Aisha", "Stefan", "Claire", "Wei", "Nadia", "Marcus", "Elena", "Jonas", "Rosa",
    "Tariq", "Hannah", "Diego", "Sofia", "Erik", "Leila", "Patrick", "Mei", "Andrew", "Zanele",
];
const LAST_NAMES: &[&str] = &[
    "Hale",
    "Novak",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Sharma",
    "Kowalski",
    "Brennan",
    "Zhou",
    "Petrov",
    "Garcia",
    "Whitfield",
    "Osei",
    "Fischer",
    "Rossi",
    "Nakamura",
    "Haddad",
    "Murray",
    "Jensen",
    "Castillo",
    "Ahmed",
    "Byrne",
    "Volkova",
    "Lambert",
    "Singh",
    "Kruger",
    "Duarte",
    "Holloway",
    "Ivanova",
    "Park",
    "Mensah",
    "Clarke",
    "Bauer",
    "Sato",
    "Quinn",
    "Rahman",
    "Fitzgerald",
    "Vasquez",
    "Lund",
];
const ROLES: &[&str] = &[
    "chief executive",
    "chief financial officer",
    "chairman",
    "head of strategy",
    "president",
    "chief operating officer",
    "managing director",
    "head of investor relations",
];
const CITIES: &[&str] = &[
    "London",
    "Frankfurt",
    "Shanghai",
    "Beijing",
    "Moscow",
    "New York",
    "Seattle",
    "Paris",
    "Tokyo",
    "Seoul",
    "Mumbai",
    "Singapore",
    "Dubai",
    "Sao Paulo",
    "Johannesburg",
    "Sydney",
    "Toronto",
    "Madrid",
    "Milan",
    "Stockholm",
    "Warsaw",
    "Jinan",
    "Shenzhen",
    "Bangalore",
    "Zurich",
    "Amsterdam",
    "Dublin",
    "Hong Kong",
    "Chicago",
    "Austin",
];
const COUNTRIES: &[&str] = &[
    "China",
    "Russia",
    "India",
    "Brazil",
    "Germany",
    "France",
    "Japan",
    "South Korea",
    "the US",
    "Britain",
    "Mexico",
    "Indonesia",
    "Turkey",
    "Poland",
    "Nigeria",
    "Vietnam",
    "Canada",
    "Australia",
    "Spain",
    "Italy",
];
const AGENCIES: &[&str] = &[
    "the Securities and Exchange Commission",
    "the European Commission",
    "the Competition and Markets Authority",
    "the Federal Trade Commission",
    "the Financial Conduct Authority",
    "Ofcom",
    "the Ministry of Industry and Information Technology",
    "the Federal Reserve",
    "the Bank of England",
    "the Treasury",
    "the Department of Justice",
    "the International Monetary Fund",
    "the Office for National Statistics",
    "the World Trade Organization",
    "the State Council",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const QUARTERS: &[&str] = &["first", "second", "third", "fourth"];
const TOPICS: &[&str] = &[
    "weak demand in Europe",
    "higher interest rates",
    "a shortage of components",
    "sanctions",
    "a slowdown in China",
    "rising energy costs",
    "currency swings",
    "a regulatory review",
    "falling advertising revenue",
    "a price war",
    "supply chain disruption",
    "a strong dollar",
];
const DEALS: &[&str] = &[
    "joint venture",
    "partnership",
    "supply agreement",
    "licensing deal",
    "merger",
    "strategic alliance",
    "outsourcing contract",
    "cloud deal",
];
const SECTIONS: &[&str] = &[
    "Business",
    "Technology",
    "Markets",
    "Companies",
    "Home & Office",
    "Networking",
    "Economy",
    "Telecoms",
    "Banking",
    "Industry",
];
const PUBLICATIONS: &[&str] = &[
    "The Ledger Daily",
    "Northgate Business Review",
    "Harbour Street Journal",
    "The Commerce Courier",
    "Meridian Tech News",
    "The Market Observer",
    "Capital Wire",
    "Eastern Trade Herald",
    "The Quarterly Desk",
    "Pacific Deal Report",
];
const AGENCY_CREDITS: &[&str] = &["Reuters", "AFP", "AP", "Bloomberg", "Getty Images"];
const DOMAINS: &[&str] = &[
    "ledgerdaily.example",
    "northgate-review.example",
    "harbourstreet.example",
    "commercecourier.example",
    "meridiantech.example",
];

/// Headlines. `{A}`/`{B}` are companies (short forms), other keys as in [`Writer::fill`].
const HEADLINES_ONE: &[&str] = &[
    "{A} shares slide as {TOPIC} weighs on outlook",
    "{A} posts {DIR} {Q}-quarter profit",
    "{A} to cut {N},000 jobs in restructuring",
    "{A} faces inquiry over {PRD}",
    "{A} names new chief executive",
    "{A} bets {MONEY} on {PRD}",
    "{A} warns on profits as {TOPIC} bites",
    "{A} opens new headquarters in {CITY}",
    "{A} pulls out of {COUNTRY} after {TOPIC}",
    "Investors cheer {A} turnaround plan",
    "{A} raises {MONEY} in share sale",
    "Why {A} is betting on {PRD}",
];
const HEADLINES_TWO: &[&str] = &[
    "{A} and {B} agree {COUNTRY} {DEAL}",
    "{A} to buy {B} in {MONEY} deal",
    "{A} picks {B} for {PRD} push",
    "{A} and {B} end {DEAL} talks",
    "{A} sues {B} over patents",
    "{A} announces {DEAL} with rival {B}",
    "{B} walks away from {A} bid",
    "{A} teams up with {B} on {PRD}",
];
const STANDFIRSTS: &[&str] = &[
    "The deal gives {A} a foothold in a market where foreign suppliers have been losing ground.",
    "Analysts said the move could reshape competition in {PRD} across {COUNTRY}.",
    "The announcement comes as {TOPIC} continues to squeeze margins across the industry.",
    "Shares in {A} moved sharply in early trading after the news.",
    "It is the latest sign that {COUNTRY} is becoming harder to do business in.",
    "Executives promised more details at the results presentation in {MONTH}.",
];
/// Sentences that mention one company.
const ONE: &[&str] = &[
    "{A} said revenue rose {PCT} to {MONEY} in the {Q} quarter, ahead of forecasts.",
    "{A} said it would invest {MONEY} in {PRD} over the next {N} years.",
    "Shares in {A} fell {PCT} in {CITY} after the company cut its full-year guidance.",
    "{A's} {ROLE}, {PERSON}, told analysts that {TOPIC} had hurt orders.",
    "The move leaves {A} more exposed to {TOPIC} than most of its rivals.",
    "{A} has been trying to turn around falling sales in {COUNTRY} since {YEAR}.",
    "A spokesperson for {A} declined to comment on the talks.",
    "{A} did not say how many people the new unit would employ.",
    "{PERSON}, who became {A's} {ROLE} in {MONTH}, has promised to simplify the business.",
    "Almost half of {A's} revenue comes from {PRD}, the company said in {MONTH}.",
    "{A} confirmed it had received a request for information from {AGENCY}.",
    "{A} plans to list its {PRD} business separately in {CITY} next year.",
    "Sales at {A} in {COUNTRY} declined {PCT} from a year earlier.",
    "{A} expects the restructuring to cost about {MONEY}, most of it in the {Q} half.",
    "The agreement gives {A} access to a customer base of more than {N} million people.",
    "{A's} shares have risen {PCT} this year, valuing the company at {MONEY}.",
    "{A} said the sale of {PRD} would be completed by the end of {MONTH}.",
    "Officials at {AGENCY} said they were examining whether {A} had breached the rules.",
    "In a blog post, {A} said the decision reflected changing demand for {PRD}.",
    "{A} was advised on the transaction by a team in {CITY}.",
    "Last year {A} spent {MONEY} on research, up {PCT} on the year before.",
    "The {ROLE} of {A} said the group would keep investing through the downturn.",
    "{A} is expected to report its {Q}-quarter results on {MONTH} {DAY}.",
    "Under the plan, {A} will close {N} sites and move production to {COUNTRY}.",
];
/// Sentences that mention two companies.
const TWO: &[&str] = &[
    "{A} and {B} said they would form a {DEAL} based in {CITY}.",
    "{A} agreed to pay {MONEY} for a {PCT} stake in {B}.",
    "The talks between {A} and {B} stalled in {MONTH} over the price.",
    "{B} is expected to hold the larger stake in the venture with {A}.",
    "For {B}, the deal brings access to {A's} product designs and its customers abroad.",
    "{A} has been losing share in {PRD} to {B} for several years.",
    "Unlike {B}, {A} has kept most of its manufacturing in {COUNTRY}.",
    "Market figures compiled by {B} show {A} ceding ground in {PRD}.",
    "{A} reached an agreement with {B} under which its software will run on {B's} servers.",
    "Analysts at {B} said {A's} targets looked ambitious given {TOPIC}.",
    "{A} is not the only supplier rethinking its approach: {B} said in {MONTH} it would do the same.",
    "A merger of {A} and {B} would create a group with annual sales of about {MONEY}.",
    "{B} said it had no plans to make a counter-offer for {A}.",
    "Both {A} and {B} declined to comment.",
    "{A's} offer values {B} at {MONEY}, a premium of {PCT} to Friday's closing price.",
    "{A}, {B} and several smaller rivals are competing for the contract.",
];
/// Quotes; `{A}` is who the speaker works for.
const QUOTES: &[&str] = &[
    "\u{201c}We see the potential to grow this considerably over time,\u{201d} said {PERSON}, {ROLE} of {A}.",
    "\u{201c}This is a long-term commitment to the market,\u{201d} {PERSON} told reporters in {CITY}.",
    "\u{201c}The numbers speak for themselves,\u{201d} said {PERSON}, an analyst who follows {A}.",
    "\u{201c}It puts a name on the contract that a procurement officer can defend,\u{201d} one adviser said.",
    "\u{201c}We are not in a hurry,\u{201d} {PERSON} said. \u{201c}We will get the price right first.\u{201d}",
    "\u{201c}Customers want fewer suppliers, not more,\u{201d} said {PERSON} of {A}.",
    "{PERSON}, {ROLE} of {A}, said the company was \u{201c}thrilled\u{201d} with the result.",
];
/// Sentences without a company (people, places, agencies and figures are fine).
const NONE: &[&str] = &[
    "The agreement was unveiled while officials from {COUNTRY} were visiting {CITY}.",
    "Regulators in {COUNTRY} have been pushing buyers towards domestic suppliers.",
    "The wider market closed {SMALL_PCT} lower in {CITY} on {DAY_NAME}.",
    "{AGENCY} said it would publish its findings in {MONTH}.",
    "The industry has struggled with {TOPIC} for most of the past year.",
    "Economists expect growth in {COUNTRY} to slow to {PCT} next year.",
    "Several analysts said the timing was not a coincidence.",
    "The companies did not say when the venture would start trading.",
    "Trade tensions between {COUNTRY} and {COUNTRY} have made such deals harder to approve.",
    "{PERSON}, a partner at a law firm in {CITY}, said approval could take a year.",
    "Investors have grown wary of the sector since {YEAR}.",
    "The figures were compiled before the latest round of price rises.",
    "Officials at {AGENCY} have said little in public about the case.",
    "It is the {ORD} such agreement announced this year.",
    "Demand for {PRD_ANY} has been stronger than expected in {COUNTRY}.",
    "The government in {COUNTRY} owns a minority stake in several of the bidders.",
    "Unions said they would seek talks over the job cuts.",
    "Critics argue the rules favour large incumbents.",
    "Prices for {PRD_ANY} have fallen {PCT} since {MONTH}.",
    "Many of the details are still being negotiated, according to people familiar with the matter.",
];
const CAPTIONS: &[&str] = &[
    "Executives at the signing ceremony in {CITY} on {DAY_NAME}.",
    "The company's headquarters in {CITY}.",
    "Visitors at a trade fair in {CITY} earlier this year.",
    "Workers on a production line near {CITY}.",
    "{PERSON} speaks at an industry conference in {CITY}.",
];
const ORDINALS: &[&str] = &["second", "third", "fourth", "fifth", "latest"];
const DAY_NAMES: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const BIO_JOBS: &[&str] = &[
    "a technology reporter",
    "a business writer",
    "our markets correspondent",
    "a freelance journalist",
];

// ---------------------------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------------------------

/// One generated article, in parts, before it is written out as text or JSON.
#[derive(Debug, Clone)]
pub struct Article {
    /// The headline, or `None` for the few scraped pages that lost theirs.
    pub title: Option<String>,
    /// A section label above the headline.
    pub section: Option<String>,
    /// A summary under the headline.
    pub standfirst: Option<String>,
    /// The byline line as printed ("By Jane Doe", "Written by Jane Doe, Contributor").
    pub byline: Option<String>,
    /// The author's name.
    pub author: Option<String>,
    /// Publication date (year, month 1–12, day).
    pub date: (u32, u32, u32),
    /// The publication.
    pub source: String,
    /// Where it was published.
    pub url: String,
    /// Lines between the header and the body: photo captions.
    pub preamble: Vec<String>,
    /// Body paragraphs, with any "READ MORE" debris in place.
    pub paragraphs: Vec<String>,
    /// Blocks after the body: credits, author bio, comment form.
    pub trailer: Vec<String>,
    /// Pool indexes of the companies the article was written about.
    pub companies: Vec<usize>,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    title: &'a str,
    body: String,
    date: String,
    source: &'a str,
    url: &'a str,
    author: &'a str,
}

impl Article {
    /// Appends the article as a scraped plain-text file: blocks separated by blank lines.
    pub fn write_txt(&self, out: &mut String) {
        let mut block = |text: &str| {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(text);
        };
        for part in [&self.section, &self.title, &self.standfirst, &self.byline]
            .into_iter()
            .flatten()
        {
            block(part);
        }
        for part in self
            .preamble
            .iter()
            .chain(&self.paragraphs)
            .chain(&self.trailer)
        {
            block(part);
        }
        out.push('\n');
    }

    /// The article as a plain-text file.
    pub fn to_txt(&self) -> String {
        let mut out = String::with_capacity(3072);
        self.write_txt(&mut out);
        out
    }

    /// The article as one JSON object (no newline): title, body, date, source, url, author.
    pub fn to_json(&self) -> String {
        let body: Vec<&str> = self
            .standfirst
            .iter()
            .chain(&self.preamble)
            .chain(&self.paragraphs)
            .chain(&self.trailer)
            .map(String::as_str)
            .collect();
        let (y, m, d) = self.date;
        let record = JsonRecord {
            title: self.title.as_deref().unwrap_or(""),
            body: body.join("\n\n"),
            date: format!("{y:04}-{m:02}-{d:02}"),
            source: &self.source,
            url: &self.url,
            author: self.author.as_deref().unwrap_or(""),
        };
        serde_json::to_string(&record).unwrap_or_default()
    }
}

/// The generator: a company pool and a seed. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The ranked companies.
    pub pool: Pool,
    seed: u64,
}

impl Corpus {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Corpus {
            pool: Pool::new(seed),
            seed,
        }
    }

    /// Article number `index`: the same bytes for the same seed and index, whatever else was made.
    pub fn article(&self, index: u64) -> Article {
        let mut w = Writer::new(&self.pool, stream_seed(self.seed, index));
        w.article(index)
    }

    /// Plain-text articles `0..count` with file-like names, as the benchmarks load them.
    pub fn texts(&self, count: usize) -> Vec<(String, String)> {
        (0..count as u64)
            .map(|i| {
                (
                    format!("gen/{:03}/{i:06}.txt", i / 1000),
                    self.article(i).to_txt(),
                )
            })
            .collect()
    }

    /// One very long article of at least `words` words (for reflow benchmarks), as plain text.
    pub fn long_article(&self, words: usize) -> String {
        let mut w = Writer::new(&self.pool, stream_seed(self.seed, u64::MAX - 1));
        let mut article = w.article(0);
        let mut count: usize = article
            .paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        while count < words {
            let p = w.paragraph();
            count += p.split_whitespace().count();
            article.paragraphs.push(p);
        }
        article.trailer.clear();
        article.to_txt()
    }
}

/// Builds one article from one random stream.
struct Writer<'p> {
    pool: &'p Pool,
    rng: Rng,
    /// The article's companies (pool indexes), the first being what the story is about.
    cast: Vec<usize>,
    /// How many times each of `cast` has been mentioned so far.
    mentioned: Vec<u32>,
    /// Curly (’) or straight (') apostrophes, per article as publications differ.
    curly: bool,
    /// The current sentence's company slots.
    a: usize,
    b: usize,
}

impl<'p> Writer<'p> {
    fn new(pool: &'p Pool, seed: u64) -> Self {
        Writer {
            pool,
            rng: Rng::new(seed),
            cast: Vec::new(),
            mentioned: Vec::new(),
            curly: false,
            a: 0,
            b: 0,
        }
    }

    #[allow(clippy::too_many_lines)] // one pass down the page, top to bottom
    fn article(&mut self, index: u64) -> Article {
        let n_companies = 1 + self.rng.weighted(&cumulative(&[22, 30, 21, 14, 8, 5]));
        while self.cast.len() < n_companies {
            let c = self.pool.draw(&mut self.rng);
            if !self.cast.contains(&c) {
                self.cast.push(c);
            }
        }
        self.mentioned = vec![0; self.cast.len()];
        self.curly = self.rng.chance(60);

        let headline = if self.rng.chance(3) {
            None
        } else {
            Some(self.headline())
        };
        let section = self
            .rng
            .chance(30)
            .then(|| (*self.rng.pick(SECTIONS)).to_owned());
        let standfirst = self.rng.chance(45).then(|| {
            self.pick_slots(false);
            let t = *self.rng.pick(STANDFIRSTS);
            self.fill(t)
        });
        let author = self.rng.chance(70).then(|| self.person());
        let byline =
            author
                .as_ref()
                .filter(|_| self.rng.chance(85))
                .map(|name| match self.rng.below(5) {
                    0 => format!("Written by {name}, Contributor"),
                    1 => format!("{name} in {}", self.rng.pick(CITIES)),
                    2 => format!("By {name} | {}", self.rng.pick(AGENCY_CREDITS)),
                    _ => format!("By {name}"),
                });
        let mut preamble = Vec::new();
        if self.rng.chance(15) {
            // Scraped pages often repeat the caption: once under the image, once as alt text.
            let t = *self.rng.pick(CAPTIONS);
            let caption = format!(
                "{} Photograph: {}",
                self.fill(t),
                self.rng.pick(AGENCY_CREDITS)
            );
            preamble.push(format!("{caption}\n{caption}"));
        }

        let n_paragraphs = 4
            + self.rng.below(5)
            + self.rng.below(5)
            + self.rng.below(5)
            + if self.rng.chance(15) {
                self.rng.below(6)
            } else {
                0
            };
        let mut paragraphs: Vec<String> = (0..n_paragraphs.min(20))
            .map(|_| self.paragraph())
            .collect();
        // Every company of the cast appears at least once.
        let missing: Vec<usize> = (0..self.cast.len())
            .filter(|&i| self.mentioned[i] == 0)
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|&i| self.nominal(i)).collect();
            let last = names.len() - 1;
            let joined = if last == 0 {
                names[0].clone()
            } else {
                format!("{} and {}", names[..last].join(", "), names[last])
            };
            let verb = if last == 0 { "was" } else { "were" };
            paragraphs.push(format!(
                "{joined} {verb} also said to be interested, according to people familiar with the matter."
            ));
        }
        if paragraphs.len() > 3 && self.rng.chance(10) {
            let at = self.rng.range(2, paragraphs.len() - 1);
            paragraphs.insert(at, "READ MORE".to_owned());
        }

        let mut trailer = Vec::new();
        if self.rng.chance(8) {
            trailer.push((*self.rng.pick(AGENCY_CREDITS)).to_owned());
        }
        if self.rng.chance(5) {
            trailer.push("Editorial standards".to_owned());
        }
        if let Some(name) = author.as_ref().filter(|_| self.rng.chance(10)) {
            let first = name.split(' ').next().unwrap_or(name);
            trailer.push("Avatar photo".to_owned());
            trailer.push(name.clone());
            trailer.push(format!(
                "{first} is {} based in {}. You can reach {first} by email.",
                self.rng.pick(BIO_JOBS),
                self.rng.pick(CITIES)
            ));
        }
        if self.rng.chance(8) {
            trailer.push("Leave a comment".to_owned());
            trailer.push("Leave a Reply".to_owned());
            trailer.push(
                "This site uses Akismet to reduce spam. Learn how your comment data is processed."
                    .to_owned(),
            );
        }

        let date = (
            2003 + self.rng.below(22) as u32,
            1 + self.rng.below(12) as u32,
            1 + self.rng.below(28) as u32,
        );
        let source = (*self.rng.pick(PUBLICATIONS)).to_owned();
        let slug: String = headline
            .as_deref()
            .unwrap_or("story")
            .chars()
            .filter_map(|c| {
                if c.is_ascii_alphanumeric() {
                    Some(c.to_ascii_lowercase())
                } else if c == ' ' {
                    Some('-')
                } else {
                    None
                }
            })
            .take(60)
            .collect();
        let url = format!(
            "https://www.{}/{}/{}/{:02}/{slug}-{index}",
            self.rng.pick(DOMAINS),
            section
                .as_deref()
                .unwrap_or("business")
                .to_lowercase()
                .replace(" & ", "-"),
            date.0,
            date.1,
        );
        Article {
            title: headline,
            section,
            standfirst,
            byline,
            author,
            date,
            source,
            url,
            preamble,
            paragraphs,
            trailer,
            companies: self.cast.clone(),
        }
    }

    fn headline(&mut self) -> String {
        let two = self.cast.len() > 1 && self.rng.chance(45);
        let t = if two {
            self.a = 0;
            self.b = 1;
            *self.rng.pick(HEADLINES_TWO)
        } else {
            self.a = 0;
            *self.rng.pick(HEADLINES_ONE)
        };
        self.fill(t)
    }

    /// One paragraph of 1–6 sentences (a quote is usually a paragraph of its own).
    fn paragraph(&mut self) -> String {
        if self.rng.chance(12) {
            self.pick_slots(false);
            let t = *self.rng.pick(QUOTES);
            return self.fill(t);
        }
        let n = 1 + self.rng.weighted(&cumulative(&[18, 28, 24, 15, 9, 6]));
        let mut p = String::with_capacity(n * 140);
        let mut previous = "";
        for i in 0..n {
            if i > 0 {
                p.push(' ');
            }
            let roll = self.rng.below(100);
            let mut t = if roll < 42 {
                *self.rng.pick(NONE)
            } else if roll < 72 || self.cast.len() < 2 {
                self.pick_slots(false);
                *self.rng.pick(ONE)
            } else {
                self.pick_slots(true);
                *self.rng.pick(TWO)
            };
            if t == previous {
                // The same sentence twice in a row reads as a bug, not as news.
                t = *self.rng.pick(NONE);
            }
            previous = t;
            let s = self.fill(t);
            p.push_str(&s);
        }
        p
    }

    /// Chooses which companies of the cast fill `{A}` (and `{B}`): introduce those not yet
    /// mentioned first, otherwise mostly the main company.
    fn pick_slots(&mut self, two: bool) {
        let fresh = |w: &mut Self, not: Option<usize>| -> usize {
            let unmentioned: Vec<usize> = (0..w.cast.len())
                .filter(|&i| w.mentioned[i] == 0 && Some(i) != not)
                .collect();
            if !unmentioned.is_empty() && w.rng.chance(65) {
                return unmentioned[0];
            }
            loop {
                let i = if w.rng.chance(50) {
                    0
                } else {
                    w.rng.below(w.cast.len())
                };
                if Some(i) != not || w.cast.len() == 1 {
                    return i;
                }
            }
        };
        self.a = fresh(self, None);
        if two {
            self.b = fresh(self, Some(self.a));
        }
    }

    fn person(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        )
    }

    /// How company `slot` of the cast is written where a noun goes.
    fn nominal(&mut self, slot: usize) -> String {
        let company = &self.pool.companies[self.cast[slot]];
        let first = self.mentioned[slot] == 0;
        self.mentioned[slot] += 1;
        let roll = self.rng.below(100);
        if first {
            match roll {
                0..45 => company.name.clone(),
                45..60 => format!("{} {}", company.name, company.legal),
                60..85 => format!("{} {}", self.rng.pick(company.sector.cues()), company.name),
                _ => company
                    .aliases
                    .first()
                    .map_or_else(|| company.name.clone(), Clone::clone),
            }
        } else {
            match roll {
                0..50 => company.short.clone(),
                50..75 => company.name.clone(),
                75..90 => format!("{} {}", self.rng.pick(company.sector.cues()), company.short),
                _ => format!("the {}", self.rng.pick(company.sector.cues())),
            }
        }
    }

    /// How company `slot` is written as a possessive ("Cisco’s").
    fn possessive(&mut self, slot: usize) -> String {
        let company = &self.pool.companies[self.cast[slot]];
        self.mentioned[slot] += 1;
        let name = if self.rng.chance(70) {
            &company.short
        } else {
            &company.name
        };
        let apostrophe = if self.curly { '\u{2019}' } else { '\'' };
        if name.ends_with('s') {
            format!("{name}{apostrophe}")
        } else {
            format!("{name}{apostrophe}s")
        }
    }

    /// Expands a template's `{KEY}`s.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let key = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            self.expand(key, &mut out);
        }
        out.push_str(rest);
        // Templates are sentences or headlines: "the lender said..." starts with a capital.
        if out.starts_with(|c: char| c.is_ascii_lowercase()) {
            out[..1].make_ascii_uppercase();
        }
        if !self.curly {
            // Publications that use straight apostrophes use straight quotes too.
            if out.contains(['\u{201c}', '\u{201d}', '\u{2019}']) {
                out = out
                    .replace(['\u{201c}', '\u{201d}'], "\"")
                    .replace('\u{2019}', "'");
            }
        }
        out
    }

    fn expand(&mut self, key: &str, out: &mut String) {
        match key {
            "A" => {
                let s = self.nominal(self.a);
                out.push_str(&s);
            }
            "B" => {
                let s = self.nominal(self.b);
                out.push_str(&s);
            }
            "A's" => {
                let s = self.possessive(self.a);
                out.push_str(&s);
            }
            "B's" => {
                let s = self.possessive(self.b);
                out.push_str(&s);
            }
            "PERSON" => {
                let s = self.person();
                out.push_str(&s);
            }
            "ROLE" => out.push_str(self.rng.word(ROLES)),
            "CITY" => out.push_str(self.rng.word(CITIES)),
            "COUNTRY" => out.push_str(self.rng.word(COUNTRIES)),
            "AGENCY" => out.push_str(self.rng.word(AGENCIES)),
            "MONTH" => out.push_str(self.rng.word(MONTHS)),
            "Q" => out.push_str(self.rng.word(QUARTERS)),
            "TOPIC" => out.push_str(self.rng.word(TOPICS)),
            "DEAL" => out.push_str(self.rng.word(DEALS)),
            "ORD" => out.push_str(self.rng.word(ORDINALS)),
            "DAY_NAME" => out.push_str(self.rng.word(DAY_NAMES)),
            "DIR" => out.push_str(if self.rng.chance(50) {
                "higher"
            } else {
                "lower"
            }),
            "PRD" => {
                let sector = self.pool.companies[self.cast[self.a]].sector;
                out.push_str(self.rng.word(sector.products()));
            }
            "PRD_ANY" => {
                let sector = self.pool.companies[self.cast[0]].sector;
                out.push_str(self.rng.word(sector.products()));
            }
            "N" => {
                let n = self.rng.range(2, 40);
                let _ = write!(out, "{n}");
            }
            "DAY" => {
                let n = self.rng.range(1, 28);
                let _ = write!(out, "{n}");
            }
            "YEAR" => {
                let n = self.rng.range(2005, 2023);
                let _ = write!(out, "{n}");
            }
            "PCT" => {
                let whole = self.rng.range(1, 45);
                if self.rng.chance(50) {
                    let _ = write!(out, "{whole} per cent");
                } else {
                    let tenth = self.rng.below(10);
                    let _ = write!(out, "{whole}.{tenth}%");
                }
            }
            "SMALL_PCT" => {
                let tenth = self.rng.below(10);
                let _ = write!(out, "{}.{tenth}%", self.rng.below(4));
            }
            "MONEY" => {
                let currency = *self.rng.pick(&["$", "$", "\u{a3}", "\u{20ac}"]);
                let whole = self.rng.range(1, 950);
                if self.rng.chance(45) {
                    let tenth = self.rng.below(10);
                    let unit = *self.rng.pick(&[" billion", "bn"]);
                    let _ = write!(out, "{currency}{}.{tenth}{unit}", whole % 60 + 1);
                } else {
                    let _ = write!(out, "{currency}{whole} million");
                }
            }
            _ => {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
        }
    }
}
