//! AWS KMS master keys (metadata only in this build).

use std::collections::BTreeMap;

use super::{created_at, now_rfc3339, optional, required, MetadataError};
use crate::tree::{Item, Map, Value};

/// A KMS key ARN, its optional role, encryption context and profile, and the
/// data key encrypted with it.
#[derive(Clone, Debug, PartialEq)]
pub struct KmsKey {
    pub arn: String,
    pub role: String,
    /// Encryption context, sorted by key as sops writes it.
    pub context: Vec<(String, String)>,
    pub created_at: String,
    pub enc: String,
    pub aws_profile: String,
}

impl KmsKey {
    /// A key from sops' `ARN[+roleARN]` form (spaces removed), with the
    /// encryption context and AWS profile to use with it.
    pub fn from_spec(spec: &str, context: BTreeMap<String, String>, profile: &str) -> Self {
        let spec = spec.replace(' ', "");
        let (arn, role) = match spec.find("+arn:aws") {
            Some(i) => (spec[..i].to_owned(), spec[i + 1..].to_owned()),
            None => (spec, String::new()),
        };
        KmsKey {
            arn,
            role,
            context: context.into_iter().collect(),
            created_at: now_rfc3339(),
            enc: String::new(),
            aws_profile: profile.to_owned(),
        }
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        let mut context = Vec::new();
        match map.get("context") {
            Some(Value::Map(ctx)) => {
                for item in &ctx.0 {
                    if let Item::Entry(k, v) = item {
                        let Value::Str(v) = v else {
                            return Err(MetadataError::Invalid(format!(
                                "kms context value for {k:?} must be a string"
                            )));
                        };
                        context.push((k.clone(), v.clone()));
                    }
                }
            }
            None | Some(Value::Null) => {}
            Some(_) => {
                return Err(MetadataError::Invalid(
                    "kms context must be a mapping".into(),
                ))
            }
        }
        context.sort();
        Ok(KmsKey {
            arn: required(map, "kms", "arn")?,
            role: optional(map, "role"),
            context,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
            aws_profile: optional(map, "aws_profile"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        let mut m = Map::default();
        m.push("arn", Value::Str(self.arn.clone()));
        if !self.role.is_empty() {
            m.push("role", Value::Str(self.role.clone()));
        }
        if !self.context.is_empty() {
            let mut ctx = Map::default();
            for (k, v) in &self.context {
                ctx.push(k.clone(), Value::Str(v.clone()));
            }
            m.push("context", Value::Map(ctx));
        }
        m.push("created_at", Value::Str(self.created_at.clone()));
        m.push("enc", Value::Str(self.enc.clone()));
        m.push("aws_profile", Value::Str(self.aws_profile.clone()));
        m
    }

    /// sops' string form: `arn[+role][|k:v,…][|profile]`.
    pub fn identifier(&self) -> String {
        let mut s = self.arn.clone();
        if !self.role.is_empty() {
            s.push('+');
            s.push_str(&self.role);
        }
        if !self.context.is_empty() || !self.aws_profile.is_empty() {
            s.push('|');
            let pairs: Vec<String> = self
                .context
                .iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            s.push_str(&pairs.join(","));
        }
        if !self.aws_profile.is_empty() {
            s.push('|');
            s.push_str(&self.aws_profile);
        }
        s
    }
}
