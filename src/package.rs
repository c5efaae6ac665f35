//! The asynchronous payment package: what a payer leaves, sealed in a
//! [`blob`](crate::blob), for an offline payee.
//!
//! Encoded as a BOLT-style TLV stream (see [`crate::tlv`]):
//!
//! | type | name | value |
//! |---|---|---|
//! | 0 | `transaction` | the pre-signed transaction bytes (1 to [`MAX_TRANSACTION_LEN`] bytes) |
//! | 2 | `signer` | the signer's x-only public key (32) |
//! | 4 | `signature` | BIP-340 signature (64): its `R` is the nonce pay-for-signature needs |
//! | 6 | `amount_msat` | tu64 (big-endian, no leading zero byte) |
//! | 8 | `expiry` | tu64, seconds since the Unix epoch |
//! | 9 | `note` | optional free bytes (odd: readers may ignore it); an empty record is an empty note, not an absent one |
//!
//! Required records have even types; any other even type is rejected and any
//! other odd type ignored. Each record's framing and then its value are checked
//! before the next record is read; the first failure is the result.
//!
//! ```
//! use ptlc::package::{Package, SecretSignature};
//! use ptlc::secp256k1::{Keypair, SecretKey};
//! let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([1; 32]).unwrap());
//! let pkg = Package {
//!     transaction: &[0x02, 0x00, 0x00, 0x00],
//!     signer: kp.x_only_public_key().0,
//!     signature: SecretSignature::from_byte_array([5; 64]),
//!     amount_msat: 1_000_000,
//!     expiry: 1_800_000_000,
//!     note: Some(b"thanks"),
//! };
//! let mut buf = [0u8; 256];
//! let n = pkg.encode(&mut buf)?;
//! assert_eq!(n, pkg.encoded_len());
//! assert_eq!(Package::parse(&buf[..n])?, pkg);
//! assert!(pkg.check_expiry(1_700_000_000).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use secp256k1::{schnorr, XOnlyPublicKey};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::tlv::{self, parse_tu64, record_len, tu64, TlvError, TlvStream, TlvWriter};

/// Wiping on drop and constant-time equality for a secret byte-array newtype.
macro_rules! impl_secret_bytes {
    ($name:ident) => {
        impl Zeroize for $name {
            fn zeroize(&mut self) {
                self.0.zeroize();
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                self.zeroize();
            }
        }

        impl ZeroizeOnDrop for $name {}

        impl ConstantTimeEq for $name {
            fn ct_eq(&self, other: &Self) -> subtle::Choice {
                self.0.ct_eq(&other.0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                bool::from(self.ct_eq(other))
            }
        }

        impl Eq for $name {}
    };
}

/// TLV type of the pre-signed transaction.
pub const TYPE_TRANSACTION: u64 = 0;
/// TLV type of the signer's x-only public key.
pub const TYPE_SIGNER: u64 = 2;
/// TLV type of the BIP-340 signature.
pub const TYPE_SIGNATURE: u64 = 4;
/// TLV type of the amount in millisatoshis.
pub const TYPE_AMOUNT_MSAT: u64 = 6;
/// TLV type of the expiry.
pub const TYPE_EXPIRY: u64 = 8;
/// TLV type of the optional note.
pub const TYPE_NOTE: u64 = 9;
/// The largest transaction a package carries (a standard transaction is at
/// most 400 000 weight units, but a sealed blob holds at most 64 KiB).
pub const MAX_TRANSACTION_LEN: usize = 60_000;

/// Why a package check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageError {
    /// `now >= expiry`: the package must not be acted on.
    Expired,
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::Expired => f.write_str("payment package has expired"),
        }
    }
}

impl core::error::Error for PackageError {}

/// The BIP-340 signature a package carries, `R || s` (64 bytes).
///
/// Its `s` is what pay-for-signature sells (it opens the signature point), so
/// the signature is a secret until the payee is paid: not `Copy`, wiped on drop,
/// compared in constant time, and `Debug` shows only the nonce `R`.
///
/// ```
/// use ptlc::package::SecretSignature;
/// let mut bytes = [0x11u8; 64];
/// bytes[32..].fill(0x6e);
/// let sig = SecretSignature::from_byte_array(bytes);
/// assert_eq!(sig.nonce(), [0x11; 32]);
/// assert!(!format!("{sig:?}").contains("6e6e"));
/// assert_eq!(sig, SecretSignature::from(sig.to_signature()));
/// ```
#[derive(Clone)]
pub struct SecretSignature([u8; 64]);

