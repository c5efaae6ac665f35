//! Lightning BOLT-style TLV streams (BOLT #1, "Type-Length-Value Format"),
//! read and written without a heap.
//!
//! A stream is a sequence of records `BigSize(type) || BigSize(length) || value`.
//! [`BigSize`](read_bigsize) is BOLT #1's big-endian variable-length integer and
//! MUST be minimally encoded. Types MUST be strictly ascending (so a repeated
//! type is rejected too). A reader that meets a type it does not know ignores it
//! if the type is odd ("it's OK to be odd") and rejects the stream if it is even
//! ([`check_unknown`]).
//!
//! Every function here is a pure function over byte slices, so a fuzz target can
//! call it directly; none panics on any input.
//!
//! ```
//! use ptlc::tlv::{TlvStream, TlvWriter};
//! let mut buf = [0u8; 16];
//! let mut w = TlvWriter::new(&mut buf);
//! w.write(1, b"ab")?;
//! w.write(300, &[])?;
//! let n = w.finish();
//! assert_eq!(&buf[..n], &[0x01, 0x02, b'a', b'b', 0xfd, 0x01, 0x2c, 0x00]);
//! let types: Vec<u64> = TlvStream::new(&buf[..n]).map(|r| r.map(|r| r.typ)).collect::<Result<_, _>>()?;
//! assert_eq!(types, [1, 300]);
//! # Ok::<(), ptlc::tlv::TlvError>(())
//! ```

use core::fmt;

/// Why a TLV stream (or a record in it) was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlvError {
    /// The input ends inside a BigSize (type or length).
    Truncated,
    /// A BigSize is not minimally encoded.
    NonMinimalBigSize,
    /// A record's type is lower than the previous record's.
    NotAscending,
    /// A record's type equals the previous record's.
    Duplicate,
    /// A record's length runs past the end of the input.
    LengthOverrun,
    /// A record of this even type is not known to the reader.
    UnknownEvenType(u64),
    /// A required record of this type is missing.
    MissingRecord(u64),
    /// The value of the record of this type is malformed (wrong length,
    /// non-minimal integer, invalid key, ...).
    InvalidValue(u64),
    /// The output buffer is too small.
    BufferTooSmall,
}

impl fmt::Display for TlvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlvError::Truncated => f.write_str("TLV stream ends inside a BigSize"),
            TlvError::NonMinimalBigSize => f.write_str("BigSize is not minimally encoded"),
            TlvError::NotAscending => f.write_str("TLV types are not ascending"),
            TlvError::Duplicate => f.write_str("TLV type repeated"),
            TlvError::LengthOverrun => f.write_str("TLV length runs past the end of the stream"),
            TlvError::UnknownEvenType(t) => write!(f, "unknown even TLV type {t}"),
            TlvError::MissingRecord(t) => write!(f, "required TLV record {t} is missing"),
            TlvError::InvalidValue(t) => write!(f, "TLV record {t} has an invalid value"),
            TlvError::BufferTooSmall => f.write_str("output buffer too small"),
        }
    }
}

impl core::error::Error for TlvError {}

/// Reads a BigSize from the start of `bytes`; returns the value and the number
/// of bytes it took. Non-minimal encodings are rejected.
///
/// ```
/// use ptlc::tlv::{read_bigsize, TlvError};
/// assert_eq!(read_bigsize(&[0xfc]), Ok((0xfc, 1)));
/// assert_eq!(read_bigsize(&[0xfd, 0x00, 0xfd]), Ok((0xfd, 3)));
/// assert_eq!(read_bigsize(&[0xfd, 0x00, 0xfc]), Err(TlvError::NonMinimalBigSize));
/// assert_eq!(read_bigsize(&[0xfe, 0x00]), Err(TlvError::Truncated));
/// ```
pub fn read_bigsize(bytes: &[u8]) -> Result<(u64, usize), TlvError> {
    let (&first, rest) = bytes.split_first().ok_or(TlvError::Truncated)?;
    let (width, min) = match first {
        0xfd => (2usize, 0xfdu64),
        0xfe => (4, 0x1_0000),
        0xff => (8, 0x1_0000_0000),
        small => return Ok((u64::from(small), 1)),
    };
    let body = rest.get(..width).ok_or(TlvError::Truncated)?;
    let value = body.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if value < min {
        return Err(TlvError::NonMinimalBigSize);
    }
    Ok((value, width.saturating_add(1)))
}

