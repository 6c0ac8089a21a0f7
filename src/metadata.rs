//! The metadata block (`sops:`): key groups, Shamir threshold, MAC, last
//! modification time, crypt rule and version, read from and written to the
//! tree in sops' field order.

#![doc(hidden)]

use crate::crypt_rules::{CryptRule, InvalidRegex, RULE_FIELDS};
use crate::keys::{check_time, KeyGroup, KeyType, MasterKey, MetadataError};
use crate::tree::{Item, Map, Value};

/// The sops version rsops writes into files (the format it follows).
pub const SOPS_VERSION: &str = "3.11.0";

/// Everything the `sops` key of an encrypted file holds.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub key_groups: Vec<KeyGroup>,
    /// 0 when not set.
    pub shamir_threshold: usize,
    /// RFC 3339, as written in the file.
    pub lastmodified: String,
    /// The encrypted MAC (`ENC[...]`), empty when missing.
    pub mac: String,
    pub rule: CryptRule,
    pub mac_only_encrypted: bool,
    pub version: String,
}

/// How a store writes the metadata block.
#[derive(Clone, Copy, Debug)]
pub struct MetadataStyle {
    /// JSON writes the always-present empty key lists of a key group as
    /// `null`, YAML as `[]` (Go's nil slices).
    pub empty_lists_as_null: bool,
    /// No crypt rule is written for a binary input file.
    pub with_rule: bool,
}

/// Field order of the per-type key lists in a flat (single group) block.
const FLAT_BEFORE_MAC: [KeyType; 6] = [
    KeyType::Kms,
    KeyType::GcpKms,
    KeyType::Hckms,
    KeyType::AzureKv,
    KeyType::HcVault,
    KeyType::Age,
];

/// Field order of the per-type key lists inside a `key_groups` element.
const IN_GROUP: [KeyType; 7] = [
    KeyType::Pgp,
    KeyType::Kms,
    KeyType::GcpKms,
    KeyType::Hckms,
    KeyType::AzureKv,
    KeyType::HcVault,
    KeyType::Age,
];

