//! Error types of the payment point, scalar and route modules.
//!
//! Each is a small `Copy` enum with `Display` and `core::error::Error`, and none
//! allocates.

use core::fmt;

pub use crate::hex::HexError;

/// Why bytes or a string were rejected as a [`PaymentPoint`](crate::PaymentPoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointError {
    /// Not 33 bytes.
    InvalidLength,
    /// The first byte is not `0x02` or `0x03`.
    InvalidPrefix,
    /// The x-coordinate is `>= p` or no point on the curve has it.
    NotOnCurve,
    /// The hex string was malformed.
    Hex(HexError),
}

/// Why bytes or a string were rejected as a secret scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarError {
    /// Not 32 bytes.
    InvalidLength,
    /// The value is 0.
    Zero,
    /// The value is `>= n`, the group order.
    Overflow,
    /// The RNG gave [`MAX_RNG_DRAWS`](crate::payment::MAX_RNG_DRAWS) draws in
    /// a row that are 0 or `>= n`: it is broken (stuck at zero, say).
    RngFailure,
}

/// Why a route hop failed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// The incoming point is not the outgoing point plus `tweak·G`.
    TweakMismatch,
    /// The scalar learned downstream does not open the outgoing point.
    WrongScalar,
    /// A sum of scalars or points came out as zero / infinity (negligible for
    /// honestly drawn tweaks; reported rather than panicking).
    Degenerate,
    /// The RNG gave no valid tweak (see [`ScalarError::RngFailure`]).
    RngFailure,
}

impl fmt::Display for PointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointError::InvalidLength => f.write_str("a payment point is 33 bytes"),
            PointError::InvalidPrefix => f.write_str("payment point prefix is not 0x02 or 0x03"),
            PointError::NotOnCurve => f.write_str("payment point is not on the curve"),
            PointError::Hex(e) => write!(f, "payment point hex: {e}"),
        }
    }
}

impl fmt::Display for ScalarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScalarError::InvalidLength => f.write_str("a scalar is 32 bytes"),
            ScalarError::Zero => f.write_str("scalar is zero"),
            ScalarError::Overflow => f.write_str("scalar is not below the group order"),
            ScalarError::RngFailure => {
                f.write_str("the RNG returned no valid scalar in repeated draws (broken RNG)")
            }
        }
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::TweakMismatch => {
                f.write_str("incoming point is not outgoing point plus tweak times G")
            }
            RouteError::WrongScalar => f.write_str("scalar does not open the outgoing point"),
            RouteError::Degenerate => f.write_str("degenerate route value (zero or infinity)"),
            RouteError::RngFailure => {
                f.write_str("the RNG returned no valid tweak in repeated draws (broken RNG)")
            }
        }
    }
}

impl From<HexError> for PointError {
    fn from(e: HexError) -> Self {
        PointError::Hex(e)
    }
}

impl core::error::Error for PointError {}
impl core::error::Error for ScalarError {}
impl core::error::Error for RouteError {}
