//! Module versions (semantic versions with a `v` prefix) and Go language
//! versions (`1.21`, `1.21.3`, `1.21rc1`): validation and ordering.

use std::cmp::Ordering;

/// A parsed semantic version; numbers are kept as digit strings so that no
/// input can overflow.
struct Semver<'a> {
    numbers: [&'a str; 3],
    prerelease: Option<&'a str>,
}

fn parse_semver(version: &str) -> Option<Semver<'_>> {
    let rest = version.strip_prefix('v')?;
    // Build metadata does not take part in ordering.
    let (rest, build) = match rest.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (rest, None),
    };
    if build.is_some_and(|b| !valid_identifiers(b, false)) {
        return None;
    }
    let (core, prerelease) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    if prerelease.is_some_and(|p| !valid_identifiers(p, true)) {
        return None;
    }
    let mut numbers = ["0", "0", "0"];
    let parts: Vec<&str> = core.split('.').collect();
    // `v1` and `v1.2` are accepted shorthands, but not with a suffix.
    if parts.len() > 3 || (parts.len() < 3 && (prerelease.is_some() || build.is_some())) {
        return None;
    }
    for (slot, part) in numbers.iter_mut().zip(&parts) {
        if !is_number(part) {
            return None;
        }
        *slot = part;
    }
    Some(Semver {
        numbers,
        prerelease,
    })
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn valid_identifiers(s: &str, no_leading_zero: bool) -> bool {
    s.split('.').all(|id| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && (!no_leading_zero || !id.bytes().all(|b| b.is_ascii_digit()) || is_number(id))
    })
}

fn compare_numbers(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Whether `version` is a valid module version such as `v1.2.3`,
/// `v0.0.0-20200101000000-abcdef123456` or `v2.0.0+incompatible`.
pub fn is_valid_module_version(version: &str) -> bool {
    parse_semver(version).is_some()
}

/// Orders module versions by semantic-version precedence. Invalid versions
/// sort before valid ones (and equal to each other), as in Go.
pub fn compare_module_versions(a: &str, b: &str) -> Ordering {
    match (parse_semver(a), parse_semver(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x
            .numbers
            .iter()
            .zip(&y.numbers)
            .map(|(m, n)| compare_numbers(m, n))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| compare_prerelease(x.prerelease, y.prerelease)),
    }
}

fn compare_prerelease(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => {
            let (mut xs, mut ys) = (a.split('.'), b.split('.'));
            loop {
                match (xs.next(), ys.next()) {
                    (None, None) => return Ordering::Equal,
                    (None, Some(_)) => return Ordering::Less,
                    (Some(_), None) => return Ordering::Greater,
                    (Some(x), Some(y)) => {
                        let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
                        let order = match (numeric(x), numeric(y)) {
                            (true, true) => compare_numbers(x, y),
                            (true, false) => Ordering::Less,
                            (false, true) => Ordering::Greater,
                            (false, false) => x.cmp(y),
                        };
                        if order.is_ne() {
                            return order;
                        }
                    }
                }
            }
        }
    }
}

/// The `(major, minor)` language version of a Go version such as `1.21`,
/// `1.21.3` or `1.22rc1`.
pub fn go_language_version(version: &str) -> Option<(u32, u32)> {
    let (major, rest) = version.split_once('.')?;
    let minor_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    Some((major.parse().ok()?, rest[..minor_len].parse().ok()?))
}

/// Whether `version` is a valid `go` directive value: `1.N`, `1.N.P` or
/// `1.NrcK`/`1.NbetaK`.
pub fn is_valid_go_version(version: &str) -> bool {
    let Some((major, rest)) = version.split_once('.') else {
        return false;
    };
    let digits = |s: &str| is_number(s);
    if !digits(major) || major == "0" {
        return false;
    }
    let minor_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (minor, suffix) = rest.split_at(minor_len);
    if !digits(minor) {
        return false;
    }
    if suffix.is_empty() {
        return true;
    }
    if let Some(patch) = suffix.strip_prefix('.') {
        return digits(patch);
    }
    let letters = suffix.bytes().take_while(u8::is_ascii_lowercase).count();
    letters > 0 && digits(&suffix[letters..])
}

/// Whether the Go version `version` is at least `1.minor`.
pub fn go_version_at_least(version: &str, minor: u32) -> bool {
    go_language_version(version).is_some_and(|v| v >= (1, minor))
}
