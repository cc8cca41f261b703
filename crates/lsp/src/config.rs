//! The server's settings, from `initializationOptions` or the client's
//! answer to `workspace/configuration` (section `goescape`).

use serde::Deserialize;

/// What the user configured. Unknown fields are ignored, so that clients
/// sending settings of newer versions still start.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Build tags, as the go command's `-tags`.
    pub tags: Vec<String>,
    /// The target, when not the environment's (GOOS, GOARCH).
    pub goos: Option<String>,
    pub goarch: Option<String>,
    /// gc's flags as `-gcflags` takes them: `-l` (no inlining) and
    /// `-d=escapemutationscalls` are understood.
    pub gcflags: String,
    /// The kinds of finding shown: `heap` (moved to heap, escapes to
    /// heap), `leak` (leaking parameters), `noescape` (does not escape,
    /// as hints).
    pub kinds: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            tags: Vec::new(),
            goos: None,
            goarch: None,
            gcflags: String::new(),
            kinds: vec!["heap".to_owned(), "leak".to_owned()],
        }
    }
}

/// gc's flags the server honours, parsed from [`Config::gcflags`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcSwitches {
    pub no_inline: bool,
    pub mutations_calls: bool,
}

impl Config {
    /// The settings in `value` (JSON `null` or an absent section: the
    /// defaults); an error names what does not fit.
    pub fn from_json(value: serde_json::Value) -> Result<Config, String> {
        if value.is_null() {
            return Ok(Config::default());
        }
        let config: Config = serde_json::from_value(value).map_err(|err| err.to_string())?;
        if let Some(kind) = config
            .kinds
            .iter()
            .find(|k| !matches!(k.as_str(), "heap" | "leak" | "noescape"))
        {
            return Err(format!(
                "unknown kind {kind:?} (kinds are heap, leak, noescape)"
            ));
        }
        config.switches()?;
        Ok(config)
    }

    pub fn shows(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }

    /// The flags of [`Config::gcflags`]; an error for any other flag.
    pub fn switches(&self) -> Result<GcSwitches, String> {
        let mut switches = GcSwitches::default();
        for flag in self.gcflags.split_whitespace() {
            match flag {
                "-l" => switches.no_inline = true,
                "-d=escapemutationscalls" => switches.mutations_calls = true,
                _ => {
                    return Err(format!(
                        "gcflags: {flag} is not supported (only -l and -d=escapemutationscalls)"
                    ))
                }
            }
        }
        Ok(switches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_reject_what_does_not_fit() {
        let config = Config::from_json(serde_json::json!({
            "tags": ["integration"], "goos": "windows", "gcflags": "-l", "kinds": ["heap", "noescape"]
        }))
        .unwrap();
        assert_eq!(config.tags, ["integration"]);
        assert_eq!(config.goos.as_deref(), Some("windows"));
        assert!(config.switches().unwrap().no_inline);
        assert!(config.shows("noescape") && !config.shows("leak"));
        assert_eq!(
            Config::from_json(serde_json::Value::Null).unwrap(),
            Config::default()
        );
        let bad_kind = Config::from_json(serde_json::json!({"kinds": ["all"]}));
        assert!(bad_kind.unwrap_err().contains("unknown kind"));
        let bad_flag = Config::from_json(serde_json::json!({"gcflags": "-N"}));
        assert!(bad_flag.unwrap_err().contains("-N is not supported"));
    }
}
