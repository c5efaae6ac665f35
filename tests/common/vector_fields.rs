//! How the vector files write ptlc's values: the error names SPEC.md uses,
//! one function per error type, and a parsed package's fields. Shared by the vector generators (`tests/vectors_*.rs`, through
//! `common`) and by the cross-implementation kit (`kit/`, through `#[path]`),
//! so both write and read the same names.

use ptlc::blob::BlobError;
use ptlc::ecdsa_adaptor::EcdsaAdaptorError;
use ptlc::musig::MusigError;
use ptlc::package::Package;
use ptlc::pay_for_signature::PayForSignatureError;
use ptlc::schnorr_adaptor::SchnorrAdaptorError;
use ptlc::tlv::TlvError;
use ptlc::{PointError, RouteError, ScalarError};
use serde_json::{json, Value};

/// Name of a [`ScalarError`].
pub fn scalar_error(e: ScalarError) -> &'static str {
    match e {
        ScalarError::InvalidLength => "invalid_length",
        ScalarError::Zero => "zero",
        ScalarError::Overflow => "overflow",
        ScalarError::RngFailure => "rng_failure",
    }
}

/// Name of a [`PointError`].
pub fn point_error(e: PointError) -> &'static str {
    match e {
        PointError::InvalidLength => "invalid_length",
        PointError::InvalidPrefix => "invalid_prefix",
        PointError::NotOnCurve => "not_on_curve",
        PointError::Hex(_) => "hex",
    }
}

/// Name of a [`RouteError`].
pub fn route_error(e: RouteError) -> &'static str {
    match e {
        RouteError::TweakMismatch => "tweak_mismatch",
        RouteError::WrongScalar => "wrong_scalar",
        RouteError::Degenerate => "degenerate",
        RouteError::RngFailure => "rng_failure",
    }
}

/// Name of a [`SchnorrAdaptorError`].
pub fn schnorr_adaptor_error(e: SchnorrAdaptorError) -> &'static str {
    match e {
        SchnorrAdaptorError::InvalidLength => "invalid_length",
        SchnorrAdaptorError::Hex(_) => "hex",
        SchnorrAdaptorError::InvalidNoncePoint => "invalid_nonce_point",
        SchnorrAdaptorError::ScalarOverflow => "scalar_overflow",
        SchnorrAdaptorError::InvalidPreSignature => "invalid_pre_signature",
        SchnorrAdaptorError::InvalidSignature => "invalid_signature",
        SchnorrAdaptorError::SignatureMismatch => "signature_mismatch",
        SchnorrAdaptorError::WrongScalar => "wrong_scalar",
        SchnorrAdaptorError::Degenerate => "degenerate",
    }
}

/// Name of an [`EcdsaAdaptorError`].
pub fn ecdsa_adaptor_error(e: EcdsaAdaptorError) -> &'static str {
    match e {
        EcdsaAdaptorError::InvalidLength => "invalid_length",
        EcdsaAdaptorError::InvalidPoint => "invalid_point",
        EcdsaAdaptorError::InvalidScalar => "invalid_scalar",
        EcdsaAdaptorError::Hex(_) => "hex",
        EcdsaAdaptorError::InvalidProof => "invalid_proof",
        EcdsaAdaptorError::InvalidSignature => "invalid_signature",
        EcdsaAdaptorError::SignatureMismatch => "signature_mismatch",
        EcdsaAdaptorError::ScalarMismatch => "scalar_mismatch",
        EcdsaAdaptorError::Degenerate => "degenerate",
    }
}

/// Name of a [`PayForSignatureError`].
pub fn pay_for_signature_error(e: PayForSignatureError) -> &'static str {
    match e {
        PayForSignatureError::InvalidNonce => "invalid_nonce",
        PayForSignatureError::InvalidSignature => "invalid_signature",
        PayForSignatureError::WrongScalar => "wrong_scalar",
        PayForSignatureError::Degenerate => "degenerate",
    }
}

/// A [`MusigError`] that blames a signer, as musig_adaptor.json writes it
/// (BIP-327's `InvalidContributionError`): `{type, signer, contrib}`; `None`
/// for BIP-327's `ValueError`s, which the file has no cases of.
pub fn musig_error(e: MusigError) -> Option<Value> {
    match e {
        MusigError::InvalidContribution {
            signer,
            contribution,
        } => Some(json!({
            "type": "invalid_contribution",
            "signer": signer,
            "contrib": contribution.bip327_name(),
        })),
        _ => None,
    }
}

/// A [`TlvError`] as the vector files write it: `{error[, type]}`.
pub fn tlv_error(e: TlvError) -> Value {
    let (name, typ) = match e {
        TlvError::Truncated => ("truncated", None),
        TlvError::NonMinimalBigSize => ("non_minimal_bigsize", None),
        TlvError::NotAscending => ("not_ascending", None),
        TlvError::Duplicate => ("duplicate", None),
        TlvError::LengthOverrun => ("length_overrun", None),
        TlvError::UnknownEvenType(t) => ("unknown_even_type", Some(t)),
        TlvError::MissingRecord(t) => ("missing_record", Some(t)),
        TlvError::InvalidValue(t) => ("invalid_value", Some(t)),
        TlvError::BufferTooSmall => ("buffer_too_small", None),
    };
    match typ {
        Some(t) => json!({"error": name, "type": t}),
        None => json!({"error": name}),
    }
}

/// A [`BlobError`] as the vector files write it: `{error}`, or
/// `{error: "tlv", tlv: {error[, type]}}`.
pub fn blob_error(e: BlobError) -> Value {
    let name = match e {
        BlobError::TooLarge => "too_large",
        BlobError::BufferTooSmall => "buffer_too_small",
        BlobError::Truncated => "truncated",
        BlobError::UnknownVersion(_) => "unknown_version",
        BlobError::InvalidLength => "invalid_length",
        BlobError::InvalidEphemeralKey => "invalid_ephemeral_key",
        BlobError::RngFailure => "rng_failure",
        BlobError::KeyCommitmentMismatch => "key_commitment_mismatch",
        BlobError::AuthenticationFailed => "authentication_failed",
        BlobError::BadPadding => "bad_padding",
        BlobError::PlaintextTooLong => "plaintext_too_long",
        BlobError::NonCanonicalBucket => "non_canonical_bucket",
        BlobError::Tlv(t) => return json!({"error": "tlv", "tlv": tlv_error(t)}),
    };
    json!({"error": name})
}

/// A parsed package's fields, as `packages` entries in blob.json hold them.
pub fn package_fields(p: &Package<'_>) -> Value {
    json!({
        "transaction": hex(p.transaction),
        "signer": hex(&p.signer.to_byte_array()),
        "signature": hex(p.signature.expose_secret()),
        "amount_msat": p.amount_msat,
        "expiry": p.expiry,
        "note": p.note.map(hex),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