impl SecretSignature {
    /// Takes the 64 bytes `R || s` (no check: parsing never verifies, see
    /// [`Package::parse`]). The caller's copy of `bytes` is its own to wipe.
    ///
    /// ```
    /// let sig = ptlc::package::SecretSignature::from_byte_array([5; 64]);
    /// assert_eq!(sig.expose_secret(), &[5; 64]);
    /// ```
    pub fn from_byte_array(bytes: [u8; 64]) -> Self {
        Self(bytes)
    }

    /// Copies a 64-byte slice in without an intermediate copy; `None` for
    /// any other length.
    fn from_slice(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != 64 {
            return None;
        }
        let mut out = Self([0u8; 64]);
        out.0.copy_from_slice(bytes);
        Some(out)
    }

    /// The signature bytes `R || s`.
    ///
    /// ```
    /// let sig = ptlc::package::SecretSignature::from_byte_array([5; 64]);
    /// assert_eq!(sig.expose_secret().len(), 64);
    /// ```
    pub fn expose_secret(&self) -> &[u8; 64] {
        &self.0
    }

    /// The nonce `R` (x-only, the first 32 bytes): public, what a buyer needs
    /// for pay-for-signature before the signature itself is revealed.
    ///
    /// ```
    /// let sig = ptlc::package::SecretSignature::from_byte_array([5; 64]);
    /// assert_eq!(sig.nonce(), [5; 32]);
    /// ```
    pub fn nonce(&self) -> [u8; 32] {
        let mut r = [0u8; 32];
        if let Some(src) = self.0.get(..32) {
            r.copy_from_slice(src);
        }
        r
    }

    /// The signature as a `secp256k1` value, for
    /// [`pay_for_signature::signature_scalar`](crate::pay_for_signature::signature_scalar).
    /// A `schnorr::Signature` is `Copy` and cannot be wiped: pass it straight to
    /// its consumer rather than keeping it.
    ///
    /// ```
    /// let sig = ptlc::package::SecretSignature::from_byte_array([5; 64]);
    /// assert_eq!(sig.to_signature().as_ref(), &[5; 64]);
    /// ```
    pub fn to_signature(&self) -> schnorr::Signature {
        schnorr::Signature::from_byte_array(self.0)
    }
}

impl From<schnorr::Signature> for SecretSignature {
    fn from(sig: schnorr::Signature) -> Self {
        Self(sig.to_byte_array())
    }
}

impl_secret_bytes!(SecretSignature);

impl fmt::Debug for SecretSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Hex([u8; 32]);
        impl fmt::Debug for Hex {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
        f.debug_struct("SecretSignature")
            .field("nonce", &Hex(self.nonce()))
            .field("s", &"<redacted>")
            .finish()
    }
}

/// An asynchronous payment package, borrowing its byte fields.
///
/// It holds the [`SecretSignature`] pay-for-signature sells, so it is not
/// `Copy`; the signature is wiped when the package is dropped, `Debug` shows
/// only the signature's nonce `R` and the byte fields' lengths, and equality
/// compares the signature in constant time. The plaintext it was parsed from
/// also holds the signature: its owner wipes it
/// ([`open_to_vec`](crate::blob::open_to_vec) returns it `Zeroizing`).
#[derive(Clone)]
pub struct Package<'a> {
    /// The pre-signed transaction (serialized as on the wire).
    pub transaction: &'a [u8],
    /// The signer's x-only public key.
    pub signer: XOnlyPublicKey,
    /// The BIP-340 signature pay-for-signature sells (its first 32 bytes are the nonce).
    pub signature: SecretSignature,
    /// The amount, in millisatoshis.
    pub amount_msat: u64,
    /// Expiry, seconds since the Unix epoch.
    pub expiry: u64,
    /// An optional note for the payee.
    pub note: Option<&'a [u8]>,
}

impl fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Len(usize);
        impl fmt::Debug for Len {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<{} bytes>", self.0)
            }
        }
        f.debug_struct("Package")
            .field("transaction", &Len(self.transaction.len()))
            .field("signer", &self.signer)
            .field("signature", &self.signature)
            .field("amount_msat", &self.amount_msat)
            .field("expiry", &self.expiry)
            .field("note", &self.note.map(|n| Len(n.len())))
            .finish()
    }
}

impl ConstantTimeEq for Package<'_> {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        // Everything but the signature is public.
        let public_eq = self.transaction == other.transaction
            && self.signer == other.signer
            && self.amount_msat == other.amount_msat
            && self.expiry == other.expiry
            && self.note == other.note;
        subtle::Choice::from(u8::from(public_eq)) & self.signature.ct_eq(&other.signature)
    }
}

impl PartialEq for Package<'_> {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.ct_eq(other))
    }
}

impl Eq for Package<'_> {}

