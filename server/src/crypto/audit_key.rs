//! The key that signs audit checkpoints: an Ed25519 key pair whose seed is derived from the
//! master key (HMAC-SHA256 under a fixed label), so it lives wherever the master key lives and
//! never in the database. Anyone with the public key can check an exported checkpoint.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use sha2::Sha256;

use super::MasterKey;

const LABEL: &[u8] = b"relay-audit-checkpoint-key-v1";

/// Cheap to clone; `Debug` shows only the public key.
#[derive(Clone)]
pub struct AuditKey {
    pair: Arc<Ed25519KeyPair>,
}

impl AuditKey {
    pub fn derive(master: &MasterKey) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master.bytes())
            .expect("HMAC takes a key of any length");
        mac.update(LABEL);
        let seed = mac.finalize().into_bytes();
        let pair =
            Ed25519KeyPair::from_seed_unchecked(&seed).expect("any 32 bytes are an Ed25519 seed");
        Self {
            pair: Arc::new(pair),
        }
    }

    pub fn public_key(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }

    /// True if `signature` is this key's signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, self.public_key())
            .verify(message, signature)
            .is_ok()
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(public)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_master_key_gives_the_same_audit_key_and_another_does_not() {
        let master = MasterKey::generate();
        let (a, b) = (AuditKey::derive(&master), AuditKey::derive(&master));
        assert_eq!(a.public_key(), b.public_key());
        let sig = a.sign(b"head");
        assert!(b.verify(b"head", &sig));
        assert!(!b.verify(b"head2", &sig));
        let other = AuditKey::derive(&MasterKey::generate());
        assert!(!other.verify(b"head", &sig));
    }
}