impl Metadata {
    /// Reads the `sops` value of an encrypted file.
    pub fn from_value(value: &Value) -> Result<Self, MetadataError> {
        let Value::Map(map) = value else {
            return Err(MetadataError::Invalid(
                "the sops key is not a mapping".into(),
            ));
        };
        let mut flat = Vec::new();
        for t in KeyType::ALL {
            flat.extend(read_keys(map, t)?);
        }
        let key_groups = if !flat.is_empty() {
            vec![flat]
        } else {
            match map.get("key_groups") {
                Some(Value::List(groups)) => groups
                    .iter()
                    .map(|g| match g {
                        Value::Map(g) => {
                            let mut group = Vec::new();
                            for t in KeyType::ALL {
                                group.extend(read_keys(g, t)?);
                            }
                            Ok(group)
                        }
                        _ => Err(MetadataError::Invalid(
                            "a key group is not a mapping".into(),
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => Vec::new(),
            }
        };
        if key_groups.is_empty() {
            return Err(MetadataError::Invalid("No keys found in file".into()));
        }
        let lastmodified = match map.get("lastmodified") {
            Some(Value::Str(s)) => s.clone(),
            Some(Value::Time(t)) => crate::encoding::format_time(t),
            _ => {
                return Err(MetadataError::Invalid(
                    "lastmodified is missing; the file's metadata is incomplete".into(),
                ))
            }
        };
        check_time("lastmodified", &lastmodified)?;
        let version =
            match map.get("version") {
                Some(Value::Float(_) | Value::Int(_)) => return Err(MetadataError::Invalid(
                    "this file was written by SOPS 1.x, which rsops (like sops 3) cannot read; \
                     decrypt it with sops 1.x and encrypt it again"
                        .into(),
                )),
                Some(Value::Str(s)) if !s.is_empty() => s.clone(),
                // sops refuses such a file with this message.
                _ => {
                    return Err(MetadataError::Invalid(
                        "Version string empty: the sops block has no version, so the file is \
                     damaged or was not written by sops; restore the version line (e.g. \
                     version: 3.11.0)"
                            .into(),
                    ))
                }
            };
        let rule_values: Vec<(&'static str, String)> = RULE_FIELDS
            .iter()
            .map(|f| (*f, string_field(map, f)))
            .collect();
        let rule = CryptRule::from_fields(
            rule_values.iter().map(|(f, v)| (*f, v.as_str())),
            InvalidRegex::MatchNothing,
        )
        .map_err(|e| MetadataError::Invalid(e.to_string()))?
        .unwrap_or_default();
        Ok(Metadata {
            key_groups,
            shamir_threshold: threshold(map.get("shamir_threshold"))?,
            lastmodified,
            mac: string_field(map, "mac"),
            rule,
            mac_only_encrypted: matches!(map.get("mac_only_encrypted"), Some(Value::Bool(true))),
            version,
        })
    }

    /// Writes the block in sops' field order.
    pub fn to_value(&self, style: MetadataStyle) -> Value {
        let mut m = Map::default();
        if self.shamir_threshold != 0 {
            m.push("shamir_threshold", Value::Int(self.shamir_threshold as i64));
        }
        let single = self.key_groups.len() == 1;
        if !single {
            let groups = self
                .key_groups
                .iter()
                .map(|group| {
                    let mut g = Map::default();
                    for t in IN_GROUP {
                        let keys = keys_of(group, t);
                        if !keys.is_empty() {
                            g.push(t.id(), Value::List(keys));
                        } else if matches!(t, KeyType::HcVault | KeyType::Age) {
                            let empty = if style.empty_lists_as_null {
                                Value::Null
                            } else {
                                Value::List(Vec::new())
                            };
                            g.push(t.id(), empty);
                        }
                    }
                    Value::Map(g)
                })
                .collect();
            m.push("key_groups", Value::List(groups));
        }
        let push_flat = |m: &mut Map, t: KeyType| {
            if let Some(group) = self.key_groups.first().filter(|_| single) {
                let keys = keys_of(group, t);
                if !keys.is_empty() {
                    m.push(t.id(), Value::List(keys));
                }
            }
        };
        for t in FLAT_BEFORE_MAC {
            push_flat(&mut m, t);
        }
        m.push("lastmodified", Value::Str(self.lastmodified.clone()));
        m.push("mac", Value::Str(self.mac.clone()));
        push_flat(&mut m, KeyType::Pgp);
        if style.with_rule {
            let (field, value) = self.rule.field();
            m.push(field, Value::Str(value.to_owned()));
        }
        if self.mac_only_encrypted {
            m.push("mac_only_encrypted", Value::Bool(true));
        }
        m.push("version", Value::Str(self.version.clone()));
        Value::Map(m)
    }

    /// The `lastmodified` time as the MAC's additional data: Go's RFC 3339
    /// (whole seconds, `Z` for UTC) of the parsed time.
    pub fn mac_aad(&self) -> Result<String, MetadataError> {
        let t = check_time("lastmodified", &self.lastmodified)?;
        let t = t.replace_nanosecond(0).unwrap_or(t);
        Ok(crate::encoding::format_time(&t))
    }
}

fn keys_of(group: &KeyGroup, t: KeyType) -> Vec<Value> {
    group
        .iter()
        .filter(|k| k.key_type() == t)
        .map(|k| Value::Map(k.to_metadata()))
        .collect()
}

fn read_keys(map: &Map, t: KeyType) -> Result<Vec<MasterKey>, MetadataError> {
    match map.get(t.id()) {
        Some(Value::List(entries)) => entries
            .iter()
            .map(|e| match e {
                Value::Map(e) => MasterKey::from_metadata(t, e),
                _ => Err(MetadataError::Invalid(format!(
                    "an entry of {} is not a mapping",
                    t.id()
                ))),
            })
            .collect(),
        _ => Ok(Vec::new()),
    }
}

fn string_field(map: &Map, field: &str) -> String {
    match map.get(field) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

/// `shamir_threshold` is an integer; older files wrote it as a float.
fn threshold(value: Option<&Value>) -> Result<usize, MetadataError> {
    let bad = || MetadataError::Invalid("shamir_threshold must be a whole number".into());
    match value {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Int(i)) => usize::try_from(*i).map_err(|_| bad()),
        Some(Value::Float(f)) if f.value.fract() == 0.0 && f.value >= 0.0 => Ok(f.value as usize),
        Some(Value::Str(s)) => s
            .parse::<f64>()
            .ok()
            .filter(|v| v.fract() == 0.0 && *v >= 0.0)
            .map(|v| v as usize)
            .ok_or_else(bad),
        Some(_) => Err(bad()),
    }
}

/// Splits the `sops` key off every branch of a loaded encrypted tree and
/// reads the first one.
pub fn take_metadata(tree: &mut crate::tree::Tree) -> Result<Metadata, MetadataError> {
    let mut first = None;
    for branch in &mut tree.branches {
        let found = branch.remove_all("sops");
        if first.is_none() {
            first = found;
        }
    }
    match first {
        Some(v) => Metadata::from_value(&v),
        None => Err(MetadataError::Invalid("sops metadata not found".into())),
    }
}

/// True if any branch has a top-level `sops` key, i.e. the input is already
/// encrypted.
pub fn has_sops_key(tree: &crate::tree::Tree) -> bool {
    tree.branches.iter().any(|b| {
        b.0.iter()
            .any(|i| matches!(i, Item::Entry(k, _) if k == "sops"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::age::AgeKey;

    fn sample(groups: usize) -> Metadata {
        let key = |r: &str| {
            MasterKey::Age(AgeKey {
                recipient: r.into(),
                enc: "ENC".into(),
            })
        };
        Metadata {
            key_groups: (0..groups)
                .map(|i| vec![key(&format!("age1r{i}"))])
                .collect(),
            shamir_threshold: if groups > 1 { 2 } else { 0 },
            lastmodified: "2026-11-26T03:14:34Z".into(),
            mac: "ENC[mac]".into(),
            rule: CryptRule::default(),
            mac_only_encrypted: false,
            version: SOPS_VERSION.into(),
        }
    }

    fn keys(v: &Value) -> Vec<String> {
        match v {
            Value::Map(m) => {
                m.0.iter()
                    .filter_map(|i| match i {
                        Item::Entry(k, _) => Some(k.clone()),
                        _ => None,
                    })
                    .collect()
            }
            _ => vec![],
        }
    }

    const YAML: MetadataStyle = MetadataStyle {
        empty_lists_as_null: false,
        with_rule: true,
    };

    #[test]
    fn flat_field_order() {
        let v = sample(1).to_value(YAML);
        assert_eq!(
            keys(&v),
            [
                "age",
                "lastmodified",
                "mac",
                "unencrypted_suffix",
                "version"
            ]
        );
        let back = Metadata::from_value(&v).unwrap();
        assert_eq!(back.key_groups, sample(1).key_groups);
    }

    #[test]
    fn groups_field_order_and_round_trip() {
        let v = sample(2).to_value(YAML);
        assert_eq!(
            keys(&v),
            [
                "shamir_threshold",
                "key_groups",
                "lastmodified",
                "mac",
                "unencrypted_suffix",
                "version"
            ]
        );
        let Value::Map(m) = &v else { unreachable!() };
        let Some(Value::List(groups)) = m.get("key_groups") else {
            panic!()
        };
        assert_eq!(keys(&groups[0]), ["hc_vault", "age"]);
        let back = Metadata::from_value(&v).unwrap();
        assert_eq!(back.key_groups.len(), 2);
        assert_eq!(back.shamir_threshold, 2);
    }

    #[test]
    fn mac_aad_is_canonical() {
        let mut m = sample(1);
        m.lastmodified = "2026-11-26T03:14:34.000+00:00".into();
        assert_eq!(m.mac_aad().unwrap(), "2026-11-26T03:14:34Z");
    }

    #[test]
    fn missing_keys_and_bad_times_are_errors() {
        let mut m = Map::default();
        m.push("lastmodified", Value::Str("2026-11-26T03:14:34Z".into()));
        assert!(Metadata::from_value(&Value::Map(m.clone())).is_err());
        let Value::Map(mut good) = sample(1).to_value(YAML) else {
            unreachable!()
        };
        good.remove_all("lastmodified");
        good.push("lastmodified", Value::Str("yesterday".into()));
        let err = Metadata::from_value(&Value::Map(good))
            .unwrap_err()
            .to_string();
        assert!(err.contains("lastmodified"), "{err}");
    }
}