impl<'a> Package<'a> {
    /// The exact number of bytes [`encode`](Self::encode) writes.
    ///
    /// ```
    /// # use ptlc::package::Package;
    /// # use ptlc::package::SecretSignature;
    /// # use ptlc::secp256k1::{Keypair, SecretKey};
    /// # let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([1; 32]).unwrap());
    /// let pkg = Package { transaction: &[1; 10], signer: kp.x_only_public_key().0,
    ///     signature: SecretSignature::from_byte_array([5; 64]), amount_msat: 0, expiry: 1, note: None };
    /// // 2+10, 2+32, 2+64, 2+0, 2+1
    /// assert_eq!(pkg.encoded_len(), 117);
    /// ```
    pub fn encoded_len(&self) -> usize {
        common_len(self.transaction, self.amount_msat, self.expiry, self.note)
            .saturating_add(record_len(TYPE_SIGNER, 32))
            .saturating_add(record_len(TYPE_SIGNATURE, 64))
    }

    /// Writes the TLV encoding into `out`; returns the number of bytes written.
    /// Fails with [`TlvError::InvalidValue`] for an empty or oversized
    /// transaction and [`TlvError::BufferTooSmall`] if `out` is short.
    ///
    /// ```
    /// # use ptlc::package::Package;
    /// # use ptlc::tlv::TlvError;
    /// # use ptlc::package::SecretSignature;
    /// # use ptlc::secp256k1::{Keypair, SecretKey};
    /// # let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([1; 32]).unwrap());
    /// let pkg = Package { transaction: &[], signer: kp.x_only_public_key().0,
    ///     signature: SecretSignature::from_byte_array([5; 64]), amount_msat: 0, expiry: 1, note: None };
    /// assert_eq!(pkg.encode(&mut [0u8; 200]), Err(TlvError::InvalidValue(0)));
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, TlvError> {
        if self.transaction.is_empty() || self.transaction.len() > MAX_TRANSACTION_LEN {
            return Err(TlvError::InvalidValue(TYPE_TRANSACTION));
        }
        if out.len() < self.encoded_len() {
            return Err(TlvError::BufferTooSmall);
        }
        let (amount, amount_skip) = tu64(self.amount_msat);
        let (expiry, expiry_skip) = tu64(self.expiry);
        let mut w = TlvWriter::new(out);
        w.write(TYPE_TRANSACTION, self.transaction)?;
        w.write(TYPE_SIGNER, &self.signer.to_byte_array())?;
        w.write(TYPE_SIGNATURE, self.signature.expose_secret())?;
        w.write(
            TYPE_AMOUNT_MSAT,
            amount.get(amount_skip..).unwrap_or_default(),
        )?;
        w.write(TYPE_EXPIRY, expiry.get(expiry_skip..).unwrap_or_default())?;
        if let Some(note) = self.note {
            w.write(TYPE_NOTE, note)?;
        }
        Ok(w.finish())
    }

    /// Parses a package from its TLV encoding (a pure function of `bytes`).
    /// Records are read one at a time, framing then value rules, so an invalid
    /// record fails before a later framing error is seen; missing records are
    /// reported after the whole stream.
    ///
    /// ```
    /// use ptlc::package::Package;
    /// use ptlc::tlv::TlvError;
    /// assert_eq!(Package::parse(&[]), Err(TlvError::MissingRecord(0)));
    /// assert_eq!(Package::parse(&[0, 1, 0xaa, 10, 0]), Err(TlvError::UnknownEvenType(10)));
    /// // Type 10 is rejected before type 9 (out of order) is framed.
    /// assert_eq!(Package::parse(&[0, 1, 0xaa, 10, 0, 9, 0]), Err(TlvError::UnknownEvenType(10)));
    /// assert_eq!(Package::parse(&[0, 0, 9, 0]), Err(TlvError::InvalidValue(0)));
    /// ```
    pub fn parse(bytes: &'a [u8]) -> Result<Self, TlvError> {
        let mut common = CommonRecords::default();
        let mut signer = None;
        let mut signature = None;
        for record in TlvStream::new(bytes) {
            let tlv::Record { typ, value } = record?;
            if common.take(typ, value)? {
                continue;
            }
            let bad = TlvError::InvalidValue(typ);
            match typ {
                TYPE_SIGNER => {
                    let arr: [u8; 32] = value.try_into().map_err(|_| bad)?;
                    signer = Some(XOnlyPublicKey::from_byte_array(arr).map_err(|_| bad)?);
                }
                TYPE_SIGNATURE => {
                    signature = Some(SecretSignature::from_slice(value).ok_or(bad)?);
                }
                other => tlv::check_unknown(other)?,
            }
        }
        let transaction = common.transaction()?;
        let signer = signer.ok_or(TlvError::MissingRecord(TYPE_SIGNER))?;
        let signature = signature.ok_or(TlvError::MissingRecord(TYPE_SIGNATURE))?;
        let (amount_msat, expiry, note) = common.rest()?;
        Ok(Package {
            transaction,
            signer,
            signature,
            amount_msat,
            expiry,
            note,
        })
    }