/// The number of bytes of the minimal BigSize encoding of `value` (1, 3, 5 or 9).
///
/// ```
/// assert_eq!(ptlc::tlv::bigsize_len(0xfc), 1);
/// assert_eq!(ptlc::tlv::bigsize_len(0x1_0000), 5);
/// ```
pub const fn bigsize_len(value: u64) -> usize {
    if value < 0xfd {
        1
    } else if value <= 0xffff {
        3
    } else if value <= 0xffff_ffff {
        5
    } else {
        9
    }
}

/// Writes the minimal BigSize encoding of `value` at the start of `out`;
/// returns the number of bytes written.
///
/// ```
/// let mut b = [0u8; 9];
/// assert_eq!(ptlc::tlv::write_bigsize(0x1_0000, &mut b), Ok(5));
/// assert_eq!(&b[..5], &[0xfe, 0, 1, 0, 0]);
/// ```
pub fn write_bigsize(value: u64, out: &mut [u8]) -> Result<usize, TlvError> {
    let len = bigsize_len(value);
    let dst = out.get_mut(..len).ok_or(TlvError::BufferTooSmall)?;
    let be = value.to_be_bytes();
    let (prefix, tail) = match len {
        1 => (None, be.get(7..)),
        3 => (Some(0xfd), be.get(6..)),
        5 => (Some(0xfe), be.get(4..)),
        _ => (Some(0xff), be.get(..)),
    };
    let tail = tail.ok_or(TlvError::BufferTooSmall)?;
    match (prefix, dst.split_first_mut()) {
        (Some(p), Some((first, rest))) => {
            *first = p;
            rest.copy_from_slice(tail);
        }
        (None, _) => dst.copy_from_slice(tail),
        (Some(_), None) => return Err(TlvError::BufferTooSmall),
    }
    Ok(len)
}

/// The encoded size of one record with this type and value length.
///
/// ```
/// assert_eq!(ptlc::tlv::record_len(2, 32), 34);
/// ```
pub const fn record_len(typ: u64, value_len: usize) -> usize {
    bigsize_len(typ)
        .saturating_add(bigsize_len(value_len as u64))
        .saturating_add(value_len)
}

/// One record of a TLV stream, borrowing its value from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// The record type.
    pub typ: u64,
    /// The record value.
    pub value: &'a [u8],
}

/// An iterator over the records of a TLV stream that enforces the BOLT #1
/// framing rules (minimal BigSize, strictly ascending types, no overrun).
///
/// It yields `Err` at most once and then stops. It does not judge whether a
/// type is known: the caller applies [`check_unknown`] to types it does not know.
///
/// ```
/// use ptlc::tlv::{TlvStream, TlvError};
/// // type 3 then type 1: out of order.
/// let mut it = TlvStream::new(&[3, 0, 1, 0]);
/// assert!(it.next().unwrap().is_ok());
/// assert_eq!(it.next(), Some(Err(TlvError::NotAscending)));
/// assert_eq!(it.next(), None);
/// ```
#[derive(Debug, Clone)]
pub struct TlvStream<'a> {
    rest: &'a [u8],
    last: Option<u64>,
    failed: bool,
}

impl<'a> TlvStream<'a> {
    /// A stream over `bytes`.
    ///
    /// ```
    /// assert_eq!(ptlc::tlv::TlvStream::new(&[]).count(), 0);
    /// ```
    pub fn new(bytes: &'a [u8]) -> Self {
        TlvStream {
            rest: bytes,
            last: None,
            failed: false,
        }
    }

    fn next_record(&mut self) -> Result<Record<'a>, TlvError> {
        let (typ, n) = read_bigsize(self.rest)?;
        let after_type = self.rest.get(n..).ok_or(TlvError::Truncated)?;
        let (len, m) = read_bigsize(after_type)?;
        let after_len = after_type.get(m..).ok_or(TlvError::Truncated)?;
        match self.last {
            Some(prev) if typ == prev => return Err(TlvError::Duplicate),
            Some(prev) if typ < prev => return Err(TlvError::NotAscending),
            _ => {}
        }
        let len = usize::try_from(len).map_err(|_| TlvError::LengthOverrun)?;
        if len > after_len.len() {
            return Err(TlvError::LengthOverrun);
        }
        let (value, rest) = after_len.split_at(len);
        self.rest = rest;
        self.last = Some(typ);
        Ok(Record { typ, value })
    }
}

