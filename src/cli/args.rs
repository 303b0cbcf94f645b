//! A small `--name value` / `--flag` parser (no positional arguments).

/// Options that take no value.
const FLAGS: &[&str] = &[
    "keep-duplicates",
    "pretty",
    "json",
    "help",
    // lottery
    "followers-only",
    "fan-club-only",
];

#[derive(Debug, Default)]
pub struct Args {
    pairs: Vec<(String, Option<String>)>,
}

impl Args {
    pub fn parse(argv: &[String]) -> Result<Args, String> {
        let mut pairs = Vec::new();
        let mut it = argv.iter();
        while let Some(a) = it.next() {
            let Some(name) = a.strip_prefix("--") else {
                return Err(format!("unexpected argument \"{a}\""));
            };
            if let Some((n, v)) = name.split_once('=') {
                if !FLAGS.contains(&n) {
                    pairs.push((n.to_owned(), Some(v.to_owned())));
                    continue;
                }
            }
            if FLAGS.contains(&name) {
                pairs.push((name.to_owned(), None));
            } else {
                let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                pairs.push((name.to_owned(), Some(v.clone())));
            }
        }
        Ok(Args { pairs })
    }

    /// The last value of an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value of a repeatable option, in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| n == name)
    }

    /// Fails on options the command does not know.
    pub fn only(&self, known: &[&str]) -> Result<(), String> {
        match self
            .pairs
            .iter()
            .find(|(n, _)| !known.contains(&n.as_str()))
        {
            Some((n, _)) => Err(format!("unknown option --{n}")),
            None => Ok(()),
        }
    }

    /// A number option.
    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("--{name} \"{v}\" is not a number")),
        }
    }
}