    /// Fails with [`PackageError::Expired`] once `now >= expiry` (both in
    /// seconds since the Unix epoch, as `u64`: no cast of a clock to 32 bits).
    ///
    /// ```
    /// # use ptlc::package::{Package, PackageError};
    /// # use ptlc::package::SecretSignature;
    /// # use ptlc::secp256k1::{Keypair, SecretKey};
    /// # let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([1; 32]).unwrap());
    /// let pkg = Package { transaction: &[1], signer: kp.x_only_public_key().0,
    ///     signature: SecretSignature::from_byte_array([5; 64]), amount_msat: 0, expiry: 100, note: None };
    /// assert_eq!(pkg.check_expiry(99), Ok(()));
    /// assert_eq!(pkg.check_expiry(100), Err(PackageError::Expired));
    /// ```
    pub fn check_expiry(&self, now: u64) -> Result<(), PackageError> {
        expiry_at(self.expiry, now)
    }

    /// The signature's nonce `R` (x-only, 32 bytes): what a buyer needs for
    /// pay-for-signature before the signature itself is revealed.
    ///
    /// ```
    /// # use ptlc::package::Package;
    /// # use ptlc::package::SecretSignature;
    /// # use ptlc::secp256k1::{Keypair, SecretKey};
    /// # let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([1; 32]).unwrap());
    /// let pkg = Package { transaction: &[1], signer: kp.x_only_public_key().0,
    ///     signature: SecretSignature::from_byte_array([5; 64]), amount_msat: 0, expiry: 100, note: None };
    /// assert_eq!(pkg.nonce(), [5; 32]);
    /// ```
    pub fn nonce(&self) -> [u8; 32] {
        self.signature.nonce()
    }
}

/// TLV type of the MuSig2 key list (two 33-byte keys in key-aggregation order).
pub const TYPE_MUSIG_KEYS: u64 = 10;
/// TLV type of the x-only tweak applied to the aggregate key (32 bytes; the
/// BIP-341 Taproot tweak of a key-path channel output).
pub const TYPE_MUSIG_TWEAK: u64 = 12;
/// TLV type of the payer's index in the key list (1 byte, 0 or 1).
pub const TYPE_MUSIG_PAYER_INDEX: u64 = 14;
/// TLV type of the payer's public nonce (66 bytes).
pub const TYPE_MUSIG_PAYER_NONCE: u64 = 16;
/// TLV type of the identifier of the co-signer's pre-shared nonce (32 bytes).
pub const TYPE_MUSIG_COSIGNER_NONCE_ID: u64 = 18;
/// TLV type of the payer's partial signature (32 bytes, secret).
pub const TYPE_MUSIG_PARTIAL_SIGNATURE: u64 = 20;

/// The payer's MuSig2 partial signature a [`MusigPackage`] carries: what
/// pay-for-partial-signature sells, so a secret until the payee is paid
/// (not `Copy`, wiped on drop, compared in constant time, redacted in `Debug`).
///
/// ```
/// use ptlc::package::SecretPartialSignature;
/// let s = SecretPartialSignature::from_byte_array([0x6e; 32]);
/// assert!(!format!("{s:?}").contains("6e"));
/// assert_eq!(s.to_partial_signature()?.to_bytes(), [0x6e; 32]);
/// # Ok::<(), ptlc::MusigError>(())
/// ```
#[derive(Clone)]
pub struct SecretPartialSignature([u8; 32]);

impl SecretPartialSignature {
    /// Takes the 32 bytes (no range check: parsing never verifies).
    ///
    /// ```
    /// let s = ptlc::package::SecretPartialSignature::from_byte_array([1; 32]);
    /// assert_eq!(s.expose_secret(), &[1; 32]);
    /// ```
    pub fn from_byte_array(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes.
    ///
    /// ```
    /// let s = ptlc::package::SecretPartialSignature::from_byte_array([1; 32]);
    /// assert_eq!(s.expose_secret().len(), 32);
    /// ```
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
    }