impl<'a> Iterator for TlvStream<'a> {
    type Item = Result<Record<'a>, TlvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let r = self.next_record();
        self.failed = r.is_err();
        Some(r)
    }
}

/// Checks the framing of a whole stream (every rule except known types).
///
/// ```
/// use ptlc::tlv::{validate, TlvError};
/// assert_eq!(validate(&[0, 1, 0xaa, 2, 0]), Ok(()));
/// assert_eq!(validate(&[0, 0, 0, 0]), Err(TlvError::Duplicate));
/// assert_eq!(validate(&[0, 5, 0xaa]), Err(TlvError::LengthOverrun));
/// ```
pub fn validate(bytes: &[u8]) -> Result<(), TlvError> {
    TlvStream::new(bytes).try_for_each(|r| r.map(|_| ()))
}

/// The BOLT #1 rule for a type the reader does not know: ignore it if odd,
/// reject the stream ([`TlvError::UnknownEvenType`]) if even.
///
/// ```
/// use ptlc::tlv::{check_unknown, TlvError};
/// assert_eq!(check_unknown(7), Ok(()));
/// assert_eq!(check_unknown(8), Err(TlvError::UnknownEvenType(8)));
/// ```
pub fn check_unknown(typ: u64) -> Result<(), TlvError> {
    if typ & 1 == 1 {
        Ok(())
    } else {
        Err(TlvError::UnknownEvenType(typ))
    }
}

/// Writes records into a caller-provided buffer, enforcing strictly ascending
/// types. On error nothing is written for the failed record.
///
/// ```
/// use ptlc::tlv::{TlvWriter, TlvError};
/// let mut buf = [0u8; 8];
/// let mut w = TlvWriter::new(&mut buf);
/// w.write(4, &[1])?;
/// assert_eq!(w.write(4, &[1]), Err(TlvError::Duplicate));
/// assert_eq!(w.write(2, &[1]), Err(TlvError::NotAscending));
/// assert_eq!(w.write(6, &[0; 8]), Err(TlvError::BufferTooSmall));
/// assert_eq!(w.finish(), 3);
/// # Ok::<(), TlvError>(())
/// ```
#[derive(Debug)]
pub struct TlvWriter<'o> {
    out: &'o mut [u8],
    pos: usize,
    last: Option<u64>,
}

impl<'o> TlvWriter<'o> {
    /// A writer at the start of `out`.
    ///
    /// ```
    /// let mut buf = [0u8; 4];
    /// assert_eq!(ptlc::tlv::TlvWriter::new(&mut buf).finish(), 0);
    /// ```
    pub fn new(out: &'o mut [u8]) -> Self {
        TlvWriter {
            out,
            pos: 0,
            last: None,
        }
    }

    /// Appends one record.
    ///
    /// ```
    /// let mut buf = [0u8; 4];
    /// let mut w = ptlc::tlv::TlvWriter::new(&mut buf);
    /// w.write(1, &[9, 9])?;
    /// assert_eq!(w.finish(), 4);
    /// # Ok::<(), ptlc::tlv::TlvError>(())
    /// ```
    pub fn write(&mut self, typ: u64, value: &[u8]) -> Result<(), TlvError> {
        match self.last {
            Some(prev) if typ == prev => return Err(TlvError::Duplicate),
            Some(prev) if typ < prev => return Err(TlvError::NotAscending),
            _ => {}
        }
        let need = record_len(typ, value.len());
        let end = self.pos.checked_add(need).ok_or(TlvError::BufferTooSmall)?;
        let dst = self
            .out
            .get_mut(self.pos..end)
            .ok_or(TlvError::BufferTooSmall)?;
        let a = write_bigsize(typ, dst)?;
        let dst = dst.get_mut(a..).ok_or(TlvError::BufferTooSmall)?;
        let b = write_bigsize(value.len() as u64, dst)?;
        dst.get_mut(b..)
            .ok_or(TlvError::BufferTooSmall)?
            .copy_from_slice(value);
        self.pos = end;
        self.last = Some(typ);
        Ok(())
    }

