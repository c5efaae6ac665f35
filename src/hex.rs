//! Lowercase hex encoding for public values, without allocation.
//!
//! Secrets are never hex-encoded by this crate.

use core::fmt::{self, Write};

/// Why a hex string was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexError {
    /// The string does not have exactly twice the expected number of bytes.
    InvalidLength,
    /// A character is not a hex digit.
    InvalidCharacter,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HexError::InvalidLength => f.write_str("hex string has the wrong length"),
            HexError::InvalidCharacter => f.write_str("invalid hex character"),
        }
    }
}

impl core::error::Error for HexError {}

fn nibble(c: u8) -> Result<u8, HexError> {
    match c {
        b'0'..=b'9' => Ok(c.wrapping_sub(b'0')),
        b'a'..=b'f' => Ok(c.wrapping_sub(b'a' - 10)),
        b'A'..=b'F' => Ok(c.wrapping_sub(b'A' - 10)),
        _ => Err(HexError::InvalidCharacter),
    }
}

/// Decodes exactly `N` bytes from a hex string (either case).
pub(crate) fn decode<const N: usize>(s: &str) -> Result<[u8; N], HexError> {
    let bytes = s.as_bytes();
    if N.checked_mul(2) != Some(bytes.len()) {
        return Err(HexError::InvalidLength);
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        if let [hi, lo] = pair {
            *o = (nibble(*hi)? << 4) | nibble(*lo)?;
        }
    }
    Ok(out)
}

/// Writes `bytes` as lowercase hex.
pub(crate) fn write(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        for nib in [b >> 4, b & 0x0f] {
            let digit = DIGITS.get(usize::from(nib)).copied().unwrap_or(b'0');
            f.write_char(char::from(digit))?;
        }
    }
    Ok(())
}

/// Implements `Display`, `FromStr` (lowercase hex of the fixed-size encoding)
/// and, behind `serde`, hex-string serde for a public type with
/// `to_bytes() -> [u8; N]` and `from_bytes(&[u8; N]) -> Result<Self, E>`.
macro_rules! impl_hex_traits {
    ($ty:ty, $len:expr, $err:ty) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                $crate::hex::write(f, &self.to_bytes())
            }
        }

        impl core::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let bytes = $crate::hex::decode::<{ $len }>(s)?;
                Self::from_bytes(&bytes)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct HexVisitor;
                impl serde::de::Visitor<'_> for HexVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        write!(f, "a hex string of {} bytes", $len)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse::<$ty>().map_err(E::custom)
                    }
                }
                d.deserialize_str(HexVisitor)
            }
        }
    };
}
pub(crate) use impl_hex_traits;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_bad_input() {
        assert_eq!(decode::<2>("0a0B"), Ok([0x0a, 0x0b]));
        assert_eq!(decode::<2>("0a0"), Err(HexError::InvalidLength));
        assert_eq!(decode::<2>("0a0g"), Err(HexError::InvalidCharacter));
        assert_eq!(decode::<1>("é"), Err(HexError::InvalidCharacter));
    }
}