    /// As a MuSig2 partial signature, for
    /// [`partial_signature_scalar`](crate::pay_for_partial_signature::partial_signature_scalar);
    /// fails for a value `≥ n`. The result is `Copy`: pass it straight on.
    ///
    /// ```
    /// let s = ptlc::package::SecretPartialSignature::from_byte_array([0xff; 32]);
    /// assert!(s.to_partial_signature().is_err());
    /// ```
    pub fn to_partial_signature(
        &self,
    ) -> Result<crate::musig::signing::PartialSignature, crate::MusigError> {
        crate::musig::signing::PartialSignature::from_bytes(&self.0)
    }
}

impl_secret_bytes!(SecretPartialSignature);

impl fmt::Debug for SecretPartialSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretPartialSignature(<redacted>)")
    }
}

/// The asynchronous payment package over a MuSig2 (Taproot) channel
/// (SPEC.md, "Pay-for-partial-signature"): the records of [`Package`] for
/// the transaction, amount, expiry and note (types 0, 6, 8, 9), and instead
/// of the BIP-340 signer and signature:
///
/// | type | name | value |
/// |---|---|---|
/// | 10 | `musig_keys` | both 33-byte public keys, in key-aggregation order (66) |
/// | 12 | `musig_tweak` | the x-only tweak of the aggregate key (32; the BIP-341 tweak) |
/// | 14 | `musig_payer_index` | the payer's index in `musig_keys` (1 byte: 0 or 1) |
/// | 16 | `musig_payer_nonce` | the payer's public nonce (66) |
/// | 18 | `musig_cosigner_nonce_id` | the [`NonceId`](crate::pay_for_partial_signature::NonceId) of the co-signer's pre-shared nonce (32) |
/// | 20 | `musig_partial_signature` | the payer's partial signature (32, secret) |
///
/// Types 2 and 4 are unknown even types here (and 10 to 20 in a [`Package`]),
/// so neither package parses as the other. Parsing checks encodings only
/// (keys and nonce on the curve), never the partial signature.
///
/// ```
/// use ptlc::package::{MusigPackage, SecretPartialSignature};
/// use ptlc::pay_for_partial_signature::NonceId;
/// use ptlc::secp256k1::Keypair;
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// let a = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// let s = Keypair::from_secret_bytes([2; 32]).expect("key").public_key();
/// let (_, a_nonce) = ptlc::musig::nonces::nonce_gen(&mut rng, &a, Default::default())?;
/// let (_, s_nonce) = ptlc::musig::nonces::nonce_gen(&mut rng, &s, Default::default())?;
/// let pkg = MusigPackage {
///     transaction: &[2, 0, 0, 0],
///     keys: [a, s],
///     tweak: [7; 32],
///     payer_index: 0,
///     payer_nonce: a_nonce,
///     cosigner_nonce_id: NonceId::of(&s_nonce),
///     partial_signature: SecretPartialSignature::from_byte_array([5; 32]),
///     amount_msat: 1_000,
///     expiry: 1_800_000_000,
///     note: None,
/// };
/// let mut buf = [0u8; 512];
/// let n = pkg.encode(&mut buf)?;
/// assert_eq!(n, pkg.encoded_len());
/// assert_eq!(MusigPackage::parse(&buf[..n])?, pkg);
/// assert!(ptlc::Package::parse(&buf[..n]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MusigPackage<'a> {
    /// The pre-signed transaction (serialized as on the wire).
    pub transaction: &'a [u8],
    /// Both signers' keys in key-aggregation order.
    pub keys: [secp256k1::PublicKey; 2],
    /// The x-only tweak applied to the aggregate key.
    pub tweak: [u8; 32],
    /// The payer's index in `keys` (0 or 1).
    pub payer_index: u8,
    /// The payer's public nonce.
    pub payer_nonce: crate::musig::nonces::PubNonce,
    /// The identifier of the co-signer's pre-shared public nonce.
    pub cosigner_nonce_id: crate::pay_for_partial_signature::NonceId,
    /// The payer's partial signature, the secret being sold.
    pub partial_signature: SecretPartialSignature,
    /// The amount, in millisatoshis.
    pub amount_msat: u64,
    /// Expiry, seconds since the Unix epoch.
    pub expiry: u64,
    /// An optional note for the payee.
    pub note: Option<&'a [u8]>,
}

impl fmt::Debug for MusigPackage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MusigPackage")
            .field("transaction_len", &self.transaction.len())
            .field("keys", &self.keys)
            .field("payer_index", &self.payer_index)
            .field("cosigner_nonce_id", &self.cosigner_nonce_id)
            .field("partial_signature", &self.partial_signature)
            .field("amount_msat", &self.amount_msat)
            .field("expiry", &self.expiry)
            .finish_non_exhaustive()
    }
}