    /// The number of bytes written so far.
    ///
    /// ```
    /// let mut buf = [0u8; 4];
    /// assert_eq!(ptlc::tlv::TlvWriter::new(&mut buf).finish(), 0);
    /// ```
    pub fn finish(self) -> usize {
        self.pos
    }
}

/// Encodes `v` as a BOLT "tu64": big-endian with no leading zero bytes (0 is
/// the empty string). Returns the buffer and the offset where the value starts.
pub(crate) fn tu64(v: u64) -> ([u8; 8], usize) {
    let be = v.to_be_bytes();
    let skip = (v.leading_zeros() / 8) as usize;
    (be, skip)
}

/// Parses a BOLT "tu64" of at most `max_len` bytes; `None` if too long or not
/// minimal (a leading zero byte).
pub(crate) fn parse_tu64(bytes: &[u8], max_len: usize) -> Option<u64> {
    if bytes.len() > max_len || bytes.first() == Some(&0) {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigsize_round_trip_and_bolt_vectors() {
        // BOLT #1 appendix A.
        let cases: &[(u64, &[u8])] = &[
            (0, &[0x00]),
            (252, &[0xfc]),
            (253, &[0xfd, 0x00, 0xfd]),
            (65535, &[0xfd, 0xff, 0xff]),
            (65536, &[0xfe, 0x00, 0x01, 0x00, 0x00]),
            (4294967295, &[0xfe, 0xff, 0xff, 0xff, 0xff]),
            (4294967296, &[0xff, 0, 0, 0, 1, 0, 0, 0, 0]),
            (u64::MAX, &[0xff; 9]),
        ];
        for (v, enc) in cases {
            assert_eq!(read_bigsize(enc), Ok((*v, enc.len())));
            let mut b = [0u8; 9];
            assert_eq!(write_bigsize(*v, &mut b), Ok(enc.len()));
            assert_eq!(&b[..enc.len()], *enc);
            assert_eq!(bigsize_len(*v), enc.len());
        }
        for bad in [
            &[0xfd, 0x00, 0xfc][..],
            &[0xfe, 0x00, 0x00, 0xff, 0xff],
            &[0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff],
        ] {
            assert_eq!(read_bigsize(bad), Err(TlvError::NonMinimalBigSize));
        }
        for short in [&[][..], &[0xfd, 0x00], &[0xfe, 0xff, 0xff], &[0xff, 1, 2]] {
            assert_eq!(read_bigsize(short), Err(TlvError::Truncated));
        }
    }

    #[test]
    fn stream_rules() {
        assert_eq!(validate(&[]), Ok(()));
        assert_eq!(validate(&[1]), Err(TlvError::Truncated));
        assert_eq!(validate(&[1, 0xfd]), Err(TlvError::Truncated));
        assert_eq!(validate(&[1, 2, 0]), Err(TlvError::LengthOverrun));
        assert_eq!(
            validate(&[1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Err(TlvError::LengthOverrun)
        );
        assert_eq!(validate(&[2, 0, 1, 0]), Err(TlvError::NotAscending));
        assert_eq!(validate(&[2, 0, 2, 0]), Err(TlvError::Duplicate));
        assert_eq!(
            validate(&[0xfd, 0x00, 0x01, 0]),
            Err(TlvError::NonMinimalBigSize)
        );
        assert_eq!(
            validate(&[1, 0xfd, 0x00, 0x01]),
            Err(TlvError::NonMinimalBigSize)
        );
        assert_eq!(validate(&[0, 0, 0xfd, 0x01, 0x00, 0]), Ok(()));
    }

    #[test]
    fn tu64_minimal() {
        for v in [0u64, 1, 255, 256, u64::MAX] {
            let (b, s) = tu64(v);
            assert_eq!(parse_tu64(&b[s..], 8), Some(v));
        }
        assert_eq!(tu64(0).1, 8);
        assert_eq!(parse_tu64(&[0, 1], 8), None);
        assert_eq!(parse_tu64(&[1, 2, 3, 4, 5], 4), None);
    }
}
