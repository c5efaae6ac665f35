//! Errors of the MuSig2 module, named as BIP-327 names them.
//!
//! BIP-327 distinguishes a party that misbehaved (`InvalidContributionError`,
//! with the index of the signer and which contribution was bad) from an input
//! that breaks a precondition (`ValueError`). [`MusigError::InvalidContribution`]
//! is the first; the other variants are the second, one per BIP-327 message.

use core::fmt;

/// Which contribution of a party was invalid (BIP-327's `contrib`).
///
/// ```
/// use ptlc::musig::Contribution;
/// assert_eq!(Contribution::PublicNonce.bip327_name(), "pubnonce");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contribution {
    /// An individual public key (`pubkey`).
    PublicKey,
    /// A signer's public nonce (`pubnonce`).
    PublicNonce,
    /// The aggregate nonce sent by the nonce aggregator (`aggnonce`).
    AggregateNonce,
    /// The aggregate of the other signers' nonces given to DeterministicSign
    /// (`aggothernonce`).
    AggregateOtherNonce,
    /// A partial signature (`psig`).
    PartialSignature,
}

impl Contribution {
    /// The name BIP-327 (and its test vectors) use for this contribution.
    ///
    /// ```
    /// use ptlc::musig::Contribution;
    /// assert_eq!(Contribution::PartialSignature.bip327_name(), "psig");
    /// ```
    pub fn bip327_name(&self) -> &'static str {
        match self {
            Self::PublicKey => "pubkey",
            Self::PublicNonce => "pubnonce",
            Self::AggregateNonce => "aggnonce",
            Self::AggregateOtherNonce => "aggothernonce",
            Self::PartialSignature => "psig",
        }
    }
}

/// Why a MuSig2 operation failed.
///
/// ```
/// use ptlc::musig::{key_agg::KeyAggContext, Contribution, MusigError};
/// let bad = [[2u8; 33], [5u8; 33]]; // prefix 5: not a compressed key
/// assert_eq!(
///     KeyAggContext::new(&bad).unwrap_err(),
///     MusigError::InvalidContribution { signer: Some(1), contribution: Contribution::PublicKey }
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MusigError {
    /// A party sent an invalid value. `signer` is its index in the list the
    /// operation was given (`None` for the aggregator's aggregate nonce, or
    /// when a single value was parsed on its own).
    InvalidContribution {
        /// Index of the party to blame, if the operation knows it.
        signer: Option<usize>,
        /// What was invalid.
        contribution: Contribution,
    },
    /// "The tweak must be less than n."
    TweakOutOfRange,
    /// "The result of tweaking cannot be infinity."
    TweakToInfinity,
    /// "The signer's pubkey must be included in the list of pubkeys."
    SignerNotInKeys,
    /// "first secnonce value is out of range." or "second secnonce value is
    /// out of range.": a zero (already used) or malformed secret nonce.
    SecretNonceOutOfRange,
    /// "Public key does not match nonce_gen argument": the secret nonce was
    /// generated for another key.
    SecretKeyMismatch,
    /// The list of keys, nonces or partial signatures is empty.
    EmptyList,
    /// An encoding has the wrong length, or an input is too long to hash.
    InvalidLength,
    /// A hex string was malformed.
    Hex(crate::hex::HexError),
    /// A serialized key aggregation context is malformed.
    InvalidKeyAggContext,
    /// The aggregate was asked for the wrong form: a plain signature from an
    /// adaptor session, or a pre-signature from a plain session.
    AdaptorMismatch,
    /// A pre-signature (zkp form) does not encode a point.
    InvalidPreSignature,
    /// A hash came out as zero or a point at infinity where BIP-327 asserts it
    /// cannot (negligible probability for honest inputs).
    Degenerate,
}

impl fmt::Display for MusigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidContribution {
                signer: Some(i),
                contribution,
            } => write!(
                f,
                "signer {i} sent an invalid {}",
                contribution.bip327_name()
            ),
            Self::InvalidContribution {
                signer: None,
                contribution,
            } => write!(f, "invalid {}", contribution.bip327_name()),
            Self::TweakOutOfRange => f.write_str("the tweak must be less than n"),
            Self::TweakToInfinity => f.write_str("the result of tweaking cannot be infinity"),
            Self::SignerNotInKeys => {
                f.write_str("the signer's pubkey must be included in the list of pubkeys")
            }
            Self::SecretNonceOutOfRange => {
                f.write_str("secret nonce value is out of range (used twice?)")
            }
            Self::SecretKeyMismatch => {
                f.write_str("public key does not match the nonce generation argument")
            }
            Self::EmptyList => {
                f.write_str("the list of keys, nonces or partial signatures is empty")
            }
            Self::InvalidLength => f.write_str("input has the wrong length"),
            Self::Hex(e) => write!(f, "musig hex: {e}"),
            Self::InvalidKeyAggContext => f.write_str("malformed key aggregation context"),
            Self::AdaptorMismatch => {
                f.write_str("session adaptor does not match the requested aggregate")
            }
            Self::InvalidPreSignature => f.write_str("pre-signature nonce is not a valid point"),
            Self::Degenerate => f.write_str("degenerate value (zero or infinity)"),
        }
    }
}

impl core::error::Error for MusigError {}

impl From<crate::hex::HexError> for MusigError {
    fn from(e: crate::hex::HexError) -> Self {
        Self::Hex(e)
    }
}

/// Shorthand for an invalid contribution.
pub(crate) fn invalid(signer: Option<usize>, contribution: Contribution) -> MusigError {
    MusigError::InvalidContribution {
        signer,
        contribution,
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn every_error_has_a_distinct_message() {
        let all = [
            invalid(Some(1), Contribution::PublicKey),
            invalid(None, Contribution::PublicKey),
            invalid(Some(1), Contribution::PublicNonce),
            invalid(None, Contribution::AggregateNonce),
            invalid(None, Contribution::AggregateOtherNonce),
            invalid(Some(1), Contribution::PartialSignature),
            MusigError::TweakOutOfRange,
            MusigError::TweakToInfinity,
            MusigError::SignerNotInKeys,
            MusigError::SecretNonceOutOfRange,
            MusigError::SecretKeyMismatch,
            MusigError::EmptyList,
            MusigError::InvalidLength,
            MusigError::Hex(crate::hex::HexError::InvalidLength),
            MusigError::InvalidKeyAggContext,
            MusigError::AdaptorMismatch,
            MusigError::InvalidPreSignature,
            MusigError::Degenerate,
        ];
        let messages: std::collections::BTreeSet<_> = all.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), all.len());
        assert_eq!(all[0].to_string(), "signer 1 sent an invalid pubkey");
    }
}