impl<'a> MusigPackage<'a> {
    /// The exact number of bytes [`encode`](Self::encode) writes.
    ///
    /// ```
    /// # use ptlc::package::{MusigPackage, SecretPartialSignature};
    /// # let k = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, n) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &k, Default::default())?;
    /// let pkg = MusigPackage { transaction: &[1; 10], keys: [k, k], tweak: [0; 32], payer_index: 1,
    ///     payer_nonce: n, cosigner_nonce_id: ptlc::pay_for_partial_signature::NonceId::of(&n),
    ///     partial_signature: SecretPartialSignature::from_byte_array([5; 32]),
    ///     amount_msat: 0, expiry: 1, note: None };
    /// // 2+10, 2+66, 2+32, 2+1, 2+66, 2+32, 2+32, 2+0, 2+1
    /// assert_eq!(pkg.encoded_len(), 258);
    /// # Ok::<(), ptlc::MusigError>(())
    /// ```
    pub fn encoded_len(&self) -> usize {
        common_len(self.transaction, self.amount_msat, self.expiry, self.note)
            .saturating_add(record_len(TYPE_MUSIG_KEYS, 66))
            .saturating_add(record_len(TYPE_MUSIG_TWEAK, 32))
            .saturating_add(record_len(TYPE_MUSIG_PAYER_INDEX, 1))
            .saturating_add(record_len(TYPE_MUSIG_PAYER_NONCE, 66))
            .saturating_add(record_len(TYPE_MUSIG_COSIGNER_NONCE_ID, 32))
            .saturating_add(record_len(TYPE_MUSIG_PARTIAL_SIGNATURE, 32))
    }

    /// Writes the TLV encoding (records in type order) into `out`; returns
    /// the number of bytes written. [`TlvError::InvalidValue`] for an empty or
    /// oversized transaction or a payer index other than 0 or 1,
    /// [`TlvError::BufferTooSmall`] if `out` is short.
    ///
    /// ```
    /// # use ptlc::package::{MusigPackage, SecretPartialSignature};
    /// # use ptlc::tlv::TlvError;
    /// # let k = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, n) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &k, Default::default())?;
    /// let pkg = MusigPackage { transaction: &[1], keys: [k, k], tweak: [0; 32], payer_index: 2,
    ///     payer_nonce: n, cosigner_nonce_id: ptlc::pay_for_partial_signature::NonceId::of(&n),
    ///     partial_signature: SecretPartialSignature::from_byte_array([5; 32]),
    ///     amount_msat: 0, expiry: 1, note: None };
    /// assert_eq!(pkg.encode(&mut [0u8; 512]), Err(TlvError::InvalidValue(14)));
    /// # Ok::<(), ptlc::MusigError>(())
    /// ```
    pub fn encode(&self, out: &mut [u8]) -> Result<usize, TlvError> {
        if self.transaction.is_empty() || self.transaction.len() > MAX_TRANSACTION_LEN {
            return Err(TlvError::InvalidValue(TYPE_TRANSACTION));
        }
        if self.payer_index > 1 {
            return Err(TlvError::InvalidValue(TYPE_MUSIG_PAYER_INDEX));
        }
        if out.len() < self.encoded_len() {
            return Err(TlvError::BufferTooSmall);
        }
        let (amount, amount_skip) = tu64(self.amount_msat);
        let (expiry, expiry_skip) = tu64(self.expiry);
        let mut keys = [0u8; 66];
        for (chunk, k) in keys.chunks_exact_mut(33).zip(self.keys.iter()) {
            chunk.copy_from_slice(&k.serialize());
        }
        let mut w = TlvWriter::new(out);
        w.write(TYPE_TRANSACTION, self.transaction)?;
        w.write(
            TYPE_AMOUNT_MSAT,
            amount.get(amount_skip..).unwrap_or_default(),
        )?;
        w.write(TYPE_EXPIRY, expiry.get(expiry_skip..).unwrap_or_default())?;
        if let Some(note) = self.note {
            w.write(TYPE_NOTE, note)?;
        }
        w.write(TYPE_MUSIG_KEYS, &keys)?;
        w.write(TYPE_MUSIG_TWEAK, &self.tweak)?;
        w.write(TYPE_MUSIG_PAYER_INDEX, &[self.payer_index])?;
        w.write(TYPE_MUSIG_PAYER_NONCE, &self.payer_nonce.to_bytes())?;
        w.write(
            TYPE_MUSIG_COSIGNER_NONCE_ID,
            &self.cosigner_nonce_id.to_bytes(),
        )?;
        w.write(
            TYPE_MUSIG_PARTIAL_SIGNATURE,
            self.partial_signature.expose_secret(),
        )?;
        Ok(w.finish())
    }

