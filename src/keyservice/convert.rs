//! Master keys to and from the protocol's `Key` messages. A message names
//! a key only (its wrapped data key travels beside it), so a key made from
//! one has no `enc` and a fresh `created_at`, as sops makes it.

use crate::keys::age::AgeKey;
use crate::keys::azure_kv::AzureKvKey;
use crate::keys::gcp_kms::GcpKmsKey;
use crate::keys::hc_vault::HcVaultKey;
use crate::keys::hckms::HckmsKey;
use crate::keys::kms::KmsKey;
use crate::keys::pgp::PgpKey;
use crate::keys::{now_rfc3339, MasterKey};

use super::proto::{self, key::KeyType};

/// The `Key` message naming `key`.
pub fn to_proto(key: &MasterKey) -> proto::Key {
    let key_type = match key {
        MasterKey::Age(k) => KeyType::AgeKey(proto::AgeKey {
            recipient: k.recipient.clone(),
        }),
        MasterKey::Pgp(k) => KeyType::PgpKey(proto::PgpKey {
            fingerprint: k.fp.clone(),
        }),
        MasterKey::Kms(k) => KeyType::KmsKey(proto::KmsKey {
            arn: k.arn.clone(),
            role: k.role.clone(),
            context: k.context.iter().cloned().collect(),
            aws_profile: k.aws_profile.clone(),
        }),
        MasterKey::GcpKms(k) => KeyType::GcpKmsKey(proto::GcpKmsKey {
            resource_id: k.resource_id.clone(),
        }),
        MasterKey::Hckms(k) => KeyType::HckmsKey(proto::HckmsKey {
            key_id: k.key_id.clone(),
        }),
        MasterKey::AzureKv(k) => KeyType::AzureKeyvaultKey(proto::AzureKeyVaultKey {
            vault_url: k.vault_url.clone(),
            name: k.name.clone(),
            version: k.version.clone(),
        }),
        MasterKey::HcVault(k) => KeyType::VaultKey(proto::VaultKey {
            vault_address: k.vault_address.clone(),
            engine_path: k.engine_path.clone(),
            key_name: k.key_name.clone(),
        }),
    };
    proto::Key {
        key_type: Some(key_type),
    }
}

/// The master key a `Key` message names.
pub fn from_proto(key_type: KeyType) -> MasterKey {
    match key_type {
        KeyType::AgeKey(k) => MasterKey::Age(AgeKey::new(&k.recipient)),
        KeyType::PgpKey(k) => MasterKey::Pgp(PgpKey::new(&k.fingerprint)),
        KeyType::KmsKey(k) => {
            let mut context: Vec<(String, String)> = k.context.into_iter().collect();
            context.sort();
            MasterKey::Kms(KmsKey {
                arn: k.arn,
                role: k.role,
                context,
                created_at: now_rfc3339(),
                enc: String::new(),
                aws_profile: k.aws_profile,
            })
        }
        KeyType::GcpKmsKey(k) => MasterKey::GcpKms(GcpKmsKey::new(&k.resource_id)),
        KeyType::HckmsKey(k) => MasterKey::Hckms(HckmsKey::new(&k.key_id)),
        KeyType::AzureKeyvaultKey(k) => {
            MasterKey::AzureKv(AzureKvKey::new(&k.vault_url, &k.name, &k.version))
        }
        KeyType::VaultKey(k) => MasterKey::HcVault(HcVaultKey {
            vault_address: k.vault_address,
            engine_path: k.engine_path,
            key_name: k.key_name,
            created_at: now_rfc3339(),
            enc: String::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_type_round_trips() {
        let mut kms = KmsKey::from_spec(
            "arn:aws:kms:eu-west-1:1:key/k+arn:aws:iam::1:role/r",
            [("b".into(), "2".into()), ("a".into(), "1".into())].into(),
            "prof",
        );
        kms.created_at = String::new();
        let keys = [
            MasterKey::Age(AgeKey::new("age1xyz")),
            MasterKey::Pgp(PgpKey::new("ABCDEF")),
            MasterKey::Kms(kms),
            MasterKey::GcpKms(GcpKmsKey::new(
                "projects/p/locations/l/keyRings/r/cryptoKeys/k",
            )),
            MasterKey::Hckms(HckmsKey::new("region:uuid")),
            MasterKey::AzureKv(AzureKvKey::new("https://v.vault.azure.net", "k", "1")),
            MasterKey::HcVault(
                HcVaultKey::from_uri("http://127.0.0.1:8200/v1/a/b/keys/k").unwrap(),
            ),
        ];
        for key in keys {
            let key_type = to_proto(&key).key_type.unwrap();
            let back = from_proto(key_type);
            assert_eq!(back.identifier(), key.identifier());
            assert_eq!(to_proto(&back), to_proto(&key));
        }
    }
}
