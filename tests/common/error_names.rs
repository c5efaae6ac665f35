//! The error names SPEC.md and the vector files use, one function per error
//! type. Shared by the vector generators (`tests/vectors_*.rs`, through
//! `common`) and by the cross-implementation kit (`kit/`, through `#[path]`),
//! so both write and read the same names.

use ptlc::ecdsa_adaptor::EcdsaAdaptorError;
use ptlc::pay_for_signature::PayForSignatureError;
use ptlc::schnorr_adaptor::SchnorrAdaptorError;
use ptlc::{PointError, RouteError, ScalarError};

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