    /// Parses a MuSig2 package from its TLV encoding (a pure function of
    /// `bytes`), with [`Package::parse`]'s record-by-record rules.
    ///
    /// ```
    /// use ptlc::package::MusigPackage;
    /// use ptlc::tlv::TlvError;
    /// assert_eq!(MusigPackage::parse(&[]).unwrap_err(), TlvError::MissingRecord(0));
    /// // A BIP-340 signer record (type 2) is an unknown even type here.
    /// assert_eq!(MusigPackage::parse(&[0, 1, 0xaa, 2, 0]).unwrap_err(), TlvError::UnknownEvenType(2));
    /// assert_eq!(MusigPackage::parse(&[0, 1, 0xaa, 14, 1, 2]).unwrap_err(), TlvError::InvalidValue(14));
    /// ```
    pub fn parse(bytes: &'a [u8]) -> Result<Self, TlvError> {
        let mut common = CommonRecords::default();
        let mut keys = None;
        let mut tweak = None;
        let mut payer_index = None;
        let mut payer_nonce = None;
        let mut nonce_id = None;
        let mut psig = None;
        for record in TlvStream::new(bytes) {
            let tlv::Record { typ, value } = record?;
            if common.take(typ, value)? {
                continue;
            }
            let bad = TlvError::InvalidValue(typ);
            match typ {
                TYPE_MUSIG_KEYS => keys = Some(parse_keys(value).ok_or(bad)?),
                TYPE_MUSIG_TWEAK => tweak = Some(<[u8; 32]>::try_from(value).map_err(|_| bad)?),
                TYPE_MUSIG_PAYER_INDEX => match value {
                    [i @ (0 | 1)] => payer_index = Some(*i),
                    _ => return Err(bad),
                },
                TYPE_MUSIG_PAYER_NONCE => {
                    let arr: [u8; 66] = value.try_into().map_err(|_| bad)?;
                    payer_nonce =
                        Some(crate::musig::nonces::PubNonce::from_bytes(&arr).map_err(|_| bad)?);
                }
                TYPE_MUSIG_COSIGNER_NONCE_ID => {
                    let arr: [u8; 32] = value.try_into().map_err(|_| bad)?;
                    nonce_id = Some(crate::pay_for_partial_signature::NonceId::from_bytes(arr));
                }
                TYPE_MUSIG_PARTIAL_SIGNATURE => {
                    if value.len() != 32 {
                        return Err(bad);
                    }
                    let mut s = SecretPartialSignature([0u8; 32]);
                    s.0.copy_from_slice(value);
                    psig = Some(s);
                }
                other => tlv::check_unknown(other)?,
            }
        }
        let transaction = common.transaction()?;
        // Types 6 and 8 come before 10 to 20: missing records are reported in
        // ascending type order, as for [`Package`].
        let (amount_msat, expiry, note) = common.rest()?;
        let missing = TlvError::MissingRecord;
        Ok(MusigPackage {
            transaction,
            keys: keys.ok_or(missing(TYPE_MUSIG_KEYS))?,
            tweak: tweak.ok_or(missing(TYPE_MUSIG_TWEAK))?,
            payer_index: payer_index.ok_or(missing(TYPE_MUSIG_PAYER_INDEX))?,
            payer_nonce: payer_nonce.ok_or(missing(TYPE_MUSIG_PAYER_NONCE))?,
            cosigner_nonce_id: nonce_id.ok_or(missing(TYPE_MUSIG_COSIGNER_NONCE_ID))?,
            partial_signature: psig.ok_or(missing(TYPE_MUSIG_PARTIAL_SIGNATURE))?,
            amount_msat,
            expiry,
            note,
        })
    }

    /// Fails with [`PackageError::Expired`] once `now >= expiry`.
    ///
    /// ```
    /// # use ptlc::package::{MusigPackage, PackageError, SecretPartialSignature};
    /// # let k = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, n) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &k, Default::default())?;
    /// let pkg = MusigPackage { transaction: &[1], keys: [k, k], tweak: [0; 32], payer_index: 0,
    ///     payer_nonce: n, cosigner_nonce_id: ptlc::pay_for_partial_signature::NonceId::of(&n),
    ///     partial_signature: SecretPartialSignature::from_byte_array([5; 32]),
    ///     amount_msat: 0, expiry: 100, note: None };
    /// assert_eq!(pkg.check_expiry(100), Err(PackageError::Expired));
    /// # Ok::<(), ptlc::MusigError>(())
    /// ```
    pub fn check_expiry(&self, now: u64) -> Result<(), PackageError> {
        expiry_at(self.expiry, now)
    }

    /// The key-aggregation context the records describe: `keys` in order,
    /// then the x-only `tweak`.
    ///
    /// ```
    /// # use ptlc::package::{MusigPackage, SecretPartialSignature};
    /// # let k = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, n) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &k, Default::default())?;
    /// let untweaked = ptlc::musig::key_agg::KeyAggContext::from_public_keys(&[k, k])?;
    /// let tweak = ptlc::musig::key_agg::taproot_tweak_scalar(&untweaked.x_only_public_key(), None)?;
    /// let pkg = MusigPackage { transaction: &[1], keys: [k, k], tweak: tweak.to_be_bytes(), payer_index: 0,
    ///     payer_nonce: n, cosigner_nonce_id: ptlc::pay_for_partial_signature::NonceId::of(&n),
    ///     partial_signature: SecretPartialSignature::from_byte_array([5; 32]),
    ///     amount_msat: 0, expiry: 100, note: None };
    /// assert_eq!(pkg.key_agg_context()?, untweaked.taproot_tweak(None)?);
    /// # Ok::<(), ptlc::MusigError>(())
    /// ```
    pub fn key_agg_context(
        &self,
    ) -> Result<crate::musig::key_agg::KeyAggContext, crate::MusigError> {
        crate::musig::key_agg::KeyAggContext::from_public_keys(&self.keys)?
            .apply_tweak(&crate::musig::key_agg::Tweak::XOnly(self.tweak))
    }
}

/// Two 33-byte compressed keys.
fn parse_keys(value: &[u8]) -> Option<[secp256k1::PublicKey; 2]> {
    let (a, b) = value.split_at_checked(33)?;
    if b.len() != 33 {
        return None;
    }
    Some([
        secp256k1::PublicKey::from_slice(a).ok()?,
        secp256k1::PublicKey::from_slice(b).ok()?,
    ])
}

/// The records both packages share (transaction, amount, expiry, note),
/// collected while a stream is parsed.
#[derive(Default)]
struct CommonRecords<'a> {
    transaction: Option<&'a [u8]>,
    amount_msat: Option<u64>,
    expiry: Option<u64>,
    note: Option<&'a [u8]>,
}

impl<'a> CommonRecords<'a> {
    /// Takes a shared record; `Ok(false)` for any other type.
    fn take(&mut self, typ: u64, value: &'a [u8]) -> Result<bool, TlvError> {
        let bad = TlvError::InvalidValue(typ);
        match typ {
            TYPE_TRANSACTION => {
                if value.is_empty() || value.len() > MAX_TRANSACTION_LEN {
                    return Err(bad);
                }
                self.transaction = Some(value);
            }
            TYPE_AMOUNT_MSAT => self.amount_msat = Some(parse_tu64(value, 8).ok_or(bad)?),
            TYPE_EXPIRY => self.expiry = Some(parse_tu64(value, 8).ok_or(bad)?),
            TYPE_NOTE => self.note = Some(value),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The transaction, or [`TlvError::MissingRecord`].
    fn transaction(&self) -> Result<&'a [u8], TlvError> {
        self.transaction
            .ok_or(TlvError::MissingRecord(TYPE_TRANSACTION))
    }

    /// `(amount_msat, expiry, note)`, or the first missing record. Each
    /// scheme checks it where types 6 and 8 fall among its own required
    /// records, so that missing records are reported in type order.
    fn rest(&self) -> Result<(u64, u64, Option<&'a [u8]>), TlvError> {
        Ok((
            self.amount_msat
                .ok_or(TlvError::MissingRecord(TYPE_AMOUNT_MSAT))?,
            self.expiry.ok_or(TlvError::MissingRecord(TYPE_EXPIRY))?,
            self.note,
        ))
    }
}

/// The encoded length of the shared records.
fn common_len(transaction: &[u8], amount_msat: u64, expiry: u64, note: Option<&[u8]>) -> usize {
    let (_, amount_skip) = tu64(amount_msat);
    let (_, expiry_skip) = tu64(expiry);
    let n = record_len(TYPE_TRANSACTION, transaction.len())
        .saturating_add(record_len(
            TYPE_AMOUNT_MSAT,
            8usize.saturating_sub(amount_skip),
        ))
        .saturating_add(record_len(TYPE_EXPIRY, 8usize.saturating_sub(expiry_skip)));
    note.map_or(n, |note| {
        n.saturating_add(record_len(TYPE_NOTE, note.len()))
    })
}

/// [`PackageError::Expired`] once `now >= expiry`.
fn expiry_at(expiry: u64, now: u64) -> Result<(), PackageError> {
    if now >= expiry {
        Err(PackageError::Expired)
    } else {
        Ok(())
    }
}
